package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The {@code seal "pkcs11"} auto-unseal: an AES-256 key that never leaves the HSM wraps the root key
 * with AES-GCM, through the JDK's SunPKCS11 provider (tested against SoftHSM2).
 *
 * <p><b>IMPORTANT: compatibility contract.</b> Wrapped root key, version 1, 61 bytes:
 * {@code u8 version = 1 | nonce (12, random) | AES-256-GCM ciphertext of the 32-byte root key with
 * its 16-byte tag}, aad = {@code "strongroom/hsm-root-key/v1"}.
 *
 * <p>Thread-safe: each call gets its own {@link Cipher}. The PIN is used once to log in and not kept.
 */
public final class Pkcs11KeyWrapper implements RootKeyWrapper {
  private static final byte[] AAD = "strongroom/hsm-root-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int NONCE = 12;
  private static final int KEY = 32;
  private static final int WRAPPED_LENGTH = 1 + NONCE + KEY + 16;

  private final Provider provider;
  private final SecretKey key;
  private final String alias;

  private Pkcs11KeyWrapper(Provider provider, SecretKey key, String alias) {
    this.provider = provider;
    this.key = key;
    this.alias = alias;
  }

  /**
   * Configures the JDK's SunPKCS11 provider with a provider configuration file ({@code name},
   * {@code library}, {@code slotListIndex} or {@code slot}). Each call makes a new provider instance;
   * configure once per library and process.
   *
   * @throws HsmException if the JDK has no SunPKCS11 or the library cannot be loaded
   */
  public static Provider configureSunPkcs11(Path providerConfig) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new HsmException("this JVM has no SunPKCS11 provider");
    }
    try {
      return base.configure(providerConfig.toString());
    } catch (RuntimeException e) {
      throw new HsmException("cannot configure SunPKCS11 with " + providerConfig + ": " + e.getMessage(), e);
    }
  }

  /**
   * Logs in to the token and finds the wrapping key {@code keyAlias}; if it is missing and
   * {@code generateIfMissing}, generates an AES-256 key inside the token and stores it under that
   * alias (like Vault's {@code generate_key = "true"}).
   *
   * @param pin the user PIN; the caller owns the array and should overwrite it
   * @throws HsmException if login fails or the key is missing and may not be generated
   */
  public static Pkcs11KeyWrapper open(Provider provider, char[] pin, String keyAlias, boolean generateIfMissing) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(keyAlias, "keyAlias");
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, pin);
      Key k = ks.getKey(keyAlias, null);
      if (k == null) {
        if (!generateIfMissing) {
          throw new HsmException("HSM key '" + keyAlias + "' not found");
        }
        KeyGenerator gen = KeyGenerator.getInstance("AES", provider);
        gen.init(KEY * 8);
        SecretKey fresh = gen.generateKey();
        ks.setEntry(keyAlias, new KeyStore.SecretKeyEntry(fresh), null);
        k = ks.getKey(keyAlias, null);
      }
      if (!(k instanceof SecretKey secret) || !"AES".equalsIgnoreCase(k.getAlgorithm())) {
        throw new HsmException("HSM key '" + keyAlias + "' is not an AES key");
      }
      return new Pkcs11KeyWrapper(provider, secret, keyAlias);
    } catch (IOException | GeneralSecurityException e) {
      throw new HsmException("cannot open HSM key '" + keyAlias + "': " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public Bytes wrap(SecretBytes rootKey, SecureRandom random) {
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] plain = rootKey.toByteArray();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(AAD);
      byte[] ct = c.doFinal(plain);
      return Bytes.of(new Wire.Writer().u8(VERSION).raw(nonce).raw(ct).toByteArray());
    } catch (GeneralSecurityException e) {
      throw new HsmException("HSM could not wrap the root key with key '" + alias + "'", e);
    } finally {
      SecretBytes.zero(plain);
    }
  }

  @Override
  public SecretBytes unwrap(Bytes wrapped) {
    byte[] in = wrapped.toByteArray();
    if (in.length != WRAPPED_LENGTH || in[0] != VERSION) {
      throw new HsmException("HSM-wrapped root key is malformed");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOfRange(in, 1, 1 + NONCE)));
      c.updateAAD(AAD);
      return SecretBytes.adopt(c.doFinal(in, 1 + NONCE, in.length - 1 - NONCE));
    } catch (GeneralSecurityException e) {
      // No cause: which check failed is nobody's business.
      throw new HsmException("HSM could not unwrap the root key with key '" + alias + "': decryption failed");
    }
  }

  @Override
  public String toString() {
    return "Pkcs11KeyWrapper[provider=" + provider.getName() + ", key=" + alias + "]";
  }
}
