package io.strongroom.crypto;

/**
 * The share count {@code n} or the threshold {@code k} of a split is out of range: it needs
 * {@code 1 <= k <= n <= 255}, and {@code k >= 2} unless {@code n = 1}.
 */
public final class InvalidThresholdException extends ThresholdCryptoException {
  private final int shares;
  private final int threshold;

  InvalidThresholdException(int shares, int threshold, String message) {
    super(message);
    this.shares = shares;
    this.threshold = threshold;
  }

  public int shares() {
    return shares;
  }

  public int threshold() {
    return threshold;
  }
}
