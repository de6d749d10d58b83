package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import java.util.List;
import java.util.Optional;

/**
 * A sequential specification: the object a history's operations act on, as a pure state machine.
 * The checker asks whether some order of the calls, consistent with real time, is a legal run of
 * it.
 *
 * <p>States must be immutable with value equality and hash codes: the checker memoizes on them.
 * Implementations must be pure and thread-safe.
 *
 * @param <S> the state type
 */
public interface Model<S> {
  /** The name the command line selects it by, e.g. {@code cas-register}. */
  String name();

  /** The state before the first call. */
  S initial();

  /**
   * The state after {@code call} takes effect in {@code state}, or empty if it cannot: its outcome
   * contradicts the state (a read that observed another value, a compare-and-set that succeeded
   * against a different one). {@code call} is never {@code :fail}; it may be indeterminate, in which
   * case only its effect, not its unknown result, may constrain it.
   */
  Optional<S> step(S state, Call call);

  /**
   * The calls the search must place: {@code calls} without some indeterminate ones whose presence
   * cannot change the verdict, which keeps the search small. The default keeps every call.
   * Implementations may only remove indeterminate calls, and only when the history with them is
   * linearizable exactly when the history without them is.
   */
  default List<Call> prune(List<Call> calls) {
    return calls;
  }
}
