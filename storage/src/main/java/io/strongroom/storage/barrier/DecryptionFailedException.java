package io.strongroom.storage.barrier;

import java.security.GeneralSecurityException;

/**
 * A ciphertext did not decrypt: wrong key or term, wrong path, tampered or truncated bytes, unknown
 * format. The message is always just "decryption failed" and there is no cause, so callers cannot
 * leak which check failed.
 */
public final class DecryptionFailedException extends GeneralSecurityException {

  DecryptionFailedException() {
    super("decryption failed");
  }
}
