package io.strongroom.crypto;

/** The one place where share count and threshold are checked. */
final class Thresholds {
  static final int MAX_SHARES = 255;

  private Thresholds() {}

  static void check(int shares, int threshold) {
    if (shares < 1 || shares > MAX_SHARES) {
      throw new InvalidThresholdException(
          shares, threshold, "shares must be between 1 and " + MAX_SHARES + ", was " + shares);
    }
    if (threshold < 1) {
      throw new InvalidThresholdException(shares, threshold, "threshold must be >= 1, was " + threshold);
    }
    if (threshold > shares) {
      throw new InvalidThresholdException(
          shares, threshold, "threshold must be <= shares (" + shares + "), was " + threshold);
    }
    if (threshold == 1 && shares > 1) {
      throw new InvalidThresholdException(
          shares, threshold, "threshold must be >= 2 when shares > 1, was " + threshold);
    }
  }
}
