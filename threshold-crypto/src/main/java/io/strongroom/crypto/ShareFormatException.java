package io.strongroom.crypto;

import java.util.OptionalInt;

/**
 * A share text (or a share's bytes) cannot be read: wrong prefix, a character outside the
 * alphabet, a missing or extra character, or a checksum that does not match (a typo).
 *
 * <p>{@link #indexAsTyped()} is the share index read from the text when it could be read; after a
 * checksum failure it is only a hint, since the typo may be in the index itself.
 * {@link #inputNumber()} is the 1-based position of the text in the list the caller passed
 * (0 when a single text was decoded). {@link #characterPosition()} is the 1-based position of an
 * offending character in the text, or 0.
 */
public final class ShareFormatException extends ThresholdCryptoException {
  private final int inputNumber;
  private final OptionalInt indexAsTyped;
  private final int characterPosition;

  ShareFormatException(int inputNumber, OptionalInt indexAsTyped, int characterPosition, String detail) {
    super(inputNumber > 0 ? "share text #" + inputNumber + ": " + detail : detail);
    this.inputNumber = inputNumber;
    this.indexAsTyped = indexAsTyped;
    this.characterPosition = characterPosition;
  }

  public int inputNumber() {
    return inputNumber;
  }

  public OptionalInt indexAsTyped() {
    return indexAsTyped;
  }

  public int characterPosition() {
    return characterPosition;
  }
}
