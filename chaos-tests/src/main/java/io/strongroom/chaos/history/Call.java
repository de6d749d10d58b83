package io.strongroom.chaos.history;

import java.util.Objects;
import java.util.Optional;

/**
 * An invocation together with its completion, if the history has one: what a linearizability
 * checker places on the timeline. Positions are indices into {@link History#ops()} of the history
 * that made this call.
 *
 * @param invokedAt position of {@code invocation}
 * @param completedAt position of {@code completion}, or {@link #NEVER} when the history has none
 */
public record Call(Op invocation, int invokedAt, Optional<Op> completion, int completedAt) {
  /** {@link #completedAt()} of a call the history never completes. */
  public static final int NEVER = Integer.MAX_VALUE;

  public Call {
    Objects.requireNonNull(invocation, "invocation");
    Objects.requireNonNull(completion, "completion");
    if (invocation.type() != OpType.INVOKE) {
      throw new IllegalArgumentException("a call starts with an invocation, was " + invocation);
    }
    if (completion.isPresent() != (completedAt != NEVER) || completedAt <= invokedAt || invokedAt < 0) {
      throw new IllegalArgumentException(
          "positions must satisfy 0 <= invokedAt < completedAt, was " + invokedAt + ", " + completedAt);
    }
    completion.ifPresent(c -> {
      if (!c.type().isCompletion() || c.process() != invocation.process() || c.f() != invocation.f()
          || !c.key().equals(invocation.key())) {
        throw new IllegalArgumentException(c + " does not complete " + invocation);
      }
    });
  }

  /** {@code OK}, {@code FAIL}, or {@code INFO} for an indeterminate call (including one never completed). */
  public OpType outcome() {
    return completion.map(Op::type).orElse(OpType.INFO);
  }

  /** Whether the call may or may not have taken effect: completed {@code :info}, or not completed. */
  public boolean isIndeterminate() {
    return outcome() == OpType.INFO;
  }

  public long process() {
    return invocation.process();
  }

  public OpFunction f() {
    return invocation.f();
  }

  public Optional<Edn> key() {
    return invocation.key();
  }

  /**
   * The value that says what the call did: for a read completed {@code :ok}, the value it observed;
   * otherwise the invocation's (a write's value, a compare-and-set's {@code [expected new]}).
   */
  public Edn value() {
    if (f() == OpFunction.READ && outcome() == OpType.OK) {
      return completion.orElseThrow().value();
    }
    return invocation.value();
  }

  /**
   * e.g. {@code process 3 :cas [1 2] :ok (index 17 to 21)}; a read that did not complete {@code :ok}
   * shows no value.
   */
  @Override
  public String toString() {
    String end = completion.map(c -> " to " + c.index()).orElse(", never completed");
    String value = f() == OpFunction.READ && outcome() != OpType.OK ? "" : " " + value();
    return "process " + process() + " :" + f().keyword() + value + " :" + outcome().keyword()
        + " (index " + invocation.index() + end + ")";
  }
}
