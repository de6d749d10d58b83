package io.strongroom.storage.engine;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Buffers writes over a base engine so that several changes read each other's effects and then
 * reach the base as one atomic batch: how the Raft layer applies many client commands riding in one
 * log entry as a single write.
 *
 * <p>{@link #write} stages a batch (the mode is ignored: durability is chosen at {@link #commit});
 * {@link #get} and {@link #scan} see staged puts and deletes over the base, later operations
 * winning. {@link #commit} writes everything staged in one {@link Batch} and clears the stage.
 * Nothing reaches the base before {@code commit}.
 *
 * <p>Not thread-safe: one writer stages and commits. Other threads reading the base directly see
 * only committed state. {@link #close()} discards what is staged and leaves the base open.
 */
public final class StagedEngine implements StorageEngine {
  /** A staged delete, told apart by identity (a TreeMap cannot hold the absence of a value). */
  private static final byte[] TOMBSTONE = new byte[0];

  private final StorageEngine base;
  private final Map<ColumnFamily, NavigableMap<byte[], byte[]>> staged = new EnumMap<>(ColumnFamily.class);

  public StagedEngine(StorageEngine base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  @Override
  public Optional<byte[]> get(ColumnFamily family, byte[] key) {
    NavigableMap<byte[], byte[]> s = staged.get(family);
    byte[] v = s == null ? null : s.get(key);
    if (v == null) {
      return base.get(family, key);
    }
    return v == TOMBSTONE ? Optional.empty() : Optional.of(v.clone());
  }

  /** Stages {@code batch}; {@code mode} is ignored until {@link #commit}. */
  @Override
  public void write(Batch batch, WriteMode mode) {
    for (Batch.Op op : batch.ops()) {
      staged.computeIfAbsent(op.family(), f -> new TreeMap<>(Keys.ORDER))
          .put(op.key(), op.value() == null ? TOMBSTONE : op.value());
    }
  }

  @Override
  public void scan(ColumnFamily family, byte[] prefix, byte[] startAt, EntryVisitor visitor) {
    NavigableMap<byte[], byte[]> s = staged.get(family);
    if (s == null || s.isEmpty()) {
      base.scan(family, prefix, startAt, visitor);
      return;
    }
    byte[] from = Keys.scanStart(prefix, startAt);
    byte[] end = Keys.prefixEnd(prefix);
    if (end != null && Keys.ORDER.compare(from, end) >= 0) {
      return; // starts past the prefix: nothing to visit
    }
    NavigableMap<byte[], byte[]> range = end == null ? s.tailMap(from, true) : s.subMap(from, true, end, false);
    Merge merge = new Merge(range.entrySet().iterator(), visitor);
    base.scan(family, prefix, startAt, merge);
    while (!merge.stopped && merge.next != null) {
      merge.emitNext();
    }
  }

  /** Merges staged entries (in key order) into the base scan; a staged key replaces the base's. */
  private static final class Merge implements EntryVisitor {
    private final Iterator<Map.Entry<byte[], byte[]>> pending;
    private final EntryVisitor visitor;
    Map.Entry<byte[], byte[]> next;
    boolean stopped;

    Merge(Iterator<Map.Entry<byte[], byte[]>> pending, EntryVisitor visitor) {
      this.pending = pending;
      this.visitor = visitor;
      this.next = pending.hasNext() ? pending.next() : null;
    }

    @Override
    public boolean visit(byte[] key, byte[] value) {
      while (next != null && Keys.ORDER.compare(next.getKey(), key) < 0) {
        if (!emitNext()) {
          return false;
        }
      }
      if (next != null && Keys.ORDER.compare(next.getKey(), key) == 0) {
        return emitNext();
      }
      stopped = !visitor.visit(key, value);
      return !stopped;
    }

    /** Emits the next staged entry (skipping a delete); returns whether to go on. */
    boolean emitNext() {
      Map.Entry<byte[], byte[]> e = next;
      next = pending.hasNext() ? pending.next() : null;
      if (e.getValue() != TOMBSTONE) {
        stopped = !visitor.visit(e.getKey().clone(), e.getValue().clone());
      }
      return !stopped;
    }
  }

  /** Whether nothing is staged. */
  public boolean isEmpty() {
    return staged.values().stream().allMatch(Map::isEmpty);
  }

  /** Writes everything staged to the base as one atomic batch with {@code mode}, then clears the stage. */
  public void commit(WriteMode mode) {
    Batch batch = new Batch();
    staged.forEach(
        (family, entries) ->
            entries.forEach(
                (key, value) -> {
                  if (value == TOMBSTONE) {
                    batch.delete(family, key);
                  } else {
                    batch.put(family, key, value);
                  }
                }));
    base.write(batch, mode);
    staged.clear();
  }

  @Override
  public void close() {
    staged.clear();
  }
}
