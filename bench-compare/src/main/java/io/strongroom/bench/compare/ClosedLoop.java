package io.strongroom.bench.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives one {@link Target} with one {@link Workload}: each logical client issues a request, and
 * the next one from the previous one's completion, until a deadline (a closed loop: the offered
 * load adapts to the system, so throughput and latency are both the system's). No thread per
 * client: requests are issued from completion callbacks. A failed request is counted, not timed,
 * and its client pauses 20 ms before the next, so a broken target is not hammered.
 *
 * <p>Every request loop is bounded by the clock, and {@link #run} gives up waiting for requests
 * still in flight 90 s after the deadline (they are counted as failed).
 */
final class ClosedLoop {
  /** What one measured run gave. Latencies of successful requests, sorted ascending, in ns. */
  record Measurement(long ok, long failed, double seconds, long[] sortedLatencyNanos, String firstError) {
    double opsPerSec() {
      return seconds > 0 ? ok / seconds : 0;
    }

    double p50Ms() {
      return Stats.millis(Stats.percentile(sortedLatencyNanos, 0.50));
    }

    double p99Ms() {
      return Stats.millis(Stats.percentile(sortedLatencyNanos, 0.99));
    }

    Report.Figures figures() {
      return new Report.Figures(opsPerSec(), p50Ms(), p99Ms());
    }
  }

  private static final long FAILURE_PAUSE_MS = 20;

  /** The failure of a completed future, or null if it succeeded. */
  static Throwable failureOf(CompletableFuture<?> done) {
    try {
      done.getNow(null);
      return null;
    } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
      return e;
    }
  }
  private static final Duration STRAGGLER_WAIT = Duration.ofSeconds(90);

  private final Target target;
  private final Workload workload;
  private final KeySpace keys;
  private final String value;

  ClosedLoop(Target target, Workload workload, KeySpace keys, String value) {
    this.target = target;
    this.workload = workload;
    this.keys = keys;
    this.value = value;
  }

  /** Runs for {@code duration} and returns the figures. */
  Measurement run(Duration duration) throws InterruptedException {
    ScheduledExecutorService pauses = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-failure-pause");
      t.setDaemon(true);
      return t;
    });
    try {
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      AtomicLong ok = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      AtomicReference<String> firstError = new AtomicReference<>();
      CountDownLatch done = new CountDownLatch(workload.clients());
      List<Client> clients = new ArrayList<>();
      for (int c = 0; c < workload.clients(); c++) {
        clients.add(new Client(c, end, ok, failed, firstError, done, pauses));
      }
      clients.forEach(Client::next);
      boolean finished = done.await(duration.plus(STRAGGLER_WAIT).toMillis(), TimeUnit.MILLISECONDS);
      // Until the last request answered, as `strongroom bench` counts: every request counted was
      // issued before the deadline, and the ones answered after it are in the count too.
      double seconds = (System.nanoTime() - start) / 1e9;
      long stuck = finished ? 0 : done.getCount();
      long[] all = clients.stream().flatMapToLong(Client::latencies).sorted().toArray();
      return new Measurement(ok.get(), failed.get() + stuck, seconds, all, firstError.get());
    } finally {
      pauses.shutdownNow();
    }
  }

  /** One logical client: one request in flight at a time until the deadline. */
  private final class Client {
    private final SplittableRandom random;
    private final long end;
    private final AtomicLong ok;
    private final AtomicLong failed;
    private final AtomicReference<String> firstError;
    private final CountDownLatch done;
    private final ScheduledExecutorService pauses;
    private long[] latencies = new long[1024];
    private int count;

    Client(int id, long end, AtomicLong ok, AtomicLong failed, AtomicReference<String> firstError, CountDownLatch done,
        ScheduledExecutorService pauses) {
      this.random = new SplittableRandom(id * 7919L + 17);
      this.end = end;
      this.ok = ok;
      this.failed = failed;
      this.firstError = firstError;
      this.done = done;
      this.pauses = pauses;
    }

    synchronized java.util.stream.LongStream latencies() {
      return Arrays.stream(latencies, 0, count);
    }

    /**
     * Issues requests until one is still in flight (its completion calls this again) or the
     * deadline passes. A request that completes at once is handled here, in the loop, so a target
     * that answers synchronously cannot grow the stack.
     */
    void next() {
      while (true) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
          done.countDown();
          return;
        }
        boolean write = workload.writePercent() == 100 || (workload.writePercent() > 0 && random.nextInt(100) < workload.writePercent());
        String key = keys.key(random.nextInt(keys.size()));
        CompletableFuture<?> f;
        try {
          f = write ? target.put(key, value) : target.get(key);
        } catch (RuntimeException e) {
          f = CompletableFuture.failedFuture(e);
        }
        if (f.isDone()) {
          if (!completed(t0, failureOf(f))) {
            return;
          }
          continue;
        }
        f.whenComplete((r, e) -> {
          if (completed(t0, e)) {
            next();
          }
        });
        return;
      }
    }

    /** Counts a finished request; true if the next one may go at once, false if it was scheduled after a pause. */
    private boolean completed(long t0, Throwable e) {
      long took = System.nanoTime() - t0;
      if (e == null) {
        ok.incrementAndGet();
        record(took);
        return true;
      }
      failed.incrementAndGet();
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      firstError.compareAndSet(null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
      try {
        pauses.schedule(this::next, FAILURE_PAUSE_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        done.countDown();
      }
      return false;
    }

    private synchronized void record(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }
}
