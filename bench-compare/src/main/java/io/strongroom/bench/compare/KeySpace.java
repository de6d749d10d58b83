package io.strongroom.bench.compare;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * The keys a benchmark touches: {@code PREFIX/k0} .. {@code PREFIX/k(size-1)}, written before any
 * read so reads always hit.
 */
record KeySpace(String prefix, int size) {
  KeySpace {
    if (size < 1) {
      throw new IllegalArgumentException("key space size must be >= 1, was " + size);
    }
    if (prefix.isEmpty() || prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must be non-empty without a trailing '/', was '" + prefix + "'");
    }
  }

  String key(int i) {
    return prefix + "/k" + i;
  }

  /** A value of {@code bytes} printable ASCII letters (so it is {@code bytes} bytes in UTF-8), from {@code seed}. */
  static String value(int bytes, long seed) {
    if (bytes < 1) {
      throw new IllegalArgumentException("value size must be >= 1, was " + bytes);
    }
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(bytes);
    for (int i = 0; i < bytes; i++) {
      sb.append((char) ('a' + random.nextInt(26)));
    }
    return sb.toString();
  }

  /**
   * Writes keys {@code from} (inclusive) to {@code to} (exclusive) with at most {@code concurrency}
   * writes in flight, telling {@code progress} the count written so far now and then. A failed
   * write is tried again (up to 5 times) before the whole load fails.
   */
  void load(Target target, int from, int to, int concurrency, String value, LongConsumer progress) throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong written = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long lastReport = System.nanoTime();
    for (int i = from; i < to && failure.get() == null; i++) {
      while (!inFlight.tryAcquire(1, TimeUnit.SECONDS)) {
        if (failure.get() != null) {
          break;
        }
      }
      if (failure.get() != null) {
        break;
      }
      String key = key(i);
      CompletableFuture<?> f = putWithRetries(target, key, value, 5);
      f.whenComplete((r, e) -> {
        if (e != null) {
          failure.compareAndSet(null, e);
        } else {
          written.incrementAndGet();
        }
        inFlight.release();
      });
      long now = System.nanoTime();
      if (now - lastReport > 5_000_000_000L) {
        lastReport = now;
        progress.accept(written.get());
      }
    }
    inFlight.acquire(concurrency); // every write answered
    inFlight.release(concurrency);
    if (failure.get() != null) {
      Throwable e = failure.get() instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure.get();
      throw new IllegalStateException("loading " + target.name() + " failed at about " + (from + written.get()) + " keys: " + e, e);
    }
    progress.accept(written.get());
  }

  private static CompletableFuture<Void> putWithRetries(Target target, String key, String value, int attempts) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    CompletableFuture<?> attempt;
    try {
      attempt = target.put(key, value);
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    attempt.whenComplete((r, e) -> {
      if (e == null) {
        out.complete(null);
      } else if (attempts <= 1) {
        out.completeExceptionally(e);
      } else {
        putWithRetries(target, key, value, attempts - 1).whenComplete((r2, e2) -> {
          if (e2 == null) {
            out.complete(null);
          } else {
            out.completeExceptionally(e2);
          }
        });
      }
    });
    return out;
  }
}
