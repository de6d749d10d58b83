package io.strongroom.storage.engine;

import java.util.Optional;

/**
 * An ordered key-value store split into {@link ColumnFamily column families}, with atomic batches
 * and prefix scans. Keys compare as unsigned bytes.
 *
 * <p>Guarantees: a {@link #write} is atomic across families; a read started after {@code write}
 * returned sees it. Values go to disk exactly as given: the engine never encrypts, so callers seal
 * anything secret before it gets here (the barrier does).
 *
 * <p>Threading: implementations are thread-safe. Arrays passed in are not retained; arrays returned
 * are fresh copies owned by the caller. After {@link #close()} every method throws
 * {@link IllegalStateException}.
 *
 * <p>Failures of the environment (I/O, corruption, full disk, a locked data dir) surface as
 * {@link StorageException} subclasses that name the data dir.
 */
public interface StorageEngine extends AutoCloseable {

  /** The value stored under {@code key} in {@code family}, if any. */
  Optional<byte[]> get(ColumnFamily family, byte[] key);

  /** Applies {@code batch} atomically with the given durability. An empty batch is a no-op. */
  void write(Batch batch, WriteMode mode);

  /**
   * Visits, in ascending key order, the entries of {@code family} whose key starts with
   * {@code prefix} and is not less than {@code startAt}, until the visitor returns {@code false}.
   * An empty prefix visits the whole family. The view is a consistent snapshot taken when the scan
   * starts.
   *
   * @param startAt the first key to consider (inclusive); keys below {@code prefix} are treated as
   *                {@code prefix}
   */
  void scan(ColumnFamily family, byte[] prefix, byte[] startAt, EntryVisitor visitor);

  /** {@link #scan(ColumnFamily, byte[], byte[], EntryVisitor)} from the start of the prefix. */
  default void scan(ColumnFamily family, byte[] prefix, EntryVisitor visitor) {
    scan(family, prefix, prefix, visitor);
  }

  /** Releases the engine; idempotent. Waits for reads and writes in progress to finish. */
  @Override
  void close();
}
