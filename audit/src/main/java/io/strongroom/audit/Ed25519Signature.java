package io.strongroom.audit;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A 64-byte Ed25519 signature (RFC 8032), immutable and usable inside records. Text form: standard
 * base64 with padding (RFC 4648 section 4), 88 characters; the only form accepted back is the one
 * {@link #base64()} writes.
 */
public final class Ed25519Signature {
  public static final int LENGTH = Ed25519.SIGNATURE_LENGTH;

  private final byte[] bytes;

  private Ed25519Signature(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 64 bytes long
   */
  public static Ed25519Signature of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, was " + bytes.length);
    }
    return new Ed25519Signature(bytes.clone());
  }

  static Ed25519Signature wrap(byte[] bytes) {
    return new Ed25519Signature(bytes);
  }

  /**
   * Reads the base64 form.
   *
   * @throws AuditFormatException unless {@code text} is the canonical base64 of 64 bytes
   */
  public static Ed25519Signature fromBase64(String text) {
    Objects.requireNonNull(text, "text");
    byte[] decoded = decodeCanonical(text);
    if (decoded == null || decoded.length != LENGTH) {
      throw new AuditFormatException("a signature must be the base64 of 64 bytes (88 characters), was '"
          + Text.excerpt(text) + "'");
    }
    return new Ed25519Signature(decoded);
  }

  /** Strict base64: null unless {@code text} is exactly what encoding its bytes gives back. */
  static byte[] decodeCanonical(String text) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return Base64.getEncoder().encodeToString(decoded).equals(text) ? decoded : null;
  }

  /** A copy of the 64 bytes; the caller owns it. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  byte[] bytes() {
    return bytes;
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519Signature other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Same as {@link #base64()}. */
  @Override
  public String toString() {
    return base64();
  }
}
