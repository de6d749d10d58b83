package io.strongroom.chaos.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Random EDN values of every kind, including awkward strings, characters and floats; one seed drives all. */
final class EdnGen {
  private static final int[] CHARS = {'a', 'Z', '0', '(', ']', ',', ';', '"', '\\', '\n', ' ', '\t', '\f', '\b', '\r',
      0xe9, 0x01, 0x7f, 0x1F600};
  private static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25, 1e300, 1e-300, 123456.789, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE};
  private static final String NAME_PUNCTUATION = ".*+!-_?$%&=<>:#'";

  private EdnGen() {}

  static Edn value(Random r, int depth) {
    int kinds = depth <= 0 ? 8 : 13;
    switch (r.nextInt(kinds)) {
      case 0:
        return Edn.NIL;
      case 1:
        return new Edn.Bool(r.nextBoolean());
      case 2:
        return r.nextInt(4) == 0 ? new Edn.Int(new BigInteger(100, r).subtract(BigInteger.ONE.shiftLeft(99)))
            : Edn.of(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(21) - 10);
      case 3:
        return new Edn.Real(r.nextBoolean() ? DOUBLES[r.nextInt(DOUBLES.length)] : (r.nextDouble() - 0.5) * 1e6);
      case 4:
        return Edn.of(string(r));
      case 5:
        return new Edn.Char(CHARS[r.nextInt(CHARS.length)]);
      case 6:
        return Edn.keyword((r.nextBoolean() ? name(r) + "/" : "") + name(r));
      case 7:
        return new Edn.Symbol((r.nextInt(4) == 0 ? name(r) + "/" : "") + name(r));
      case 8:
        return new Edn.Vec(items(r, depth));
      case 9:
        return new Edn.Lst(items(r, depth));
      case 10: {
        Map<Edn, Edn> m = new LinkedHashMap<>();
        for (Edn k : items(r, depth)) {
          m.put(k, value(r, depth - 1));
        }
        return new Edn.MapOf(m);
      }
      case 11: {
        Set<Edn> s = new LinkedHashSet<>(items(r, depth));
        return new Edn.SetOf(s);
      }
      default:
        return new Edn.Tagged(name(r) + (r.nextBoolean() ? "/" + name(r) : ""), value(r, depth - 1));
    }
  }

  private static List<Edn> items(Random r, int depth) {
    List<Edn> items = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      items.add(value(r, depth - 1));
    }
    return items;
  }

  static String string(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(CHARS[r.nextInt(CHARS.length)]);
    }
    return sb.toString();
  }

  /** A symbol or keyword name that is not nil, true or false: a letter, then letters, digits, punctuation. */
  static String name(Random r) {
    StringBuilder sb = new StringBuilder();
    sb.append((char) ('a' + r.nextInt(26)));
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(3);
      if (kind == 0) {
        sb.append((char) ('a' + r.nextInt(26)));
      } else if (kind == 1) {
        sb.append((char) ('0' + r.nextInt(10)));
      } else {
        sb.append(NAME_PUNCTUATION.charAt(r.nextInt(NAME_PUNCTUATION.length())));
      }
    }
    String s = sb.toString();
    return s.equals("nil") || s.equals("true") || s.equals("false") ? s + "x" : s;
  }
}
