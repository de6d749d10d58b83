package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exponential backoff with full jitter: wait uniform in [0, min(cap, base * 2^(n-1))]. */
class BackoffTest {

  @Test
  void defaultCeilingsDoubleFromFiftyMillisToOneSecond() {
    Backoff b = Backoff.DEFAULT;
    assertThat(b.ceilingNanos(1)).isEqualTo(Duration.ofMillis(50).toNanos());
    assertThat(b.ceilingNanos(2)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(b.ceilingNanos(5)).isEqualTo(Duration.ofMillis(800).toNanos());
    assertThat(b.ceilingNanos(6)).isEqualTo(Duration.ofSeconds(1).toNanos());
    assertThat(b.ceilingNanos(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1).toNanos());
  }

  @Test
  void ceilingsNeverShrinkNorPassTheCapAndDelaysStayUnderThem() {
    qt().forAll(longs().between(1, 10_000), longs().between(0, 100_000), integers().between(1, 200))
        .checkAssert((baseMs, extraMs, retry) -> {
          Backoff b = new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(baseMs + extraMs));
          long ceiling = b.ceilingNanos(retry);
          assertThat(ceiling).isBetween(b.base().toNanos(), b.cap().toNanos());
          assertThat(b.ceilingNanos(retry + 1)).isGreaterThanOrEqualTo(ceiling);
          assertThat(b.delayNanos(retry)).isBetween(0L, ceiling);
        });
  }

  @Test
  void jitterSpreadsDelays() {
    long distinct = java.util.stream.IntStream.range(0, 100)
        .mapToLong(i -> Backoff.DEFAULT.delayNanos(5)).distinct().count();
    assertThat(distinct).isGreaterThan(50);
  }
}
