package io.strongroom.storage.engine;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link StorageEngine} on sorted in-memory maps, for tests and for domain logic that needs no
 * durability. Same ordering, atomicity and copy semantics as {@link RocksDbEngine}; the
 * {@link WriteMode} is ignored and nothing survives {@link #close()}.
 *
 * <p>Thread-safe: one read-write lock makes each batch atomic; a scan copies the matching range
 * under the read lock, so visitors may write.
 */
public final class InMemoryEngine implements StorageEngine {

  private final Map<ColumnFamily, NavigableMap<byte[], byte[]>> families = new EnumMap<>(ColumnFamily.class);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  public InMemoryEngine() {
    for (ColumnFamily family : ColumnFamily.values()) {
      families.put(family, new TreeMap<>(Keys.ORDER));
    }
  }

  @Override
  public Optional<byte[]> get(ColumnFamily family, byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] value = families.get(family).get(key);
      return value == null ? Optional.empty() : Optional.of(value.clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void write(Batch batch, WriteMode mode) {
    Objects.requireNonNull(mode, "mode");
    lock.writeLock().lock();
    try {
      checkOpen();
      for (Batch.Op op : batch.ops()) {
        NavigableMap<byte[], byte[]> map = families.get(op.family());
        if (op.value() == null) {
          map.remove(op.key());
        } else {
          // Batch already holds private copies, and nobody else sees them.
          map.put(op.key(), op.value());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void scan(ColumnFamily family, byte[] prefix, byte[] startAt, EntryVisitor visitor) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(visitor, "visitor");
    List<Map.Entry<byte[], byte[]>> snapshot = new ArrayList<>();
    lock.readLock().lock();
    try {
      checkOpen();
      byte[] from = Keys.scanStart(prefix, startAt);
      byte[] end = Keys.prefixEnd(prefix);
      NavigableMap<byte[], byte[]> map = families.get(family);
      if (end == null || Keys.ORDER.compare(from, end) < 0) {
        NavigableMap<byte[], byte[]> range = end == null ? map.tailMap(from, true) : map.subMap(from, true, end, false);
        snapshot.addAll(range.entrySet());
      }
    } finally {
      lock.readLock().unlock();
    }
    for (Map.Entry<byte[], byte[]> entry : snapshot) {
      if (!visitor.visit(entry.getKey().clone(), entry.getValue().clone())) {
        return;
      }
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      families.values().forEach(Map::clear);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("in-memory engine is closed");
    }
  }
}
