package io.strongroom.unseal;

import java.util.Objects;

/**
 * One ceremony step, as data for the audit log: which ceremony and step, which holder (share
 * index; 0 when no share was involved or its index could not be read), the outcome, and the
 * progress after the step. It never holds share material, keys or tokens; {@code detail} is the
 * refusal message (which names indices, key set ids and states only) or empty.
 *
 * <p>Events carry no time: the audit layer stamps them with the leader time it commits them under.
 *
 * @param ceremony the ceremony
 * @param step the step within it, e.g. {@code "submit"}, {@code "reset"}, {@code "complete"}
 * @param outcome what happened
 * @param holderIndex the share index involved, or 0
 * @param progress valid shares counted so far in this ceremony (after this step)
 * @param threshold shares needed
 * @param detail the refusal reason, or empty
 */
public record CeremonyEvent(
    Ceremony ceremony, String step, Outcome outcome, int holderIndex, int progress, int threshold, String detail) {

  /** The ceremonies. */
  public enum Ceremony {
    INIT, UNSEAL, AUTO_UNSEAL, SEAL, REKEY, ROTATE, GENERATE_ROOT, CLOSE
  }

  /** The outcome of one step. */
  public enum Outcome {
    /** The step was taken; the ceremony goes on. */
    ACCEPTED,
    /** The ceremony finished and its effect is in place. */
    COMPLETED,
    /** The step was refused; nothing changed. */
    REJECTED,
    /** The ceremony was abandoned (reset or cancel). */
    CANCELLED
  }

  public CeremonyEvent {
    Objects.requireNonNull(ceremony, "ceremony");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }
}
