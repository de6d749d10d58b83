package io.strongroom.storage.engine;

import java.util.Arrays;
import java.util.Comparator;

/** Byte-key helpers shared by the engines. */
final class Keys {

  /** Unsigned lexicographic order, RocksDB's default bytewise comparator. */
  static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  private Keys() {}

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * The smallest key greater than every key starting with {@code prefix}, or {@code null} when there
   * is none (empty prefix, or all bytes 0xFF).
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  /** {@code startAt} clamped to at least {@code prefix}. */
  static byte[] scanStart(byte[] prefix, byte[] startAt) {
    return startAt == null || ORDER.compare(startAt, prefix) < 0 ? prefix : startAt;
  }
}
