package io.strongroom.storage.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plaintext encoding of a secret's data and of custom metadata, which the barrier then seals.
 *
 * <p>IMPORTANT: compatibility contract (integers big-endian, strings UTF-8, keys in ascending order):
 * <pre>
 * u8 format = 1 | u32 n | n x { u32 key length | key | u32 value length | value }
 * </pre>
 */
final class StringMapCodec {

  static final byte FORMAT = 1;

  private StringMapCodec() {}

  /** Encoded size of {@code map}, without allocating the encoding. */
  static long encodedSize(Map<String, String> map) {
    long size = 1 + 4;
    for (Map.Entry<String, String> e : map.entrySet()) {
      size += 8 + utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    return size;
  }

  /** The encoding; the caller zeroes it after sealing. */
  static byte[] encode(Map<String, String> map) {
    SortedMap<String, String> sorted = new TreeMap<>(map);
    long size = encodedSize(sorted);
    if (size > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("map encodes to " + size + " bytes");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    buf.put(FORMAT).putInt(sorted.size());
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] v = e.getValue().getBytes(StandardCharsets.UTF_8);
      buf.putInt(k.length).put(k).putInt(v.length).put(v);
    }
    return buf.array();
  }

  /** Decodes authenticated plaintext; a malformed encoding is a bug or a newer format, so it throws. */
  static SortedMap<String, String> decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    if (bytes.length < 5 || buf.get() != FORMAT) {
      throw new IllegalStateException("secret data has an unknown format");
    }
    int n = buf.getInt();
    SortedMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      map.put(string(buf), string(buf));
    }
    if (buf.hasRemaining()) {
      throw new IllegalStateException("secret data has " + buf.remaining() + " trailing bytes");
    }
    return map;
  }

  private static String string(ByteBuffer buf) {
    int length = buf.getInt();
    if (length < 0 || length > buf.remaining()) {
      throw new IllegalStateException("secret data is malformed: string of " + length + " bytes");
    }
    return new String(bytesOf(buf, length), StandardCharsets.UTF_8);
  }

  private static byte[] bytesOf(ByteBuffer buf, int length) {
    byte[] out = new byte[length];
    buf.get(out);
    return out;
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3; // BMP char, or an unpaired surrogate which the encoder replaces with '?' (1 byte): over-estimate
      }
    }
    return n;
  }
}
