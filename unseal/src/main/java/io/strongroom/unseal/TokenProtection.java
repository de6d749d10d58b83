package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import java.util.Objects;

/**
 * How a root token minted by generate-root leaves the node: never in the clear, always encrypted
 * for the requester who started the ceremony.
 */
public sealed interface TokenProtection {

  /**
   * XOR with a one-time pad the requester chose ({@link RootTokens#newOtp}); the requester decodes
   * with {@link RootTokens#decodeOtp}. The pad is a secret: {@code toString} hides it.
   *
   * @param otp the pad, 43 base64url characters (32 bytes)
   */
  record Otp(String otp) implements TokenProtection {
    public Otp {
      Objects.requireNonNull(otp, "otp");
    }

    @Override
    public String toString() {
      return "Otp[redacted]";
    }
  }

  /**
   * HPKE (RFC 9180, X25519 / HKDF-SHA256 / AES-256-GCM) to the requester's X25519 public key, for
   * example its holder key; the requester opens it with {@link RootTokens#openSealed}.
   *
   * @param x25519PublicKey the requester's 32-byte X25519 public key
   */
  record RecipientKey(Bytes x25519PublicKey) implements TokenProtection {
    public RecipientKey {
      Objects.requireNonNull(x25519PublicKey, "x25519PublicKey");
    }
  }
}
