package io.strongroom.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * Key material or another secret, held in memory only for as long as it is needed.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #toString()} never shows the bytes, only their length.</li>
 *   <li>{@link #equals(Object)} compares in constant time for a given length
 *       ({@link MessageDigest#isEqual}); {@link #hashCode()} depends on the length alone, so the
 *       bytes never leak through a hash table.</li>
 *   <li>{@link #destroy()} overwrites the bytes with zeros; every later access throws
 *       {@link IllegalStateException}. Destroying twice is harmless.</li>
 *   <li>The constructor copies its input and accessors hand out copies: no caller can alias the
 *       internal array. Callers own returned arrays and should zero them when done
 *       ({@link #zero(byte[])}).</li>
 * </ul>
 *
 * <p>Thread-safety: safe to share; {@code destroy()} racing with a read may let the reader see
 * zeros but never throws anything but {@link IllegalStateException}.
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
  private final byte[] bytes;
  private volatile boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies {@code bytes}; the caller keeps ownership of (and should zero) its array. */
  public static SecretBytes copyOf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes.clone());
  }

  /**
   * Takes ownership of {@code bytes} without copying: the caller must not use the array again.
   * Use it for freshly made key material so that no second copy lingers on the heap.
   */
  public static SecretBytes adopt(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new SecretBytes(bytes);
  }

  /** Fresh random bytes from {@code random}. */
  public static SecretBytes random(java.security.SecureRandom random, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1, was " + length);
    }
    byte[] b = new byte[length];
    random.nextBytes(b);
    return new SecretBytes(b);
  }

  public int length() {
    return bytes.length;
  }

  /** A copy of the secret. The caller owns it and should {@link #zero} it after use. */
  public byte[] toByteArray() {
    checkLive();
    byte[] copy = bytes.clone();
    checkLive();
    return copy;
  }

  /**
   * Lends the bytes to {@code reader} without a lasting copy: the array passed in is a copy that
   * is zeroed as soon as {@code reader} returns, so it must not keep a reference.
   */
  public <T> T withBytes(Function<byte[], T> reader) {
    byte[] copy = toByteArray();
    try {
      return reader.apply(copy);
    } finally {
      zero(copy);
    }
  }

  /** Constant-time comparison with raw bytes of the same length. */
  public boolean equalsBytes(byte[] other) {
    checkLive();
    return MessageDigest.isEqual(bytes, other);
  }

  @Override
  public void destroy() {
    destroyed = true;
    zero(bytes);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Same as {@link #destroy()}, so that try-with-resources zeroes the secret. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof SecretBytes other)) {
      return false;
    }
    checkLive();
    other.checkLive();
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length;
  }

  @Override
  public String toString() {
    return destroyed ? "SecretBytes[destroyed]" : "SecretBytes[" + bytes.length + " bytes, redacted]";
  }

  /** Overwrites {@code array} with zeros; null is ignored. */
  public static void zero(byte[] array) {
    if (array != null) {
      Arrays.fill(array, (byte) 0);
    }
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("secret has been destroyed");
    }
  }
}
