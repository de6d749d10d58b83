package io.strongroom.storage.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of puts and deletes that a {@link StorageEngine} applies atomically: after
 * {@link StorageEngine#write} returns, readers see all of it or, if the write failed, none of it.
 * Later operations on the same key win.
 *
 * <p>Arrays are copied when added, so callers may reuse them. Not thread-safe: build a batch on one
 * thread, then hand it to {@code write}.
 */
public final class Batch {

  /** One operation; {@code value} is {@code null} for a delete. */
  record Op(ColumnFamily family, byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();
  private long bytes;

  /** Stages {@code key -> value} in {@code family}. */
  public Batch put(ColumnFamily family, byte[] key, byte[] value) {
    Objects.requireNonNull(family, "family");
    ops.add(new Op(family, key.clone(), value.clone()));
    bytes += key.length + value.length;
    return this;
  }

  /** Stages the removal of {@code key} from {@code family}; removing an absent key is not an error. */
  public Batch delete(ColumnFamily family, byte[] key) {
    Objects.requireNonNull(family, "family");
    ops.add(new Op(family, key.clone(), null));
    bytes += key.length;
    return this;
  }

  /** Number of staged operations. */
  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /** Sum of staged key and value lengths. */
  public long byteSize() {
    return bytes;
  }

  /** Removes every staged operation. */
  public void clear() {
    ops.clear();
    bytes = 0;
  }

  /** The staged operations; the engine reads, never modifies, the arrays. */
  List<Op> ops() {
    return ops;
  }

  @Override
  public String toString() {
    return "Batch[ops=" + ops.size() + ", bytes=" + bytes + "]";
  }
}
