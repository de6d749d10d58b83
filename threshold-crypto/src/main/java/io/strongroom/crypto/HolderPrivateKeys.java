package io.strongroom.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A key holder's private keys with their public halves. Made by {@link HolderKeys#generate} or
 * {@link HolderKeys#open}; the caller owns them and should {@link #destroy()} them when done.
 *
 * @param encryptionKey the 32-byte X25519 private key
 * @param signingKey the 32-byte Ed25519 private key (the RFC 8032 seed)
 * @param publicKeys the matching public keys
 */
public record HolderPrivateKeys(SecretBytes encryptionKey, SecretBytes signingKey, HolderPublicKeys publicKeys)
    implements Destroyable {
  public HolderPrivateKeys {
    Objects.requireNonNull(encryptionKey, "encryptionKey");
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(publicKeys, "publicKeys");
    if (encryptionKey.length() != Primitives.KEY_LENGTH || signingKey.length() != Primitives.KEY_LENGTH) {
      throw new IllegalArgumentException("private keys must be 32 bytes");
    }
  }

  /** Zeroes both private keys. */
  @Override
  public void destroy() {
    encryptionKey.destroy();
    signingKey.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return encryptionKey.isDestroyed() && signingKey.isDestroyed();
  }
}
