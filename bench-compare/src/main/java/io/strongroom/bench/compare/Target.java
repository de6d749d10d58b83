package io.strongroom.bench.compare;

import java.util.concurrent.CompletableFuture;

/**
 * A key-value system under test. Both operations are asynchronous so one thread can keep many
 * logical clients' requests in flight.
 *
 * <p>Guarantees each implementation must give, so the two systems do the same work:
 * {@link #put} completes once the write is durable on a quorum (the system's default durability,
 * fsync before acknowledging); {@link #get} is a linearizable read (never a stale or local one) and
 * completes exceptionally if the key is absent, so a benchmark never measures misses.
 *
 * <p>Thread-safe. Futures may complete on the implementation's I/O threads: callbacks must not
 * block.
 */
interface Target extends AutoCloseable {
  /** A short name for tables and progress lines: {@code strongroom} or {@code etcd}. */
  String name();

  /** Writes {@code value} under {@code key}. */
  CompletableFuture<?> put(String key, String value);

  /** Reads {@code key}, linearizably; fails if it is absent. */
  CompletableFuture<?> get(String key);

  /** Releases connections and threads. */
  @Override
  void close();
}
