package io.strongroom.chaos.history;

import java.util.Locale;
import java.util.Optional;

/**
 * What an event in a history says, as in Jepsen: a client {@link #INVOKE}s an operation, then
 * learns that it took effect ({@link #OK}), that it certainly did not ({@link #FAIL}), or nothing
 * certain ({@link #INFO}: a timeout, a dropped connection). An {@code INFO} operation may take effect
 * at any time after its invocation, or never.
 */
public enum OpType {
  INVOKE,
  OK,
  FAIL,
  INFO;

  /** The EDN keyword name: {@code invoke}, {@code ok}, {@code fail} or {@code info}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named by an EDN keyword name, if there is one. */
  public static Optional<OpType> fromKeyword(String name) {
    for (OpType t : values()) {
      if (t.keyword().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether this type completes an invocation ({@code OK}, {@code FAIL} or {@code INFO}). */
  public boolean isCompletion() {
    return this != INVOKE;
  }
}
