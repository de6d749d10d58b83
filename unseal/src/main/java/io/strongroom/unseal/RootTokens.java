package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Root tokens and their protection on the way out of the node.
 *
 * <p><b>IMPORTANT: compatibility contract.</b>
 * <ul>
 *   <li>A token is {@code "sr."} followed by the base64url (no padding) form of 32 random bytes:
 *       46 characters. The cluster stores only {@code SHA-256(token as UTF-8)} and compares hashes in
 *       constant time.</li>
 *   <li>One-time pad: the pad is 32 random bytes written as 43 base64url characters; the encoded
 *       token is base64url(token bytes XOR pad), where the token bytes are the 32 random bytes.</li>
 *   <li>HPKE: RFC 9180 mode_base, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, info =
 *       {@code "strongroom/root-token/v1"}, empty aad; the encoded token is base64url(0x01 | enc (32)
 *       | ciphertext (32 + 16)).</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Returned strings belong to the caller; a Java string cannot be
 * wiped, so show a token and drop it.
 */
public final class RootTokens {
  /** The prefix of every token. */
  public static final String PREFIX = "sr.";
  static final int TOKEN_BYTES = 32;
  private static final byte[] HPKE_INFO = "strongroom/root-token/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int HPKE_VERSION = 1;
  private static final int ENC_LENGTH = 32;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private RootTokens() {}

  /** A fresh one-time pad for {@link TokenProtection.Otp}; the requester keeps it to decode the token. */
  public static String newOtp(SecureRandom random) {
    byte[] pad = new byte[TOKEN_BYTES];
    random.nextBytes(pad);
    try {
      return B64.encodeToString(pad);
    } finally {
      SecretBytes.zero(pad);
    }
  }

  /**
   * Decodes a token encoded under a one-time pad.
   *
   * @throws IllegalArgumentException if either argument is not 43 base64url characters
   */
  public static String decodeOtp(String encodedToken, String otp) {
    byte[] enc = decode32(encodedToken, "encoded token");
    byte[] pad = decode32(otp, "otp");
    try {
      for (int i = 0; i < TOKEN_BYTES; i++) {
        enc[i] ^= pad[i];
      }
      return PREFIX + B64.encodeToString(enc);
    } finally {
      SecretBytes.zero(enc);
      SecretBytes.zero(pad);
    }
  }

  /**
   * Opens a token sealed with HPKE to the requester's X25519 key.
   *
   * @throws IllegalArgumentException "decryption failed" if these are not the recipient's keys or
   *     the encoded token was changed; "encoded token is malformed" if it does not parse
   */
  public static String openSealed(String encodedToken, HolderPrivateKeys recipient) {
    Objects.requireNonNull(encodedToken, "encodedToken");
    Objects.requireNonNull(recipient, "recipient");
    byte[] in;
    try {
      in = B64D.decode(encodedToken);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("encoded token is malformed");
    }
    if (in.length != 1 + ENC_LENGTH + TOKEN_BYTES + 16 || in[0] != HPKE_VERSION) {
      throw new IllegalArgumentException("encoded token is malformed");
    }
    HPKE hpke = suite();
    byte[] sk = recipient.encryptionKey().toByteArray();
    byte[] plain = null;
    try {
      AsymmetricCipherKeyPair pair =
          hpke.deserializePrivateKey(sk, recipient.publicKeys().encryptionKey().toByteArray());
      byte[] enc = java.util.Arrays.copyOfRange(in, 1, 1 + ENC_LENGTH);
      HPKEContext ctx = hpke.setupBaseR(enc, pair, HPKE_INFO);
      plain = ctx.open(new byte[0], java.util.Arrays.copyOfRange(in, 1 + ENC_LENGTH, in.length));
      return PREFIX + B64.encodeToString(plain);
    } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("decryption failed");
    } finally {
      SecretBytes.zero(sk);
      SecretBytes.zero(plain);
    }
  }

  /** 32 fresh random token bytes; the caller owns them. */
  static SecretBytes mint(SecureRandom random) {
    return SecretBytes.random(random, TOKEN_BYTES);
  }

  /** The token text of raw token bytes. */
  static String text(SecretBytes raw) {
    return raw.withBytes(b -> PREFIX + B64.encodeToString(b));
  }

  /** SHA-256 of the token text, the only form the cluster stores. */
  static Bytes hash(String token) {
    try {
      return Bytes.of(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** Encrypts raw token bytes for the requester. */
  static String protect(SecretBytes raw, TokenProtection protection, SecureRandom random) {
    if (protection instanceof TokenProtection.Otp otp) {
      byte[] pad = decode32(otp.otp(), "otp");
      byte[] out = raw.toByteArray();
      try {
        for (int i = 0; i < TOKEN_BYTES; i++) {
          out[i] ^= pad[i];
        }
        return B64.encodeToString(out);
      } finally {
        SecretBytes.zero(out);
        SecretBytes.zero(pad);
      }
    }
    TokenProtection.RecipientKey key = (TokenProtection.RecipientKey) protection;
    HPKE hpke = suite();
    X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(random);
    byte[] plain = raw.toByteArray();
    try {
      AsymmetricKeyParameter pkR = hpke.deserializePublicKey(key.x25519PublicKey().toByteArray());
      HPKEContextWithEncapsulation ctx = hpke.setupBaseS(pkR, HPKE_INFO,
          new AsymmetricCipherKeyPair(ephemeral.generatePublicKey(), ephemeral));
      byte[] ct = ctx.seal(new byte[0], plain);
      return B64.encodeToString(new Wire.Writer().u8(HPKE_VERSION).raw(ctx.getEncapsulation()).raw(ct).toByteArray());
    } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("recipient key is not a usable X25519 public key");
    } finally {
      SecretBytes.zero(plain);
    }
  }

  /** Checks a protection request before a ceremony starts. */
  static void check(TokenProtection protection) {
    Objects.requireNonNull(protection, "protection");
    if (protection instanceof TokenProtection.Otp otp) {
      SecretBytes.zero(decode32(otp.otp(), "otp"));
    } else if (((TokenProtection.RecipientKey) protection).x25519PublicKey().length() != 32) {
      throw new IllegalArgumentException("recipient key must be 32 bytes, was "
          + ((TokenProtection.RecipientKey) protection).x25519PublicKey().length());
    }
  }

  static String kind(TokenProtection protection) {
    return protection instanceof TokenProtection.Otp ? "otp" : "hpke";
  }

  private static byte[] decode32(String text, String what) {
    Objects.requireNonNull(text, what);
    byte[] b;
    try {
      b = B64D.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be 43 base64url characters (32 bytes)");
    }
    if (b.length != TOKEN_BYTES || text.length() != 43) {
      SecretBytes.zero(b);
      throw new IllegalArgumentException(what + " must be 43 base64url characters (32 bytes)");
    }
    return b;
  }

  private static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }
}
