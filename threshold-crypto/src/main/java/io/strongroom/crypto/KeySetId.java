package io.strongroom.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Names one key generation: every split of a root key (init, rekey, rotate) gets a fresh random id,
 * and every share, commitment and sealed share carries it, so a share of an older generation is
 * rejected by name instead of silently producing a wrong key.
 *
 * <p>Five random bytes, shown as 8 Crockford base32 characters (e.g. {@code 7K3M9QZA}); the same 8
 * characters open every share text of the key set. 40 bits are plenty to tell a cluster's
 * generations apart; they are not a security boundary (the commitments are).
 *
 * @param bytes exactly {@value #LENGTH} bytes
 */
public record KeySetId(Bytes bytes) {
  public static final int LENGTH = 5;
  static final int TEXT_LENGTH = 8;

  public KeySetId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("key set id must be " + LENGTH + " bytes, was " + bytes.length());
    }
  }

  /** A fresh id from {@code random}. */
  public static KeySetId random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new KeySetId(Bytes.wrap(b));
  }

  /**
   * Reads the 8-character form (case-insensitive, Crockford look-alikes accepted).
   *
   * @throws MalformedDataException if {@code text} is not 8 base32 characters
   */
  public static KeySetId parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() != TEXT_LENGTH) {
      throw new MalformedDataException(
          "key set id must be " + TEXT_LENGTH + " base32 characters, was " + text.length() + " characters");
    }
    int[] values = new int[TEXT_LENGTH];
    for (int i = 0; i < TEXT_LENGTH; i++) {
      values[i] = Crockford32.value(text.charAt(i));
      if (values[i] < 0) {
        throw new MalformedDataException("key set id has a non-base32 character at position " + (i + 1));
      }
    }
    return new KeySetId(Bytes.wrap(Crockford32.fromValues(values, 0, TEXT_LENGTH, LENGTH)));
  }

  /** The 8-character Crockford base32 form. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(TEXT_LENGTH);
    for (int v : Crockford32.toValues(bytes.toByteArray())) {
      sb.append(Crockford32.symbol(v));
    }
    return sb.toString();
  }
}
