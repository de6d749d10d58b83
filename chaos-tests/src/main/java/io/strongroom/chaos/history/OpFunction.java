package io.strongroom.chaos.history;

import java.util.Locale;
import java.util.Optional;

/**
 * The operations of a compare-and-set register, Jepsen's {@code :f}. The {@code :value} each
 * carries: a read, the value it observed ({@code nil} when invoked); a write, the value written; a
 * compare-and-set, the vector {@code [expected new]}.
 */
public enum OpFunction {
  READ,
  WRITE,
  CAS;

  /** The EDN keyword name: {@code read}, {@code write} or {@code cas}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The function named by an EDN keyword name, if there is one. */
  public static Optional<OpFunction> fromKeyword(String name) {
    for (OpFunction f : values()) {
      if (f.keyword().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
