package io.strongroom.crypto;

/**
 * The Bech32m checksum of BIP 350 (the BIP 173 BCH code over GF(32) with the final constant
 * {@code 0x2bc830a3}), computed over 5-bit values; the alphabet that shows them is the caller's.
 *
 * <p>Why a single substituted symbol is always caught: {@code polymod} returns the remainder of
 * the polynomial whose coefficients are the values (after an implicit leading 1) modulo the
 * degree-6 generator {@code g(x) = x^6 + 29x^5 + 22x^4 + 20x^3 + 21x^2 + 29x + 18} over GF(32).
 * Changing the symbol at one position adds {@code e * x^j} with {@code e != 0}. Because
 * {@code g(0) = 18 != 0}, {@code x} does not divide {@code g}, and {@code e} is a unit, so
 * {@code g} cannot divide {@code e * x^j}: the remainder changes and verification fails, at any
 * length. BIP 173 further shows the code catches every error of up to 4 substituted symbols in
 * strings of up to 90 characters, which covers the share text (72 characters without dashes).
 */
final class Bech32m {
  static final int CONST = 0x2bc830a3;
  static final int CHECKSUM_LENGTH = 6;
  private static final int[] GEN = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  private Bech32m() {}

  static int polymod(int[] values) {
    int chk = 1;
    for (int v : values) {
      int b = chk >>> 25;
      chk = ((chk & 0x1ffffff) << 5) ^ v;
      for (int i = 0; i < 5; i++) {
        if (((b >>> i) & 1) != 0) {
          chk ^= GEN[i];
        }
      }
    }
    return chk;
  }

  static int[] hrpExpand(String hrp) {
    int n = hrp.length();
    int[] out = new int[2 * n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = hrp.charAt(i) >>> 5;
      out[n + 1 + i] = hrp.charAt(i) & 31;
    }
    return out;
  }

  /** The 6 checksum values for {@code data} under {@code hrp}. */
  static int[] checksum(String hrp, int[] data) {
    int[] expanded = hrpExpand(hrp);
    int[] values = new int[expanded.length + data.length + CHECKSUM_LENGTH];
    System.arraycopy(expanded, 0, values, 0, expanded.length);
    System.arraycopy(data, 0, values, expanded.length, data.length);
    int mod = polymod(values) ^ CONST;
    int[] out = new int[CHECKSUM_LENGTH];
    for (int i = 0; i < CHECKSUM_LENGTH; i++) {
      out[i] = (mod >>> (5 * (5 - i))) & 31;
    }
    return out;
  }

  /** True if {@code dataAndChecksum} (data followed by its 6 checksum values) verifies. */
  static boolean verify(String hrp, int[] dataAndChecksum) {
    int[] expanded = hrpExpand(hrp);
    int[] values = new int[expanded.length + dataAndChecksum.length];
    System.arraycopy(expanded, 0, values, 0, expanded.length);
    System.arraycopy(dataAndChecksum, 0, values, expanded.length, dataAndChecksum.length);
    return polymod(values) == CONST;
  }
}
