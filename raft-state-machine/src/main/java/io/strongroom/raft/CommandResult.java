package io.strongroom.raft;

import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;

/** What applying one {@link Command} produced; identical on every replica. */
public sealed interface CommandResult {

  /** The outcome of a {@link Command.KvWrite}. */
  record Kv(KvResult result) implements CommandResult {}

  /** The outcome of a {@link Command.SystemPut}: {@code written} is false when it was refused as present. */
  record SystemPutDone(boolean written) implements CommandResult {}

  /** The outcome of a {@link Command.SystemDelete}: {@code deleted} is false when the precondition failed or nothing was there. */
  record SystemDeleteDone(boolean deleted) implements CommandResult {}

  /** A {@link Command.RestoreChunk} was set aside. */
  record RestoreChunkStored(int index) implements CommandResult {}

  /** A {@link Command.RestoreCommit} replaced the state with {@code records} records from the dump. */
  record Restored(long records) implements CommandResult {}

  /** A {@link Command.RestoreCommit} changed nothing, for {@code reason}. */
  record RestoreRefused(String reason) implements CommandResult {}

  /** An {@link Command.AuditAppend} added entries {@code firstSeq .. firstSeq + count - 1}. */
  record AuditAppended(long firstSeq, int count) implements CommandResult {}

  /** An {@link Command.AuditCheckpoint} was stored, or refused as not matching the chain. */
  record CheckpointStored(boolean stored) implements CommandResult {}

  /** What a {@link Command.KvRead} found, still sealed. */
  record Read(SealedRead found) implements CommandResult {}
}
