package io.strongroom.storage.barrier;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.security.SecureRandom;

/**
 * Authenticated encryption bound to a storage path: what the KV edge needs from a barrier. The
 * {@link Barrier} implements it; a node passes its seal lifecycle's view, which refuses while the
 * node is sealed.
 */
public interface Sealer {
  /** Encrypts {@code plaintext} for {@code path}; the array is not modified or retained. */
  Bytes seal(String path, byte[] plaintext, SecureRandom random);

  /**
   * Decrypts a value sealed for {@code path}; the caller owns (and should destroy) the result.
   *
   * @throws DecryptionFailedException if the path, key term or any byte does not match
   */
  SecretBytes open(String path, Bytes ciphertext) throws DecryptionFailedException;
}
