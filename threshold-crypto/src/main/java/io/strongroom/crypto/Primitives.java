package io.strongroom.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Thin wrappers over BouncyCastle: AES-256-GCM, X25519 and Ed25519 key derivation, Ed25519. */
final class Primitives {
  static final int GCM_NONCE_LENGTH = 12;
  static final int GCM_TAG_BITS = 128;
  static final int KEY_LENGTH = 32;
  static final int SIGNATURE_LENGTH = 64;

  private Primitives() {}

  static byte[] aesGcmEncrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(key), GCM_TAG_BITS, nonce, aad));
    byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
    int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      gcm.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM encryption cannot fail", e);
    }
    return out;
  }

  /** The plaintext (caller owns and zeroes it), or null if authentication fails. */
  static byte[] aesGcmDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(false, new AEADParameters(new KeyParameter(key), GCM_TAG_BITS, nonce, aad));
    byte[] out = new byte[gcm.getOutputSize(ciphertext.length)];
    try {
      int n = gcm.processBytes(ciphertext, 0, ciphertext.length, out, 0);
      gcm.doFinal(out, n);
      return out;
    } catch (InvalidCipherTextException e) {
      SecretBytes.zero(out);
      return null;
    }
  }

  static byte[] x25519PublicKey(byte[] privateKey) {
    return new X25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
  }

  static byte[] ed25519PublicKey(byte[] seed) {
    return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
  }

  /** Pure Ed25519 (RFC 8032 section 5.1) of {@code message} under the 32-byte {@code seed}. */
  static byte[] ed25519Sign(byte[] seed, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** False for a bad signature and for a public key that is not a valid point encoding. */
  static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519PublicKeyParameters pk;
    try {
      pk = new Ed25519PublicKeyParameters(publicKey, 0);
    } catch (IllegalArgumentException e) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, pk);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }
}
