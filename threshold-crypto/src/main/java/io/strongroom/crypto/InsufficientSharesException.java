package io.strongroom.crypto;

/** Fewer valid shares than the key set's threshold were given. */
public final class InsufficientSharesException extends ThresholdCryptoException {
  private final int given;
  private final int threshold;

  InsufficientSharesException(KeySetId keySet, int given, int threshold) {
    super("key set " + keySet + " needs " + threshold + (threshold == 1 ? " share" : " shares") + ", got " + given);
    this.given = given;
    this.threshold = threshold;
  }

  public int given() {
    return given;
  }

  public int threshold() {
    return threshold;
  }
}
