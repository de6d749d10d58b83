package io.strongroom.client;

import java.util.Objects;

/**
 * Where a node's root token generation stands. Immutable.
 *
 * @param inProgress false when none runs on the node (every other field is then empty or 0)
 * @param nonce the nonce every submission must name
 * @param threshold how many shares are needed
 * @param shares how many shares exist
 * @param progress valid shares so far
 */
public record GenerateRootProgress(boolean inProgress, String nonce, int threshold, int shares, int progress)
    implements GenerateRootResult {

  /** Checks that nothing is null. */
  public GenerateRootProgress {
    Objects.requireNonNull(nonce, "nonce");
  }
}
