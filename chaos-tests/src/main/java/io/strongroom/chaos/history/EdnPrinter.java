package io.strongroom.chaos.history;

import java.util.Iterator;
import java.util.Map;

/**
 * Prints {@link Edn} values as EDN text that {@link EdnReader} reads back to equal values. Strings
 * and characters use only escapes both EDN and Clojure readers accept. Stateless and thread-safe.
 */
final class EdnPrinter {
  private EdnPrinter() {}

  static String print(Edn value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  static void append(StringBuilder sb, Edn value) {
    if (value instanceof Edn.Real r) {
      appendReal(sb, r.value());
    } else if (value instanceof Edn.Str s) {
      appendString(sb, s.value());
    } else if (value instanceof Edn.Char c) {
      appendChar(sb, c.codePoint());
    } else if (value instanceof Edn.Vec v) {
      appendAll(sb, "[", v.items().iterator(), "]");
    } else if (value instanceof Edn.Lst l) {
      appendAll(sb, "(", l.items().iterator(), ")");
    } else if (value instanceof Edn.SetOf s) {
      appendAll(sb, "#{", s.items().iterator(), "}");
    } else if (value instanceof Edn.MapOf m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<Edn, Edn> e : m.entries().entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        append(sb, e.getKey());
        sb.append(' ');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof Edn.Tagged t) {
      sb.append('#').append(t.tag()).append(' ');
      append(sb, t.value());
    } else {
      // nil, booleans, integers, keywords and symbols print themselves.
      sb.append(value);
    }
  }

  private static void appendAll(StringBuilder sb, String open, Iterator<Edn> items, String close) {
    sb.append(open);
    while (items.hasNext()) {
      append(sb, items.next());
      if (items.hasNext()) {
        sb.append(' ');
      }
    }
    sb.append(close);
  }

  private static void appendReal(StringBuilder sb, double d) {
    if (Double.isNaN(d)) {
      sb.append("##NaN");
    } else if (Double.isInfinite(d)) {
      sb.append(d > 0 ? "##Inf" : "##-Inf");
    } else {
      // Double.toString gives "1.0", "1.0E10", "1.0E-5": all valid EDN floats.
      sb.append(d);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f || isLoneSurrogate(s, i)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static void appendChar(StringBuilder sb, int cp) {
    switch (cp) {
      case '\n' -> sb.append("\\newline");
      case '\r' -> sb.append("\\return");
      case ' ' -> sb.append("\\space");
      case '\t' -> sb.append("\\tab");
      case '\f' -> sb.append("\\formfeed");
      case '\b' -> sb.append("\\backspace");
      default -> {
        if (cp < 0x20 || cp == 0x7f || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
          sb.append(String.format("\\u%04x", cp));
        } else {
          sb.append('\\').appendCodePoint(cp);
        }
      }
    }
  }
}
