package io.strongroom.storage.engine;

import io.strongroom.crypto.Bytes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link StorageEngine} that keeps the latest value (or absence) of recently read or written keys
 * of one column family in memory, in front of another engine.
 *
 * <p>Why: every write and every audited read of a secret reads its metadata record first, on every
 * replica. In RocksDB the record of a key written often sits in the memtable behind a skip-list
 * search and a JNI call: 15-18% of a follower's apply thread under 64 writers (BENCHMARKS.md). A hit
 * here is a hash lookup and a copy.
 *
 * <p>Coherent with the engine behind it as long as every write goes through this one: a write
 * updates the cached keys it touches before it returns, and a read that missed caches what it read
 * only if no write happened meanwhile (a write generation, checked under the same lock the writes
 * hold), so a value read before a write can never be cached after it. Bounded: past {@code capacity}
 * keys the cache is emptied and fills again from the reads and writes that follow.
 *
 * <p>Thread-safe; hits take no lock. Same copy semantics as every engine: arrays returned are the
 * caller's.
 */
public final class ReadCachingEngine implements StorageEngine {
  /** The cached value of a key known to be absent. */
  private static final Object ABSENT = new Object();

  private final StorageEngine inner;
  private final ColumnFamily family;
  private final int capacity;
  /** Key -> its value (byte[], never handed out) or {@link #ABSENT}. */
  private final ConcurrentHashMap<Bytes, Object> cache = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  /** Incremented by every write, under {@link #writeLock}. */
  private volatile long generation;

  public ReadCachingEngine(StorageEngine inner, ColumnFamily family, int capacity) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.family = Objects.requireNonNull(family, "family");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public Optional<byte[]> get(ColumnFamily f, byte[] key) {
    Objects.requireNonNull(key, "key");
    if (f != family) {
      return inner.get(f, key);
    }
    Bytes k = Bytes.of(key);
    Object cached = cache.get(k);
    if (cached != null) {
      return cached == ABSENT ? Optional.empty() : Optional.of(((byte[]) cached).clone());
    }
    long seen = generation;
    Optional<byte[]> read = inner.get(f, key);
    synchronized (writeLock) {
      if (generation == seen) {
        remember(k, read.isPresent() ? read.get().clone() : ABSENT);
      }
    }
    return read;
  }

  @Override
  public void write(Batch batch, WriteMode mode) {
    synchronized (writeLock) {
      try {
        inner.write(batch, mode);
      } catch (RuntimeException e) {
        cache.clear(); // whatever the batch did or did not change, nothing cached can be trusted
        throw e;
      } finally {
        generation++;
      }
      for (Batch.Op op : batch.ops()) {
        if (op.family() == family) {
          // The batch's arrays are its own copies and never change: safe to keep.
          remember(Bytes.of(op.key()), op.value() == null ? ABSENT : op.value());
        }
      }
    }
  }

  /** Caller holds {@link #writeLock}. */
  private void remember(Bytes key, Object value) {
    if (cache.size() >= capacity && !cache.containsKey(key)) {
      cache.clear();
    }
    cache.put(key, value);
  }

  @Override
  public void scan(ColumnFamily f, byte[] prefix, byte[] startAt, EntryVisitor visitor) {
    inner.scan(f, prefix, startAt, visitor);
  }

  @Override
  public void close() {
    synchronized (writeLock) {
      cache.clear();
      generation++;
    }
    inner.close();
  }

  /** Keys cached now; for tests. */
  int cachedKeys() {
    return cache.size();
  }

  @Override
  public String toString() {
    return "ReadCachingEngine[" + family.storageName() + ", " + inner + "]";
  }
}
