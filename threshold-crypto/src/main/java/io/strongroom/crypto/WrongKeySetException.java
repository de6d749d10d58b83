package io.strongroom.crypto;

/** A share (or sealed share) belongs to another key set, for example an older key generation. */
public final class WrongKeySetException extends ThresholdCryptoException {
  private final int shareIndex;
  private final KeySetId actual;
  private final KeySetId expected;

  WrongKeySetException(int shareIndex, KeySetId actual, KeySetId expected) {
    super("share " + shareIndex + " belongs to key set " + actual + ", expected " + expected);
    this.shareIndex = shareIndex;
    this.actual = actual;
    this.expected = expected;
  }

  public int shareIndex() {
    return shareIndex;
  }

  public KeySetId actual() {
    return actual;
  }

  public KeySetId expected() {
    return expected;
  }
}
