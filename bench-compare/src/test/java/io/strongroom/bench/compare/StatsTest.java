package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The report's arithmetic: nearest-rank percentiles, medians over rounds, ratios, rounding. */
class StatsTest {
  @Test
  void percentilesAreNearestRank() {
    long[] hundred = LongStream.rangeClosed(1, 100).toArray();
    assertThat(Stats.percentile(hundred, 0.50)).isEqualTo(50);
    assertThat(Stats.percentile(hundred, 0.99)).isEqualTo(99);
    assertThat(Stats.percentile(hundred, 1.0)).isEqualTo(100);
    assertThat(Stats.percentile(hundred, 0.001)).isEqualTo(1);

    long[] ten = LongStream.rangeClosed(1, 10).map(i -> i * 10).toArray();
    assertThat(Stats.percentile(ten, 0.50)).as("ceil(0.5*10)=5th").isEqualTo(50);
    assertThat(Stats.percentile(ten, 0.99)).as("ceil(9.9)=10th: the max, never interpolated").isEqualTo(100);
    assertThat(Stats.percentile(ten, 0.91)).isEqualTo(100);
    assertThat(Stats.percentile(ten, 0.90)).isEqualTo(90);

    long[] three = {5, 7, 9};
    assertThat(Stats.percentile(three, 0.5)).isEqualTo(7);
    assertThat(Stats.percentile(new long[] {42}, 0.99)).isEqualTo(42);
    assertThat(Stats.percentile(new long[0], 0.99)).as("no samples").isZero();
  }

  @Test
  void percentileRejectsQuantilesOutsideTheUnitInterval() {
    for (double q : new double[] {0, -0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> Stats.percentile(new long[] {1}, q)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("q must be");
    }
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Stats.median(3.0)).isEqualTo(3.0);
    assertThat(Stats.median(9.0, 1.0, 5.0)).isEqualTo(5.0);
    assertThat(Stats.median(4.0, 1.0, 3.0, 2.0)).isEqualTo(2.5);
    assertThat(Stats.median()).isNaN();
    double[] input = {3, 1, 2};
    Stats.median(input);
    assertThat(input).as("the caller's array is left alone").containsExactly(3, 1, 2);
  }

  @Test
  void ratioAndRounding() {
    assertThat(Stats.ratio(2400, 3700)).isCloseTo(0.6486, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Stats.ratio(1, 0)).isNaN();
    assertThat(Stats.ratio(1, -1)).isNaN();
    assertThat(Stats.round(0.64864, 3)).isEqualTo(0.649);
    assertThat(Stats.round(2.5, 0)).isEqualTo(3.0);
    assertThat(Stats.round(1234.56, 1)).isEqualTo(1234.6);
    assertThat(Stats.round(Double.NaN, 1)).isNaN();
    assertThat(Stats.millis(1_500_000)).isEqualTo(1.5);
  }
}
