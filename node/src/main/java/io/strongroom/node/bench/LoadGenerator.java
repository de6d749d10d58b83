package io.strongroom.node.bench;

import io.strongroom.client.Kv;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator over the client library: {@code clients} logical clients each keep
 * one request in flight (sharing the client's pipelined connections), for a warm-up and then a
 * measured duration. Every request loop is bounded by the clock; nothing runs after {@link #run}
 * returns.
 */
public final class LoadGenerator {
  /** What to send. */
  public enum Op {
    PUT,
    GET,
    /** 90% reads, 10% writes. */
    MIXED
  }

  /**
   * A finished run's figures. Latencies in milliseconds.
   *
   * @param failures failed requests by reason: the error code of a Strongroom error, else the
   *     exception's class name
   */
  public record Result(
      Op op, int clients, int valueSize, double seconds, long ok, long failed, double opsPerSec, double p50Ms, double p99Ms, double p999Ms, double maxMs,
      Map<String, Long> failures) {
    public Result {
      failures = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(failures)); // sorted by reason
    }

    public String json() {
      StringBuilder reasons = new StringBuilder();
      failures.forEach((reason, n) -> reasons.append(reasons.isEmpty() ? "" : ",").append('"').append(reason).append("\":").append(n));
      return String.format(
          java.util.Locale.ROOT,
          "{\"op\":\"%s\",\"clients\":%d,\"value_size\":%d,\"seconds\":%.1f,\"ok\":%d,\"failed\":%d,\"ops_per_sec\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,\"failures\":{%s}}",
          op.name().toLowerCase(java.util.Locale.ROOT), clients, valueSize, seconds, ok, failed, opsPerSec, p50Ms, p99Ms, p999Ms, maxMs, reasons);
    }

    public String table() {
      String line = String.format(
          java.util.Locale.ROOT,
          "%s, %d clients, %d-byte values, %.0f s: %,.0f ops/s (%d ok, %d failed); latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
          op.name().toLowerCase(java.util.Locale.ROOT), clients, valueSize, seconds, opsPerSec, ok, failed, p50Ms, p99Ms, p999Ms, maxMs);
      return failures.isEmpty() ? line : line + "; failed by reason: " + failures;
    }
  }

  private static final int KEYS = 1_000;

  private final Kv kv;
  private final Op op;
  private final int clients;
  private final int valueSize;
  private final String prefix;

  public LoadGenerator(Kv kv, Op op, int clients, int valueSize, String prefix) {
    if (clients < 1 || clients > 4096) {
      throw new IllegalArgumentException("clients must be 1..4096, was " + clients);
    }
    if (valueSize < 1 || valueSize > 1 << 20) {
      throw new IllegalArgumentException("value size must be 1..1048576 bytes, was " + valueSize);
    }
    this.kv = kv;
    this.op = op;
    this.clients = clients;
    this.valueSize = valueSize;
    this.prefix = prefix;
  }

  /** Writes the keys reads will hit (reads of absent keys would measure nothing). */
  public void prepare() {
    String value = value(new SplittableRandom(1));
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      pending.add(kv.putAsync(key(i), Map.of("v", value)));
      if (pending.size() == 64) {
        awaitAll(pending);
      }
    }
    awaitAll(pending);
  }

  private static void awaitAll(List<CompletableFuture<?>> pending) {
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r; // the client's typed exception, which the CLI reports as "error: CODE: message"
      }
      throw e;
    }
    pending.clear();
  }

  /** Runs the warm-up, then the measurement, printing a progress line each second to {@code progress}. */
  public Result run(Duration warmup, Duration duration, PrintStream progress) throws InterruptedException {
    if (!warmup.isZero()) {
      measure(warmup, null);
    }
    return measure(duration, progress);
  }

  private Result measure(Duration duration, PrintStream progress) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    AtomicLong ok = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    failures.clear();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      Loop loop = new Loop(c, end, ok, failed, done);
      loops.add(loop);
      loop.next();
    }
    long lastOk = 0;
    long lastFailed = 0;
    for (int second = 1; !done.await(1, TimeUnit.SECONDS); second++) {
      long now = ok.get();
      long nowFailed = failed.get();
      if (progress != null) {
        // The wall-clock time, to find the second in the nodes' logs; the latest failure, if any.
        String why = nowFailed > lastFailed ? "  last failure: " + lastFailure : "";
        progress.printf("  %3d s  %,8d ops/s  (%,d ok, %,d failed)  %s%s%n", second, now - lastOk, now, nowFailed,
            java.time.LocalTime.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), why);
      }
      lastOk = now;
      lastFailed = nowFailed;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] all = loops.stream().flatMapToLong(l -> Arrays.stream(l.latencies, 0, l.count)).sorted().toArray();
    measured = List.copyOf(loops);
    measuredStart = start;
    loops.clear();
    Map<String, Long> byReason = new java.util.HashMap<>();
    failures.forEach((reason, n) -> byReason.put(reason, n.sum()));
    return new Result(op, clients, valueSize, seconds, ok.get(), failed.get(), ok.get() / seconds, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6, byReason);
  }

  private final List<Loop> loops = new ArrayList<>();
  /** The last measured run's loops and its start, for {@link #writeLatencyLog}. */
  private List<Loop> measured = List.of();
  private long measuredStart;
  private final Map<String, java.util.concurrent.atomic.LongAdder> failures = new java.util.concurrent.ConcurrentHashMap<>();
  /** The latest failure's reason and message, for the progress line. */
  private volatile String lastFailure = "";

  /**
   * Writes every successful request of the last measured run, one line each, in the order they
   * were sent: milliseconds from the run's start to the request's start, its latency in
   * microseconds, and {@code put} or {@code get}. For finding what the slowest requests share (a
   * pause of one node, a period, an operation): a percentile cannot say that.
   */
  public void writeLatencyLog(java.nio.file.Path file) throws java.io.IOException {
    List<long[]> rows = new ArrayList<>();
    for (Loop l : measured) {
      for (int i = 0; i < l.count; i++) {
        rows.add(new long[] {l.starts[i] - measuredStart, l.latencies[i], l.writes.get(i) ? 1 : 0});
      }
    }
    rows.sort(java.util.Comparator.comparingLong(r -> r[0]));
    try (var out = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(file))) {
      out.println("# start_ms latency_us op");
      for (long[] r : rows) {
        out.printf(java.util.Locale.ROOT, "%.3f %d %s%n", r[0] / 1e6, r[1] / 1_000, r[2] == 1 ? "put" : "get");
      }
    }
  }

  private void failed(Throwable e) {
    Throwable t = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    String reason = t instanceof io.strongroom.client.StrongroomException se ? se.code().name() : t.getClass().getSimpleName();
    failures.computeIfAbsent(reason, r -> new java.util.concurrent.atomic.LongAdder()).increment();
    String message = String.valueOf(t.getMessage());
    lastFailure = reason + ": " + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
  }

  /** One logical client: one request in flight at a time until the deadline. */
  private final class Loop {
    private final SplittableRandom random;
    private final long end;
    private final AtomicLong ok;
    private final AtomicLong failed;
    private final CountDownLatch done;
    private final String value;
    long[] latencies = new long[1024];
    long[] starts = new long[1024];
    final java.util.BitSet writes = new java.util.BitSet();
    int count;

    Loop(int id, long end, AtomicLong ok, AtomicLong failed, CountDownLatch done) {
      this.random = new SplittableRandom(id * 7919L + 17);
      this.end = end;
      this.ok = ok;
      this.failed = failed;
      this.done = done;
      this.value = value(random);
    }

    void next() {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.countDown();
        return;
      }
      boolean write = op == Op.PUT || (op == Op.MIXED && random.nextInt(10) == 0);
      String key = key(random.nextInt(KEYS));
      CompletableFuture<?> f = write ? kv.putAsync(key, Map.of("v", value)) : kv.getAsync(key);
      f.whenComplete(
          (r, e) -> {
            long took = System.nanoTime() - t0;
            if (e == null) {
              ok.incrementAndGet();
              if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
                starts = Arrays.copyOf(starts, count * 2);
              }
              starts[count] = t0;
              writes.set(count, write);
              latencies[count++] = took;
            } else {
              failed.incrementAndGet();
              failed(e);
            }
            next();
          });
    }
  }

  private String key(int i) {
    return prefix + "/k" + i;
  }

  private String value(SplittableRandom random) {
    StringBuilder sb = new StringBuilder(valueSize);
    for (int i = 0; i < valueSize; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
