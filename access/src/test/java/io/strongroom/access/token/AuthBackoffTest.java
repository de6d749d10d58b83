package io.strongroom.access.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failed-authentication backoff with a fake clock. */
class AuthBackoffTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AuthBackoff.Config config = new AuthBackoff.Config(2, 1_000, 8_000, 60_000, 3);
  private final AuthBackoff backoff = new AuthBackoff(config, clock::get);

  @Test
  void freeFailuresThenDoublingUpToTheCap() {
    assertThat(backoff.retryAfterMillis("10.0.0.1")).isZero();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(backoff.recordFailure("10.0.0.1"));
    }
    assertThat(waits).containsExactly(0L, 0L, 1_000L, 2_000L, 4_000L, 8_000L, 8_000L);
    assertThat(backoff.retryAfterMillis("10.0.0.1")).isEqualTo(8_000);
    assertThat(backoff.retryAfterMillis("10.0.0.2")).isZero();
  }

  @Test
  void theWaitRunsDownWithTime() {
    for (int i = 0; i < 4; i++) {
      backoff.recordFailure("a");
    }
    assertThat(backoff.retryAfterMillis("a")).isEqualTo(2_000);
    clock.addAndGet(1_500);
    assertThat(backoff.retryAfterMillis("a")).isEqualTo(500);
    clock.addAndGet(500);
    assertThat(backoff.retryAfterMillis("a")).isZero();
    // The next failure still counts from where the count stands.
    assertThat(backoff.recordFailure("a")).isEqualTo(4_000);
  }

  @Test
  void successForgetsEverything() {
    for (int i = 0; i < 5; i++) {
      backoff.recordFailure("a");
    }
    backoff.recordSuccess("a");
    assertThat(backoff.retryAfterMillis("a")).isZero();
    assertThat(backoff.trackedAddresses()).isZero();
    assertThat(backoff.recordFailure("a")).isZero();
  }

  @Test
  void quietTimeForgetsOneFailurePerDecayInterval() {
    for (int i = 0; i < 6; i++) {
      backoff.recordFailure("a"); // 6 failures: next delay would be for 7
    }
    clock.addAndGet(2 * 60_000 + 59_999); // two steps forgotten, the third almost
    assertThat(backoff.retryAfterMillis("a")).isZero();
    assertThat(backoff.recordFailure("a")).isEqualTo(4_000); // 6 - 2 + 1 = 5 failures
    clock.addAndGet(5 * 60_000);
    assertThat(backoff.retryAfterMillis("a")).isZero();
    assertThat(backoff.trackedAddresses()).isZero();
  }

  @Test
  void aClockThatStepsBackCountsAsNoTime() {
    for (int i = 0; i < 3; i++) {
      backoff.recordFailure("a");
    }
    clock.addAndGet(-10_000);
    assertThat(backoff.retryAfterMillis("a")).isEqualTo(11_000).isGreaterThan(0);
  }

  @Test
  void memoryIsBoundedByForgettingTheLeastRecentlySeen() {
    backoff.recordFailure("a");
    backoff.recordFailure("b");
    backoff.recordFailure("c");
    backoff.retryAfterMillis("a"); // a is now the most recently seen
    backoff.recordFailure("d");
    assertThat(backoff.trackedAddresses()).isEqualTo(3);
    for (int i = 0; i < 5; i++) {
      backoff.recordFailure("a");
    }
    assertThat(backoff.retryAfterMillis("a")).isPositive();
    // b was the eldest and is gone: it starts again from nothing.
    assertThat(backoff.recordFailure("b")).isZero();
  }

  @Test
  void hugeCountsStayAtTheCap() {
    AuthBackoff b = new AuthBackoff(new AuthBackoff.Config(0, 1, Long.MAX_VALUE / 2, 1, 1), clock::get);
    assertThat(b.delayAfter(62)).isEqualTo(1L << 61);
    assertThat(b.delayAfter(63)).isEqualTo(Long.MAX_VALUE / 2);
    assertThat(b.delayAfter(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE / 2);
  }

  @Test
  void isSafeUnderConcurrentUse() throws InterruptedException {
    AuthBackoff b = new AuthBackoff(new AuthBackoff.Config(0, 1, 1_000, 1_000_000, 50), clock::get);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      threads.add(new Thread(() -> {
        for (int i = 0; i < 5_000; i++) {
          String address = "10.0." + id + "." + (i % 40);
          b.recordFailure(address);
          b.retryAfterMillis(address);
          if (i % 7 == 0) {
            b.recordSuccess(address);
          }
        }
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(b.trackedAddresses()).isBetween(1, 50);
  }
}
