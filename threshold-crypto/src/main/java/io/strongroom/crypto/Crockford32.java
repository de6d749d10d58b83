package io.strongroom.crypto;

/**
 * Crockford base32 symbols (https://www.crockford.com/base32.html): digits and upper-case letters
 * without I, L, O and U. Decoding ignores case and reads the look-alikes O as 0 and I, L as 1, as
 * Crockford specifies, so those are not typos. Bits are packed big-endian; the last symbol is padded
 * with zero bits.
 */
final class Crockford32 {
  static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int[] VALUES = new int[128];

  static {
    java.util.Arrays.fill(VALUES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      char c = ALPHABET.charAt(i);
      VALUES[c] = i;
      VALUES[Character.toLowerCase(c)] = i;
    }
    VALUES['O'] = 0;
    VALUES['o'] = 0;
    VALUES['I'] = 1;
    VALUES['i'] = 1;
    VALUES['L'] = 1;
    VALUES['l'] = 1;
  }

  private Crockford32() {}

  /** The 5-bit value of {@code c}, or -1 if it is not a symbol. */
  static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }

  static char symbol(int value) {
    return ALPHABET.charAt(value);
  }

  /** Packs {@code data} into {@code ceil(8 * data.length / 5)} symbol values. */
  static int[] toValues(byte[] data) {
    int[] out = new int[(data.length * 8 + 4) / 5];
    int acc = 0;
    int bits = 0;
    int o = 0;
    for (byte b : data) {
      acc = (acc << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        out[o++] = (acc >>> bits) & 31;
      }
    }
    if (bits > 0) {
      out[o] = (acc << (5 - bits)) & 31;
    }
    return out;
  }

  /**
   * Unpacks {@code byteCount} bytes from {@code count} symbol values starting at {@code from};
   * returns null if the padding bits are not zero (a non-canonical encoding).
   */
  static byte[] fromValues(int[] values, int from, int count, int byteCount) {
    byte[] out = new byte[byteCount];
    int acc = 0;
    int bits = 0;
    int o = 0;
    for (int i = from; i < from + count; i++) {
      acc = ((acc << 5) | values[i]) & 0xfff;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        if (o == byteCount) {
          SecretBytes.zero(out);
          return null;
        }
        out[o++] = (byte) (acc >>> bits);
      }
    }
    if (o != byteCount || (acc & ((1 << bits) - 1)) != 0) {
      SecretBytes.zero(out);
      return null;
    }
    return out;
  }
}
