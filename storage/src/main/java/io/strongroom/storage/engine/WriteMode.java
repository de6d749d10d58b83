package io.strongroom.storage.engine;

/**
 * Durability of one {@link StorageEngine#write} call.
 *
 * <p>{@code sync} fsyncs the write-ahead log before the call returns; {@code writeAheadLog=false}
 * skips the RocksDB WAL entirely, for callers that keep their own log (the Raft log is the WAL of the
 * replicated store) and make state durable with {@link RocksDbEngine#flush()} or a checkpoint. A write
 * without WAL is lost on a crash until it is flushed. The in-memory engine ignores the mode.
 *
 * @param sync fsync the WAL before returning; requires {@code writeAheadLog}
 * @param writeAheadLog write to the RocksDB WAL
 */
public record WriteMode(boolean sync, boolean writeAheadLog) {

  /** WAL written and fsynced before the write returns: survives power loss. */
  public static final WriteMode DURABLE = new WriteMode(true, true);
  /** WAL written, not fsynced: survives a process crash, not necessarily power loss. */
  public static final WriteMode BUFFERED = new WriteMode(false, true);
  /** No WAL: the caller's own log (Raft) is the WAL; durable only after a flush or checkpoint. */
  public static final WriteMode NO_WAL = new WriteMode(false, false);

  public WriteMode {
    if (sync && !writeAheadLog) {
      throw new IllegalArgumentException("sync requires the write-ahead log, was sync=true, writeAheadLog=false");
    }
  }
}
