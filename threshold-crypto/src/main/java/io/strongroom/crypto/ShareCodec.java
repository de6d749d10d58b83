package io.strongroom.crypto;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The text form of a share, made to be read aloud, written on paper and typed back:
 *
 * <pre>
 * srs1-7K3M-9QZA-05XW-...-3H8Q      (5 + 17 * 4 + 16 = 89 characters)
 * </pre>
 *
 * <p><b>IMPORTANT: compatibility contract.</b> Shares live on paper for years; never change this
 * format, add a new version prefix instead.
 * <ul>
 *   <li>{@code srs1-}: "Strongroom share", format version 1.</li>
 *   <li>Then 68 Crockford base32 symbols ({@code 0-9 A-Z} without {@code I L O U}) in groups of 4
 *       separated by dashes:
 *     <ul>
 *       <li>symbols 1-8: the {@link KeySetId} (5 bytes, exactly its 8-character form);</li>
 *       <li>symbols 9-10: the share index 1..255 as a 10-bit number;</li>
 *       <li>symbols 11-62: the 32 share bytes, big-endian bit packing, 4 zero padding bits;</li>
 *       <li>symbols 63-68: a Bech32m checksum (BIP 350) with human-readable part {@code "srs1"}
 *           over the 62 symbol values above.</li>
 *     </ul>
 *   </li>
 * </ul>
 *
 * <p>Reading is forgiving where that is safe: letters in either case, the look-alikes {@code O}
 * for 0 and {@code I}/{@code L} for 1 (Crockford's rule: they denote the same value), and dashes
 * and spaces anywhere after the prefix. Everything else is strict.
 *
 * <p><b>Why every single typo is caught.</b> A changed character is either not a symbol (reported
 * with its position), a dash or space where a symbol was or the reverse (the symbol count is no
 * longer 68), or another symbol, which changes exactly one 5-bit value; the Bech32m checksum
 * provably detects every single-value substitution (see the argument in the class comment of the
 * checksum: its generator polynomial has a non-zero constant term, so it divides no single-term
 * error polynomial), and by BIP 173 every substitution of up to 4 symbols at this length. A CRC or
 * BCH code gives this guarantee; a truncated hash would only give it with high probability.
 *
 * <p>A share text holds the share in the clear, and a Java {@code String} cannot be wiped: print
 * it or show it, then drop it. Stateless and thread-safe.
 */
public final class ShareCodec {
  /** The version prefix of every share text this build writes and reads. */
  public static final String PREFIX = "srs1-";
  static final String HRP = "srs1";
  static final int ID_SYMBOLS = 8;
  static final int INDEX_SYMBOLS = 2;
  static final int SHARE_SYMBOLS = 52;
  static final int DATA_SYMBOLS = ID_SYMBOLS + INDEX_SYMBOLS + SHARE_SYMBOLS;
  static final int SYMBOLS = DATA_SYMBOLS + Bech32m.CHECKSUM_LENGTH;
  private static final int GROUP = 4;

  private ShareCodec() {}

  /** The text form of {@code share}. */
  public static String encode(Share share) {
    Objects.requireNonNull(share, "share");
    int[] values = new int[SYMBOLS];
    int[] id = Crockford32.toValues(share.keySet().bytes().toByteArray());
    System.arraycopy(id, 0, values, 0, ID_SYMBOLS);
    values[ID_SYMBOLS] = share.index() >>> 5;
    values[ID_SYMBOLS + 1] = share.index() & 31;
    byte[] secret = share.value().toByteArray();
    int[] shareValues = Crockford32.toValues(secret);
    SecretBytes.zero(secret);
    System.arraycopy(shareValues, 0, values, ID_SYMBOLS + INDEX_SYMBOLS, SHARE_SYMBOLS);
    java.util.Arrays.fill(shareValues, 0);
    int[] data = java.util.Arrays.copyOf(values, DATA_SYMBOLS);
    int[] checksum = Bech32m.checksum(HRP, data);
    java.util.Arrays.fill(data, 0);
    System.arraycopy(checksum, 0, values, DATA_SYMBOLS, checksum.length);
    StringBuilder sb = new StringBuilder(PREFIX.length() + SYMBOLS + SYMBOLS / GROUP);
    sb.append(PREFIX);
    for (int i = 0; i < SYMBOLS; i++) {
      if (i > 0 && i % GROUP == 0) {
        sb.append('-');
      }
      sb.append(Crockford32.symbol(values[i]));
    }
    java.util.Arrays.fill(values, 0);
    return sb.toString();
  }

  /**
   * Reads a share text.
   *
   * @throws ShareFormatException if the text is malformed or has a typo
   */
  public static Share decode(String text) {
    return decode(text, 0);
  }

  /**
   * Reads a share text that must belong to {@code expected}.
   *
   * @throws ShareFormatException if the text is malformed or has a typo
   * @throws WrongKeySetException if the share belongs to another key set
   */
  public static Share decode(String text, KeySetId expected) {
    Objects.requireNonNull(expected, "expected");
    Share share = decode(text, 0);
    if (!share.keySet().equals(expected)) {
      share.destroy();
      throw new WrongKeySetException(share.index(), share.keySet(), expected);
    }
    return share;
  }

  /** As {@link #decode(String)}; errors name {@code inputNumber} (1-based, or 0 for none). */
  static Share decode(String text, int inputNumber) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.isEmpty()) {
      throw error(inputNumber, "share text is empty");
    }
    if (t.length() < HRP.length() || !t.regionMatches(true, 0, HRP, 0, HRP.length())) {
      if (t.length() >= 4 && t.regionMatches(true, 0, "srs", 0, 3) && Character.isDigit(t.charAt(3))) {
        throw error(inputNumber, "unsupported share text version '" + t.substring(0, 4).toLowerCase()
            + "', this build reads '" + HRP + "'");
      }
      throw error(inputNumber, "share text must start with '" + PREFIX + "'");
    }
    int offset = text.indexOf(t);
    int[] values = new int[SYMBOLS];
    int count = 0;
    try {
      for (int i = HRP.length(); i < t.length(); i++) {
        char c = t.charAt(i);
        if (c == '-' || Character.isWhitespace(c)) {
          continue;
        }
        int v = Crockford32.value(c);
        if (v < 0) {
          int position = offset + i + 1;
          throw new ShareFormatException(inputNumber, OptionalInt.empty(), position,
              "typo in share text at character " + position + ": '" + printable(c) + "' is not a share character");
        }
        if (count < SYMBOLS) {
          values[count] = v;
        }
        count++;
      }
      if (count != SYMBOLS) {
        throw error(inputNumber, "typo in share text: it has " + count + " symbols, expected " + SYMBOLS
            + " (a character is missing or extra)");
      }
      int index = (values[ID_SYMBOLS] << 5) | values[ID_SYMBOLS + 1];
      if (!Bech32m.verify(HRP, values)) {
        throw new ShareFormatException(inputNumber, OptionalInt.of(index), 0,
            "typo in share " + index + " (index as typed): checksum does not match, re-check every character");
      }
      if (index < 1 || index > Thresholds.MAX_SHARES) {
        throw new ShareFormatException(inputNumber, OptionalInt.of(index), 0,
            "share index must be between 1 and 255, was " + index);
      }
      byte[] id = Crockford32.fromValues(values, 0, ID_SYMBOLS, KeySetId.LENGTH);
      byte[] secret = Crockford32.fromValues(values, ID_SYMBOLS + INDEX_SYMBOLS, SHARE_SYMBOLS, Share.LENGTH);
      if (secret == null) {
        throw new ShareFormatException(inputNumber, OptionalInt.of(index), 0,
            "share " + index + " is not canonically encoded: its padding bits are not zero");
      }
      return new Share(new KeySetId(Bytes.wrap(id)), index, SecretBytes.adopt(secret));
    } finally {
      java.util.Arrays.fill(values, 0);
    }
  }

  private static ShareFormatException error(int inputNumber, String detail) {
    return new ShareFormatException(inputNumber, OptionalInt.empty(), 0, detail);
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
