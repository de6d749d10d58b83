package io.strongroom.audit;

/**
 * Pure Ed25519 (RFC 8032 section 5.1) with raw keys: a 32-byte private key (the RFC 8032 "seed"),
 * a 32-byte public key and a 64-byte signature, through BouncyCastle's low-level RFC 8032 code
 * ({@code org.bouncycastle.math.ec.rfc8032.Ed25519}). That code works on byte arrays directly, so
 * there are no key objects: a seed stays in an array its owner can zero. Its verification is many
 * times faster than the JDK 17 provider's, which matters for {@code audit verify}. The RFC 8032
 * vectors and the JDK cross-check in the tests pin that it computes the same keys and signatures.
 *
 * <p>Stateless and thread-safe.
 */
final class Ed25519 {
  static final int KEY_LENGTH = 32;
  static final int SIGNATURE_LENGTH = 64;

  static {
    if (org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE != KEY_LENGTH
        || org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE != KEY_LENGTH
        || org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE != SIGNATURE_LENGTH) {
      throw new IllegalStateException("unexpected BouncyCastle Ed25519 sizes");
    }
  }

  private Ed25519() {}

  /** The raw public key of the 32-byte {@code seed}. */
  static byte[] publicKey(byte[] seed) {
    checkSeed(seed);
    byte[] publicKey = new byte[KEY_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  /** The 64-byte signature of {@code message} under the 32-byte {@code seed} (deterministic). */
  static byte[] sign(byte[] seed, byte[] message) {
    checkSeed(seed);
    byte[] signature = new byte[SIGNATURE_LENGTH];
    org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} under the raw
   * {@code publicKey}. False, never an exception, for a wrong signature, for a key or signature of
   * the wrong length, and for a key or signature point that is not on the curve.
   */
  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != KEY_LENGTH || message == null
        || signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  private static void checkSeed(byte[] seed) {
    if (seed.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 private key (seed) is 32 bytes, was " + seed.length);
    }
  }
}
