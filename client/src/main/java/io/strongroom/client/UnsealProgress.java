package io.strongroom.client;

import java.util.Objects;

/**
 * Where a node stands in its unseal ceremony. Immutable.
 *
 * @param sealed whether the node is still sealed
 * @param threshold how many shares are needed
 * @param shares how many shares exist
 * @param progress how many valid shares the node holds so far
 * @param nonce identifies this unseal attempt; it changes when progress is reset
 */
public record UnsealProgress(boolean sealed, int threshold, int shares, int progress, String nonce) {

  /** Checks that nothing is null. */
  public UnsealProgress {
    Objects.requireNonNull(nonce, "nonce");
  }
}
