package io.strongroom.crypto;

import java.util.Objects;

/**
 * A key holder's public keys, registered with the cluster: an X25519 key that shares are sealed to
 * ({@link ShareSealer}) and an Ed25519 key that verifies their approvals ({@link ApprovalVerifier}).
 *
 * @param encryptionKey the 32-byte X25519 public key (RFC 7748)
 * @param signingKey the 32-byte Ed25519 public key (RFC 8032)
 */
public record HolderPublicKeys(Bytes encryptionKey, Bytes signingKey) {
  public HolderPublicKeys {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(signingKey, "signingKey");
    if (encryptionKey.length() != Primitives.KEY_LENGTH) {
      throw new IllegalArgumentException("encryption key must be 32 bytes, was " + encryptionKey.length());
    }
    if (signingKey.length() != Primitives.KEY_LENGTH) {
      throw new IllegalArgumentException("signing key must be 32 bytes, was " + signingKey.length());
    }
  }
}
