package io.strongroom.chaos.history;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable EDN value (<a href="https://github.com/edn-format/edn">edn-format</a>): what an
 * operation carries in {@code :value}, {@code :key} and {@code :error}, and what a register holds.
 *
 * <p>Equality is structural and follows EDN: {@code 1} and {@code 1N} are the same integer, maps and
 * sets ignore order, a vector never equals a list. {@link #toString()} prints the value as EDN that
 * reads back to an equal value ({@link Real} prints the nearest double).
 *
 * <p>Collections are copied on construction and unmodifiable; maps and sets keep their insertion
 * order for printing. The nested names avoid {@code java.util}'s ({@link Vec}, {@link Lst},
 * {@link MapOf}, {@link SetOf}).
 */
public sealed interface Edn
    permits Edn.Nil, Edn.Bool, Edn.Int, Edn.Real, Edn.Str, Edn.Char, Edn.Keyword, Edn.Symbol,
        Edn.Vec, Edn.Lst, Edn.MapOf, Edn.SetOf, Edn.Tagged {

  /** {@code nil}. */
  Nil NIL = new Nil();

  /**
   * Reads {@code text} as exactly one EDN value, e.g. {@code "0"}, {@code "\"a\""}, {@code ":x"},
   * {@code "[1 2]"}.
   *
   * @throws HistoryFormatException if {@code text} is not one well-formed EDN value
   */
  static Edn parse(String text) {
    return EdnReader.readOne(Objects.requireNonNull(text, "text"));
  }

  /** An integer. */
  static Int of(long value) {
    return new Int(BigInteger.valueOf(value));
  }

  /** A string. */
  static Str of(String value) {
    return new Str(value);
  }

  /** A keyword; {@code name} is written without the colon, e.g. {@code keyword("read")}. */
  static Keyword keyword(String name) {
    return new Keyword(name);
  }

  /** A vector of {@code items}. */
  static Vec vector(Edn... items) {
    return new Vec(List.of(items));
  }

  /** The items of a vector or a list; empty for any other value. */
  default Optional<List<Edn>> asSequence() {
    if (this instanceof Vec v) {
      return Optional.of(v.items());
    }
    if (this instanceof Lst l) {
      return Optional.of(l.items());
    }
    return Optional.empty();
  }

  /** {@code nil}; every instance equals {@link Edn#NIL}. */
  record Nil() implements Edn {
    @Override
    public String toString() {
      return "nil";
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Edn {
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** An integer of any size ({@code 42}, {@code -7}, {@code 123N}). */
  record Int(BigInteger value) implements Edn {
    public Int {
      Objects.requireNonNull(value, "value");
    }

    /**
     * The value as a {@code long}.
     *
     * @throws ArithmeticException if it does not fit
     */
    public long longValueExact() {
      return value.longValueExact();
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /**
   * A floating-point number ({@code 1.5}, {@code 2e10}, {@code 1.5M}, {@code ##Inf}, {@code ##NaN}),
   * held as the nearest {@code double}; {@code M} (exact decimal) is not kept.
   */
  record Real(double value) implements Edn {
    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A string. */
  record Str(String value) implements Edn {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A character ({@code \a}, {@code \newline}, {@code \space}, ...), as a Unicode code point. */
  record Char(int codePoint) implements Edn {
    public Char {
      if (!Character.isValidCodePoint(codePoint)) {
        throw new IllegalArgumentException("not a Unicode code point: " + codePoint);
      }
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A keyword; {@code name} has no leading colon and may carry a namespace ({@code "jepsen/op"}). */
  record Keyword(String name) implements Edn {
    public Keyword {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.startsWith(":")) {
        throw new IllegalArgumentException(
            "keyword name must be non-empty without a leading colon, was \"" + name + "\"");
      }
    }

    @Override
    public String toString() {
      return ":" + name;
    }
  }

  /** A symbol ({@code foo}, {@code jepsen.history/Op}). */
  record Symbol(String name) implements Edn {
    public Symbol {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("symbol name must be non-empty");
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A vector {@code [a b c]}. */
  record Vec(List<Edn> items) implements Edn {
    public Vec {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A list {@code (a b c)}. */
  record Lst(List<Edn> items) implements Edn {
    public Lst {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A map {@code {k v, k v}}; iteration follows insertion order, equality ignores it. */
  record MapOf(Map<Edn, Edn> entries) implements Edn {
    public MapOf {
      Map<Edn, Edn> copy = new LinkedHashMap<>();
      entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
      entries = Collections.unmodifiableMap(copy);
    }

    /** The value under keyword {@code :name}, if present. */
    public Optional<Edn> get(String keywordName) {
      return Optional.ofNullable(entries.get(new Keyword(keywordName)));
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A set {@code #{a b}}; iteration follows insertion order, equality ignores it. */
  record SetOf(Set<Edn> items) implements Edn {
    public SetOf {
      Set<Edn> copy = new LinkedHashSet<>();
      for (Edn item : items) {
        copy.add(Objects.requireNonNull(item, "item"));
      }
      items = Collections.unmodifiableSet(copy);
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }

  /** A tagged literal {@code #tag value}, kept as read: no tag is interpreted. */
  record Tagged(String tag, Edn value) implements Edn {
    public Tagged {
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(value, "value");
      if (tag.isEmpty() || !Character.isLetter(tag.charAt(0))) {
        throw new IllegalArgumentException("tag must start with a letter, was \"" + tag + "\"");
      }
    }

    @Override
    public String toString() {
      return EdnPrinter.print(this);
    }
  }
}
