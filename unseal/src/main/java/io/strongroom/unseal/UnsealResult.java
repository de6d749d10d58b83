package io.strongroom.unseal;

import io.strongroom.crypto.KeySetId;

/** What one unseal step achieved. */
public sealed interface UnsealResult {

  /**
   * More shares are needed.
   *
   * @param threshold shares needed (k)
   * @param shares shares in the key set (n)
   * @param progress valid shares submitted so far in this attempt
   * @param nonce names this attempt; empty when no attempt is running
   */
  record Progress(int threshold, int shares, int progress, String nonce) implements UnsealResult {}

  /**
   * The node is unsealed.
   *
   * @param keySet the key set whose shares unsealed it (for pkcs11, the recovery key set)
   * @param activeTerm the keyring term new writes use
   */
  record Unsealed(KeySetId keySet, int activeTerm) implements UnsealResult {}
}
