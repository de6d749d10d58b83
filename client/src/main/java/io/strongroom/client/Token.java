package io.strongroom.client;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client's token, held as UTF-8 bytes that are zeroed by {@link #destroy()}. Never printed.
 * Thread-safe.
 */
final class Token {

  static final Token NONE = new Token(new char[0]);

  private final byte[] utf8;
  private final ByteString wire;
  private volatile boolean destroyed;

  /** Copies {@code chars}; the caller may wipe its array afterwards. */
  Token(char[] chars) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    this.utf8 = new byte[encoded.remaining()];
    encoded.get(utf8);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    // Wraps without copying so destroy() wipes the only copy the client keeps.
    this.wire = com.google.protobuf.UnsafeByteOperations.unsafeWrap(utf8);
  }

  /** The token as a protobuf string field. */
  ByteString wire() {
    if (destroyed) {
      throw new IllegalStateException("token destroyed");
    }
    return wire;
  }

  boolean isEmpty() {
    return utf8.length == 0;
  }

  void destroy() {
    destroyed = true;
    Arrays.fill(utf8, (byte) 0);
  }

  @Override
  public String toString() {
    return isEmpty() ? "Token[none]" : "Token[redacted]";
  }
}
