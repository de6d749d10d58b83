package io.strongroom.audit;

import java.util.Arrays;
import java.util.Objects;

/**
 * A SHA-256 value: an entry hash, a Merkle tree node, a chain head. Immutable, usable inside
 * records (equality follows the 32 bytes), and public data, so comparisons need not be constant
 * time.
 *
 * <p>Text form: exactly 64 lower-case hex characters. {@link #of(byte[])} copies its input and
 * {@link #toByteArray()} returns a copy.
 */
public final class Hash {
  public static final int LENGTH = 32;

  /** All zeros: the {@code prev_hash} of entry 1 and the head of an empty chain. */
  public static final Hash ZERO = new Hash(new byte[LENGTH]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes}.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static Hash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, was " + bytes.length);
    }
    return new Hash(bytes.clone());
  }

  /** Takes ownership of a 32-byte array without copying: the caller must not change it again. */
  static Hash wrap(byte[] bytes) {
    return new Hash(bytes);
  }

  /**
   * Reads the 64-character lower-case hex form.
   *
   * @throws AuditFormatException if {@code hex} is not exactly that
   */
  public static Hash fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    byte[] out = new byte[LENGTH];
    if (hex.length() != 2 * LENGTH || !Hex.decode(hex, 0, out)) {
      throw new AuditFormatException("a hash must be 64 lower-case hex characters, was '" + Text.excerpt(hex) + "'");
    }
    return new Hash(out);
  }

  /** A copy of the 32 bytes; the caller owns it. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The internal array, for this package's hot paths only: never modify or hand out. */
  byte[] bytes() {
    return bytes;
  }

  boolean equalsBytes(byte[] other) {
    return Arrays.equals(bytes, other);
  }

  /** The 64-character lower-case hex form. */
  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Same as {@link #hex()}. */
  @Override
  public String toString() {
    return hex();
  }
}
