package io.strongroom.bench.compare;

import java.util.Arrays;

/** The arithmetic of the report: percentiles of latencies, medians over rounds, ratios. Pure. */
final class Stats {
  private Stats() {}

  /**
   * The {@code q}-quantile of {@code sorted} by the nearest-rank method: the smallest sample with
   * at least {@code q} of all samples at or below it ({@code sorted[ceil(q * n) - 1]}), so p99 of
   * 100 samples is the 99th smallest, never an interpolated value nobody measured. 0 when empty.
   *
   * @param sorted samples in ascending order (not checked)
   * @param q in (0, 1]
   */
  static long percentile(long[] sorted, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("q must be in (0, 1], was " + q);
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /** The median of {@code values}: the middle one, or the mean of the two middle ones. NaN when empty. */
  static double median(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }

  /** {@code a / b}, or NaN when {@code b} is not positive (a ratio against nothing means nothing). */
  static double ratio(double a, double b) {
    return b > 0 ? a / b : Double.NaN;
  }

  /** Nanoseconds as milliseconds. */
  static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** {@code value} rounded half-up to {@code decimals} places; NaN and infinities stay as they are. */
  static double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
  }
}
