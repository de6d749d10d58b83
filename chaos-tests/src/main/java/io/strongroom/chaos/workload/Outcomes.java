package io.strongroom.chaos.workload;

import io.strongroom.client.CasMismatchException;
import io.strongroom.client.StrongroomException;
import io.strongroom.client.UnavailableException;
import java.util.Locale;

/**
 * How a client exception completes an operation, per Jepsen: {@code :fail} only when the operation
 * certainly did not take effect, {@code :info} (indeterminate) otherwise.
 *
 * <p>For a write, only {@link CasMismatchException} is definite: the node decides a compare-and-set
 * at apply time and a retried request id is answered with its first outcome, so a mismatch means
 * nothing was written. Every other error may follow an earlier attempt of the same call that timed
 * out after reaching the leader (the client retries with the same request id), so it is
 * {@code :info}: a timeout, a lost connection (the client gives up on those with
 * {@link UnavailableException}), UNAVAILABLE, and even SEALED or NOT_LEADER.
 *
 * <p>A read changes nothing, so its outcome matters only when {@code :ok}; its errors are recorded
 * {@code :info} for timeouts and lost connections and {@code :fail} for answers.
 */
public final class Outcomes {
  private Outcomes() {}

  /** Whether a write that failed with {@code e} certainly did not take effect. */
  public static boolean definiteWriteFailure(RuntimeException e) {
    return e instanceof CasMismatchException;
  }

  /** Whether a read that failed with {@code e} got an answer (rather than a timeout or lost connection). */
  public static boolean definiteReadFailure(RuntimeException e) {
    return e instanceof StrongroomException && !(e instanceof UnavailableException);
  }

  /** A keyword-safe name for the error: {@code cas-mismatch}, {@code unavailable}, {@code transport}... */
  public static String name(RuntimeException e) {
    String simple = e.getClass().getSimpleName().replace("Exception", "");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < simple.length(); i++) {
      char c = simple.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('-');
      }
      sb.append(Character.toLowerCase(c));
    }
    String name = sb.toString().toLowerCase(Locale.ROOT);
    return name.isEmpty() ? "error" : name;
  }
}
