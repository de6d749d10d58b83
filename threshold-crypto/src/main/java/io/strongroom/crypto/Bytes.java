package io.strongroom.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of public bytes (a hash, a public key, a ciphertext, an id), usable inside
 * records: equality and hash code follow the contents.
 *
 * <p>{@link #of(byte[])} copies its input and {@link #toByteArray()} returns a copy, so no caller
 * can change a {@code Bytes} after it is made. Not for secrets: use {@link SecretBytes}, whose
 * {@code toString} is redacted and whose equality is constant-time.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** Copies {@code length} bytes of {@code bytes} from {@code offset}. */
  public static Bytes of(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    return new Bytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /** Takes ownership of {@code bytes} without copying: the caller must not change it again. */
  static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes);
  }

  /** Parses lower- or upper-case hex; throws {@link IllegalArgumentException} on bad input. */
  public static Bytes fromHex(String hex) {
    return new Bytes(HEX.parseHex(hex));
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** A copy of the contents; the caller owns it. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 32 ? hex() : HEX.formatHex(bytes, 0, 32) + "...(" + bytes.length + " bytes)";
  }
}
