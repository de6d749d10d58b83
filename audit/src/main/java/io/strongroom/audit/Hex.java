package io.strongroom.audit;

import java.util.Arrays;

/**
 * Lower-case hex, by hand: the verifier decodes four 64-character hashes per entry, so this avoids
 * the String and exception churn of a general-purpose parser. Upper case is rejected on purpose:
 * every value has exactly one text form.
 */
final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < DIGITS.length; i++) {
      VALUES[DIGITS[i]] = (byte) i;
    }
  }

  private Hex() {}

  /**
   * Decodes exactly {@code 2 * out.length} lower-case hex characters of {@code in} from
   * {@code offset} into {@code out}; false (with {@code out} partly written) if a character is not
   * lower-case hex. The caller checks that {@code in} is long enough.
   */
  static boolean decode(CharSequence in, int offset, byte[] out) {
    return decode(in, offset, out, 0, out.length);
  }

  /** Decodes {@code 2 * length} characters into {@code out[outOffset, outOffset + length)}. */
  static boolean decode(CharSequence in, int offset, byte[] out, int outOffset, int length) {
    for (int i = 0; i < length; i++) {
      int hi = value(in.charAt(offset + 2 * i));
      int lo = value(in.charAt(offset + 2 * i + 1));
      if ((hi | lo) < 0) {
        return false;
      }
      out[outOffset + i] = (byte) ((hi << 4) | lo);
    }
    return true;
  }

  /** Same as {@link #decode(CharSequence, int, byte[])} over a char array. */
  static boolean decode(char[] in, int offset, byte[] out) {
    for (int i = 0; i < out.length; i++) {
      int hi = value(in[offset + 2 * i]);
      int lo = value(in[offset + 2 * i + 1]);
      if ((hi | lo) < 0) {
        return false;
      }
      out[i] = (byte) ((hi << 4) | lo);
    }
    return true;
  }

  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }

  static void encode(byte[] in, char[] out, int offset) {
    for (int i = 0; i < in.length; i++) {
      out[offset + 2 * i] = DIGITS[(in[i] >> 4) & 0xf];
      out[offset + 2 * i + 1] = DIGITS[in[i] & 0xf];
    }
  }

  static String encode(byte[] in) {
    char[] out = new char[2 * in.length];
    encode(in, out, 0);
    return new String(out);
  }
}
