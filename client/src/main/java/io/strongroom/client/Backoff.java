package io.strongroom.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1-based) wait a uniformly random
 * time in {@code [0, min(cap, base * 2^(n-1))]}. Jitter spreads clients that failed together.
 */
record Backoff(Duration base, Duration cap) {

  static final Backoff DEFAULT = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

  Backoff {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be > 0, was " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("cap must be >= base " + base + ", was " + cap);
    }
  }

  /** The upper bound of the wait before retry {@code retry} (1-based), in nanoseconds. */
  long ceilingNanos(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, was " + retry);
    }
    long capNanos = cap.toNanos();
    int shift = Math.min(retry - 1, 62);
    long baseNanos = base.toNanos();
    if (baseNanos > (capNanos >> shift)) {
      return capNanos;
    }
    return Math.min(capNanos, baseNanos << shift);
  }

  /** A random wait before retry {@code retry}, in nanoseconds. */
  long delayNanos(int retry) {
    return ThreadLocalRandom.current().nextLong(ceilingNanos(retry) + 1);
  }
}
