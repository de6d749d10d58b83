package io.strongroom.raft;

import io.strongroom.audit.AuditChain;
import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Checkpoint;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The replicated audit chain inside the state: entries in the {@code audit} column family, signed
 * checkpoints and the chain's own state in {@code audit-chain}, all written in the same batch as
 * the entry that made them. Nothing ever deletes them: not compaction, not snapshots, not a restore.
 *
 * <p>Layout (keys big-endian so they sort by sequence number). In {@link ColumnFamily#AUDIT}, only
 * {@code "e" | u64 seq} an entry ({@link AuditEntry#encode()}). In {@link ColumnFamily#AUDIT_CHAIN}:
 * {@code "c"} the chain state ({@link AuditChain#encode()}); {@code "k" | u64 seq} the checkpoint at
 * {@code seq} ({@link LogEntryCodec#encodeCheckpoint}); {@code "l"} a copy of the checkpoint with
 * the highest sequence number. Entries are apart so that RocksDB's tables of entries never overlap:
 * when the chain state shared their family, every table spanned from it to its newest entry, and
 * every compaction rewrote the whole log (293 MB, growing, every 50 s on each node under load).
 */
public final class AuditLog {
  private static final byte[] CHAIN_KEY = {'c'};
  private static final byte[] LATEST_CHECKPOINT_KEY = {'l'};
  private static final byte ENTRY = 'e';
  private static final byte CHECKPOINT = 'k';

  private final StorageEngine staged;
  private final long raftIndex;
  private final long leaderTime;
  private AuditChain chain;
  private boolean changed;

  AuditLog(StorageEngine staged, long raftIndex, long leaderTime) {
    this.staged = staged;
    this.raftIndex = raftIndex;
    this.leaderTime = leaderTime;
  }

  private AuditChain chain() {
    if (chain == null) {
      chain = loadChain(staged);
    }
    return chain;
  }

  static AuditChain loadChain(StorageEngine engine) {
    return engine.get(ColumnFamily.AUDIT_CHAIN, CHAIN_KEY).map(AuditChain::decode).orElseGet(AuditChain::empty);
  }

  /** Appends one entry for {@code record}, with {@code outcome} decided by the apply. */
  void append(AuditRecord record, String outcome, Batch batch) {
    AuditRecord decided = outcome.equals(record.outcome())
        ? record
        : new AuditRecord(record.requestId(), record.nodeId(), record.operation(), outcome, record.pathHmac(), record.accessorHmac());
    AuditEntry entry = chain().append(decided, raftIndex, leaderTime);
    batch.put(ColumnFamily.AUDIT, key(ENTRY, entry.seq()), entry.encode());
    changed = true;
  }

  CommandResult apply(Command command, Batch batch) {
    if (command instanceof Command.AuditAppend append) {
      long first = chain().nextSeq();
      for (AuditRecord r : append.records()) {
        append(r, r.outcome(), batch);
      }
      return new CommandResult.AuditAppended(first, append.records().size());
    }
    Checkpoint cp = ((Command.AuditCheckpoint) command).checkpoint();
    // The leader signed the chain as it had applied it; every replica holds the same chain, so
    // the entry at that sequence number must carry that head hash.
    Optional<AuditEntry> at = cp.seq() <= chain().size() ? entry(staged, cp.seq()) : Optional.empty();
    boolean matches = at.isPresent() && at.get().hash().equals(cp.headHash());
    if (matches) {
      byte[] encoded = LogEntryCodec.encodeCheckpoint(cp);
      batch.put(ColumnFamily.AUDIT_CHAIN, key(CHECKPOINT, cp.seq()), encoded);
      Optional<Checkpoint> latest = staged.get(ColumnFamily.AUDIT_CHAIN, LATEST_CHECKPOINT_KEY).map(LogEntryCodec::decodeCheckpoint);
      if (latest.isEmpty() || latest.get().seq() < cp.seq()) {
        batch.put(ColumnFamily.AUDIT_CHAIN, LATEST_CHECKPOINT_KEY, encoded);
      }
    }
    return new CommandResult.CheckpointStored(matches);
  }

  /** Writes the chain state once per Raft entry, if it moved. */
  void finish(StorageEngine target, WriteMode mode) {
    if (changed) {
      target.write(new Batch().put(ColumnFamily.AUDIT_CHAIN, CHAIN_KEY, chain.encode()), mode);
    }
  }

  /**
   * The outcome an audited command's result stands for: {@code ok} or the error code the client is
   * answered with. Part of the replicated state, so it is a pure function of the result.
   */
  static String outcome(CommandResult result) {
    if (result instanceof CommandResult.Kv kv) {
      KvResult r = kv.result();
      if (r instanceof KvResult.Written || r instanceof KvResult.Done) {
        return AuditRecord.OK;
      }
      if (r instanceof KvResult.CasMismatch || r instanceof KvResult.CasRequired) {
        return "CAS_MISMATCH";
      }
      if (r instanceof KvResult.NotFound) {
        return "NOT_FOUND";
      }
      return "INVALID_ARGUMENT";
    }
    if (result instanceof CommandResult.Read read) {
      SealedRead found = read.found();
      if (found instanceof SealedRead.Found || found instanceof SealedRead.Live) {
        return AuditRecord.OK;
      }
      return found instanceof SealedRead.Rejected ? "INVALID_ARGUMENT" : "NOT_FOUND";
    }
    if (result instanceof CommandResult.SystemPutDone put) {
      return put.written() ? AuditRecord.OK : "CAS_MISMATCH";
    }
    if (result instanceof CommandResult.SystemDeleteDone delete) {
      return delete.deleted() ? AuditRecord.OK : "NOT_FOUND";
    }
    if (result instanceof CommandResult.RestoreRefused) {
      return "INVALID_ARGUMENT";
    }
    return AuditRecord.OK;
  }

  /**
   * Moves the chain state and checkpoints that an older build kept among the entries to their own
   * family, in one durable write; does nothing on a state laid out by this build. Run on opening a
   * state, before anything reads it: a pure function of the stored state, so every replica that
   * runs it holds the same state after.
   *
   * @return how many records moved
   */
  public static int separateChainFromEntries(StorageEngine engine) {
    Batch batch = new Batch();
    int[] moved = {0};
    for (byte[] prefix : List.of(CHAIN_KEY, new byte[] {CHECKPOINT}, LATEST_CHECKPOINT_KEY)) {
      engine.scan(ColumnFamily.AUDIT, prefix, (k, v) -> {
        batch.put(ColumnFamily.AUDIT_CHAIN, k, v);
        batch.delete(ColumnFamily.AUDIT, k);
        moved[0]++;
        return true;
      });
    }
    if (moved[0] > 0) {
      engine.write(batch, WriteMode.DURABLE);
    }
    return moved[0];
  }

  private static Optional<AuditEntry> entry(StorageEngine engine, long seq) {
    return engine.get(ColumnFamily.AUDIT, key(ENTRY, seq)).map(AuditEntry::decode);
  }

  private static byte[] key(byte kind, long seq) {
    return ByteBuffer.allocate(9).put(kind).putLong(seq).array();
  }

  /** Read access to the applied chain; reads see whatever has been applied when they run. */
  public static final class Reader {
    private final StorageEngine engine;

    Reader(StorageEngine engine) {
      this.engine = engine;
    }

    /** The chain's state: size, head, tree root. */
    public AuditChain chain() {
      return loadChain(engine);
    }

    /** The entry with sequence number {@code seq}. */
    public Optional<AuditEntry> entry(long seq) {
      return AuditLog.entry(engine, seq);
    }

    /**
     * Visits entries from {@code fromSeq} on, in order, while {@code visitor} returns true.
     */
    public void entries(long fromSeq, Predicate<AuditEntry> visitor) {
      engine.scan(ColumnFamily.AUDIT, new byte[] {ENTRY}, key(ENTRY, Math.max(1, fromSeq)),
          (k, v) -> visitor.test(AuditEntry.decode(v)));
    }

    /** Visits checkpoints from {@code fromSeq} on, in order, while {@code visitor} returns true. */
    public void checkpoints(long fromSeq, Predicate<Checkpoint> visitor) {
      engine.scan(ColumnFamily.AUDIT_CHAIN, new byte[] {CHECKPOINT}, key(CHECKPOINT, Math.max(1, fromSeq)),
          (k, v) -> visitor.test(LogEntryCodec.decodeCheckpoint(v)));
    }

    /** The checkpoint with the highest sequence number, if any. */
    public Optional<Checkpoint> latestCheckpoint() {
      return engine.get(ColumnFamily.AUDIT_CHAIN, LATEST_CHECKPOINT_KEY).map(LogEntryCodec::decodeCheckpoint);
    }
  }
}
