package io.strongroom.storage.barrier;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The AES-GCM primitive under the barrier: the JCA {@code AES/GCM/NoPadding} (SunJCE, which uses
 * AES-NI and CLMUL intrinsics), 96-bit nonces, 128-bit tags. Checked against Wycheproof.
 *
 * <p>One {@link Cipher} per thread is reused: {@code Cipher.getInstance} costs more than sealing a
 * small value. Every call re-initialises it with its own key and nonce.
 */
final class AesGcm {

  static final int NONCE_BYTES = 12;
  static final int TAG_BYTES = 16;
  static final int KEY_BYTES = 32;

  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("this JVM has no AES/GCM/NoPadding", e);
    }
  });

  private AesGcm() {}

  /**
   * Encrypts {@code plaintext} into {@code out} at {@code outOffset} (ciphertext then tag, exactly
   * {@code plaintext.length + TAG_BYTES} bytes), authenticating the concatenation of {@code aads}.
   */
  static void encrypt(SecretKey key, byte[] nonce, byte[] plaintext, byte[] out, int outOffset, byte[]... aads) {
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      for (byte[] aad : aads) {
        cipher.updateAAD(aad);
      }
      int written = cipher.doFinal(plaintext, 0, plaintext.length, out, outOffset);
      if (written != plaintext.length + TAG_BYTES) {
        throw new IllegalStateException("AES-GCM wrote " + written + " bytes, expected " + (plaintext.length + TAG_BYTES));
      }
    } catch (InvalidAlgorithmParameterException e) {
      // SunJCE refuses a (key, nonce) pair equal to the previous encryption's: a nonce repeat.
      throw new IllegalStateException("AES-GCM refused the nonce (repeated nonce under one key)", e);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("AES-GCM rejected a " + KEY_BYTES * 8 + "-bit key", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts {@code input[offset, offset+length)} (ciphertext then tag), checking the tag over the
   * concatenation of {@code aads}. Returns the plaintext, owned by the caller.
   */
  static byte[] decrypt(SecretKey key, byte[] nonce, byte[] input, int offset, int length, byte[]... aads)
      throws DecryptionFailedException {
    if (length < TAG_BYTES) {
      throw new DecryptionFailedException();
    }
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
      for (byte[] aad : aads) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new DecryptionFailedException();
    }
  }
}
