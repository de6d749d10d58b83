package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.security.SecureRandom;

/**
 * An auto-unseal seal: a key outside the node (an HSM key) that wraps the root key, so the node can
 * unseal itself at start. {@link Pkcs11KeyWrapper} is the PKCS#11 implementation.
 *
 * <p>Implementations must be thread-safe. Any exception they throw reaches the lifecycle's caller
 * as an {@link HsmException}; messages must not contain key material.
 */
public interface RootKeyWrapper {
  /** Encrypts the root key (the caller keeps ownership of it); the result may be stored in the clear. */
  Bytes wrap(SecretBytes rootKey, SecureRandom random);

  /** Decrypts what {@link #wrap} made; the caller owns (and destroys) the result. */
  SecretBytes unwrap(Bytes wrapped);
}
