package io.strongroom.audit;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The public half of a cluster's audit signing key: what an auditor needs, with the exported log,
 * to check checkpoint signatures. Immutable and thread-safe.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> Text form: {@code ed25519:} followed by the standard
 * base64 (with padding) of the 32-byte RFC 8032 public key, 52 characters in all, e.g.
 * {@code ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=}. The key id is the first 8 bytes of
 * SHA-256 over the 32 raw bytes, as 16 lower-case hex characters.
 *
 * <p>Any 32 bytes are accepted as a key; 32 bytes that are not a valid curve point (which no
 * signer can have) make every signature fail to verify rather than raise an error.
 */
public final class AuditPublicKey {
  static final String PREFIX = "ed25519:";
  static final int KEY_ID_BYTES = 8;

  private final byte[] raw;
  private final String keyId;

  private AuditPublicKey(byte[] raw) {
    this.raw = raw;
    this.keyId = Hex.encode(Arrays.copyOf(Sha256.newDigest().digest(raw), KEY_ID_BYTES));
  }

  /**
   * Copies 32 raw public key bytes.
   *
   * @throws AuditKeyException if {@code raw} is not 32 bytes
   */
  public static AuditPublicKey fromRaw(byte[] raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.length != Ed25519.KEY_LENGTH) {
      throw new AuditKeyException("an Ed25519 public key is 32 bytes, was " + raw.length);
    }
    return new AuditPublicKey(raw.clone());
  }

  /**
   * Reads the text form {@code ed25519:<base64>}; surrounding white space is ignored.
   *
   * @throws AuditKeyException naming what is wrong with {@code text}
   */
  public static AuditPublicKey parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (!t.startsWith(PREFIX)) {
      throw new AuditKeyException(
          "an audit public key must start with '" + PREFIX + "', was '" + Text.excerpt(t) + "'");
    }
    String body = t.substring(PREFIX.length());
    byte[] raw = Ed25519Signature.decodeCanonical(body);
    if (raw == null) {
      throw new AuditKeyException("audit public key: '" + Text.excerpt(body) + "' is not canonical base64");
    }
    if (raw.length != Ed25519.KEY_LENGTH) {
      throw new AuditKeyException("audit public key: an Ed25519 public key is 32 bytes, this one is " + raw.length);
    }
    return new AuditPublicKey(raw);
  }

  /** A copy of the 32 raw bytes. */
  public byte[] raw() {
    return raw.clone();
  }

  /** Short fingerprint naming this key in checkpoints: 16 lower-case hex characters. */
  public String keyId() {
    return keyId;
  }

  /**
   * Whether {@code checkpoint} names this key and its signature verifies under it. Safe from any
   * thread.
   */
  public boolean verifies(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    return checkpoint.keyId().equals(keyId)
        && verifies(checkpoint.signedMessage(), checkpoint.signature().bytes());
  }

  /**
   * Whether {@code signature} is a valid Ed25519 signature of {@code message} under this key; false
   * (never an exception) for any wrong signature, and for every signature if this key is not a
   * curve point.
   */
  boolean verifies(byte[] message, byte[] signature) {
    return Ed25519.verify(raw, message, signature);
  }

  /** The text form {@code ed25519:<base64>}. */
  @Override
  public String toString() {
    return PREFIX + Base64.getEncoder().encodeToString(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditPublicKey other && MessageDigest.isEqual(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }
}
