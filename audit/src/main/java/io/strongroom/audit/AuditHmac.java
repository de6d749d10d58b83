package io.strongroom.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * HMAC-SHA256 (RFC 2104) of audit values under the cluster audit key, so the log names a path or
 * an accessor without revealing it. Whoever holds the key can test a guess ("was {@code app/db}
 * read?") with {@link #matches}; nobody else learns anything but equality between entries.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@code hmac(v)} is {@code "hmac-sha256:"} followed
 * by the 64 lower-case hex characters of {@code HMAC-SHA256(key, UTF-8(v))}. The same value gives
 * the same HMAC in every field, on purpose: that is what makes a path searchable across the log.
 *
 * <p>Thread-safe. {@link #toString()} never shows the key. {@link #destroy()} zeroes this object's
 * copy of the key and refuses further use (the JCE's internal copies cannot be zeroed from here).
 */
public final class AuditHmac implements Destroyable {
  /** The audit key must be at least as long as the hash: 32 bytes. */
  public static final int MIN_KEY_LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private final Mac prototype;
  private volatile boolean destroyed;

  private AuditHmac(byte[] key) {
    this.key = key;
    try {
      this.prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(key, ALGORITHM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  /**
   * An HMAC under {@code key} (copied; the caller keeps and should zero its array).
   *
   * @throws AuditKeyException if {@code key} is shorter than 32 bytes
   */
  public static AuditHmac withKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_LENGTH) {
      throw new AuditKeyException("the audit HMAC key must be at least 32 bytes, was " + key.length);
    }
    return new AuditHmac(key.clone());
  }

  /** {@code hmac-sha256:<64 hex>} of the UTF-8 bytes of {@code value}. */
  public String hmac(String value) {
    Objects.requireNonNull(value, "value");
    return FieldRules.HMAC_PREFIX + Hex.encode(mac(value));
  }

  /**
   * Whether {@code hmacText} is the HMAC of {@code value}, compared in constant time. False (never
   * an exception) for text that is not in the {@code hmac-sha256:} form, or null.
   */
  public boolean matches(String value, String hmacText) {
    Objects.requireNonNull(value, "value");
    byte[] expected = new byte[Hash.LENGTH];
    boolean wellFormed = hmacText != null && FieldRules.isHmac(hmacText)
        && Hex.decode(hmacText, FieldRules.HMAC_PREFIX.length(), expected);
    byte[] actual = mac(value);
    return MessageDigest.isEqual(actual, expected) & wellFormed;
  }

  private byte[] mac(String value) {
    if (destroyed) {
      throw new IllegalStateException("the audit HMAC key has been destroyed");
    }
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      mac = fresh();
    }
    return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
  }

  private Mac fresh() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "AuditHmac[destroyed]" : "AuditHmac[key redacted]";
  }
}
