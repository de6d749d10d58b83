package io.strongroom.crypto;

/**
 * Authenticated decryption failed: wrong key, wrong passphrase, or tampered ciphertext. The message
 * says nothing more than that (and which share, when known), on purpose.
 */
public final class DecryptionFailedException extends ThresholdCryptoException {
  DecryptionFailedException(String message) {
    super(message);
  }
}
