package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The closed loop against fake targets: one request in flight per client, failures paced, no deep stacks. */
class ClosedLoopTest {
  private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2);

  @AfterEach
  void stop() {
    io.shutdownNow();
  }

  /** Answers every request after {@code delayMs} on another thread, counting concurrency. */
  private final class SlowTarget implements Target {
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final Set<String> keys = ConcurrentHashMap.newKeySet();
    final long delayMs;

    SlowTarget(long delayMs) {
      this.delayMs = delayMs;
    }

    @Override
    public String name() {
      return "slow";
    }

    private CompletableFuture<?> answer(String key) {
      keys.add(key);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      CompletableFuture<Object> f = new CompletableFuture<>();
      io.schedule(() -> {
        inFlight.decrementAndGet();
        f.complete("ok");
      }, delayMs, TimeUnit.MILLISECONDS);
      return f;
    }

    @Override
    public CompletableFuture<?> put(String key, String value) {
      puts.incrementAndGet();
      return answer(key);
    }

    @Override
    public CompletableFuture<?> get(String key) {
      gets.incrementAndGet();
      return answer(key);
    }

    @Override
    public void close() {}
  }

  @Test
  void keepsOneRequestInFlightPerClient() throws Exception {
    SlowTarget t = new SlowTarget(5);
    ClosedLoop.Measurement m = new ClosedLoop(t, new Workload("read-c4", 4, 0), new KeySpace("k", 10), "v").run(Duration.ofMillis(400));
    assertThat(t.maxInFlight.get()).isLessThanOrEqualTo(4);
    assertThat(t.puts.get()).as("a read workload writes nothing").isZero();
    assertThat(m.ok()).isEqualTo(t.gets.get()).isGreaterThan(20);
    assertThat(m.failed()).isZero();
    assertThat(m.sortedLatencyNanos()).hasSize((int) m.ok()).isSorted();
    assertThat(m.p50Ms()).isGreaterThanOrEqualTo(4.0);
    assertThat(m.opsPerSec()).isGreaterThan(0);
    assertThat(t.keys).allMatch(k -> k.matches("k/k\\d"));
  }

  @Test
  void mixedWorkloadWritesAboutOneInTen() throws Exception {
    SlowTarget t = new SlowTarget(0);
    new ClosedLoop(t, new Workload("mixed", 8, 10), new KeySpace("k", 100), "v").run(Duration.ofMillis(300));
    double writeShare = t.puts.get() / (double) (t.puts.get() + t.gets.get());
    assertThat(writeShare).isBetween(0.05, 0.15);
  }

  @Test
  void synchronousTargetDoesNotOverflowTheStack() throws Exception {
    Target instant = new Target() {
      @Override
      public String name() {
        return "instant";
      }

      @Override
      public CompletableFuture<?> put(String key, String value) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<?> get(String key) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close() {}
    };
    ClosedLoop.Measurement m = new ClosedLoop(instant, new Workload("w", 1, 100), new KeySpace("k", 1), "v").run(Duration.ofMillis(200));
    assertThat(m.ok()).isGreaterThan(10_000);
  }

  @Test
  void failuresAreCountedAndPaced() throws Exception {
    Target broken = new Target() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public CompletableFuture<?> put(String key, String value) {
        return CompletableFuture.failedFuture(new IllegalStateException("no leader"));
      }

      @Override
      public CompletableFuture<?> get(String key) {
        throw new IllegalStateException("closed");
      }

      @Override
      public void close() {}
    };
    ClosedLoop.Measurement m = new ClosedLoop(broken, new Workload("w", 2, 100), new KeySpace("k", 1), "v").run(Duration.ofMillis(300));
    assertThat(m.ok()).isZero();
    assertThat(m.failed()).as("2 clients, one try per 20 ms pause, for 300 ms").isBetween(2L, 40L);
    assertThat(m.firstError()).isEqualTo("IllegalStateException: no leader");
    assertThat(m.p99Ms()).isZero();
  }
}
