package io.strongroom.client;

import java.util.Objects;

/**
 * Where a node's rekey stands. Immutable.
 *
 * @param inProgress false when no rekey runs on the node (every other field is then empty or 0)
 * @param nonce the nonce the next submission must name: the rekey nonce while authorizing, the
 *     verification nonce while verifying
 * @param phase {@code AUTHORIZE} (current shares are collected) or {@code VERIFY} (new shares are
 *     handed back); empty when none runs
 * @param threshold shares needed in this phase
 * @param shares share count of the key set being collected from
 * @param progress valid shares so far in this phase
 * @param newShares share count of the key set being made
 * @param newThreshold threshold of the key set being made
 * @param verificationRequired whether the new shares take effect only after verification
 */
public record RekeyProgress(
    boolean inProgress,
    String nonce,
    String phase,
    int threshold,
    int shares,
    int progress,
    int newShares,
    int newThreshold,
    boolean verificationRequired) implements RekeyResult {

  /** Checks that nothing is null. */
  public RekeyProgress {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(phase, "phase");
  }
}
