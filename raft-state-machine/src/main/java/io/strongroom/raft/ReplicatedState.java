package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StagedEngine;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvState;
import io.strongroom.storage.kv.SealedRead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The deterministic replicated state of a Strongroom cluster: what every replica computes from the
 * Raft log, independent of Ratis so it can be tested (and simulated) alone.
 *
 * <p>Determinism: {@link #apply} reads only the entry and the stored state. The only time it knows
 * is the leader's, carried in the entry; it draws no randomness and decrypts nothing. Replicas that
 * apply the same entries from the same state therefore hold byte-identical state.
 *
 * <p>Atomicity: one entry is one atomic engine write holding every command's change, its
 * idempotency record and the new applied term-index. A crash leaves either the whole entry applied
 * (and marked) or none of it; {@link #apply} skips entries at or below the applied index, so
 * replaying the log after a restart never applies anything twice.
 *
 * <p>Idempotency: each command's result is kept under its {@link RequestId} for
 * {@link #DEDUP_RETENTION_MILLIS} of leader time; a command whose id was seen is not applied again
 * but answered with the stored result. Eviction is driven by leader time too, so it is identical on
 * every replica.
 *
 * <p>Threading: {@code apply} and {@code markApplied} must be called from one thread in log order
 * (Ratis' state machine updater). Reads may run concurrently and see whole entries only.
 */
public final class ReplicatedState {
  /** How long a request id is remembered: longer than any client retries a request. */
  public static final long DEDUP_RETENTION_MILLIS = 10 * 60 * 1000L;
  /** Bound on the dedup records evicted per entry, so no entry does unbounded work. */
  static final int EVICTIONS_PER_ENTRY = 256;

  private static final byte[] APPLIED_KEY = "applied".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RECORD_PREFIX = StateDump.RECORD_PREFIX;
  private static final byte[] DEDUP_PREFIX = "dedup/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DEDUP_BY_TIME_PREFIX = "dedupt/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESTORE_PREFIX = "restore/".getBytes(StandardCharsets.UTF_8);

  private final StorageEngine engine;
  private final KvLimits limits;
  private final WriteMode writeMode;
  private final KvState reads;
  private volatile LogPosition applied;
  private volatile long lastLeaderTime;
  /**
   * The leader time of the oldest remembered request id, when known ({@link #UNKNOWN} otherwise,
   * {@link Long#MAX_VALUE} when none is remembered): lets {@link #evictExpired} skip its scan while
   * nothing can have expired. Only an optimization of the apply thread: it mirrors the state, so
   * it changes nothing a replica computes. (Scanning from the front of the time index on every
   * entry walked the tombstones of every eviction before it.)
   */
  private long oldestRemembered = UNKNOWN;
  /**
   * The time-index key of the last request id {@link #evictExpired} forgot, or null when not known:
   * every key before it is deleted, so the next eviction scan starts there instead of at the front
   * of the index, where RocksDB would walk the tombstone of every eviction since the last
   * compaction on each entry (the apply thread slowed from thousands of entries per second to
   * tens once request ids began to expire). Only an optimization, like {@link #oldestRemembered}:
   * it is dropped whenever a key could be written before it, so the scan sees the same keys.
   */
  private byte[] evictedUpTo;

  private static final long UNKNOWN = Long.MIN_VALUE;

  /**
   * @param engine the state's storage; this object owns writes to it from now on
   * @param writeMode durability of each entry's write ({@link WriteMode#NO_WAL} when the Raft log
   *     is the write-ahead log and snapshots make state durable)
   */
  public ReplicatedState(StorageEngine engine, KvLimits limits, WriteMode writeMode) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.writeMode = Objects.requireNonNull(writeMode, "writeMode");
    this.reads = new KvState(engine, limits);
    this.applied = engine.get(ColumnFamily.APPLIED, APPLIED_KEY).map(LogPosition::decode).orElse(LogPosition.INITIAL);
  }

  /** The last applied entry's term and index ({@link LogPosition#INITIAL} for a new state). */
  public LogPosition applied() {
    return applied;
  }

  /** Read access to versioned secrets (sealed values; the edge decrypts). */
  public KvState kv() {
    return reads;
  }

  /**
   * The newest leader time this replica has applied (0 before the first entry since it started):
   * the clock every replica judges token expiry by, so they agree.
   */
  public long lastLeaderTime() {
    return lastLeaderTime;
  }

  /** The keys of the system records whose key starts with {@code prefix}, in order, at most {@code limit}. */
  public List<String> systemKeys(String prefix, int limit) {
    byte[] p = recordKey(prefix);
    List<String> out = new ArrayList<>();
    engine.scan(ColumnFamily.SYSTEM, p, (k, v) -> {
      out.add(new String(k, RECORD_PREFIX.length, k.length - RECORD_PREFIX.length, StandardCharsets.UTF_8));
      return out.size() < limit;
    });
    return out;
  }

  /** The audit chain as applied so far (entries, checkpoints, head). */
  public AuditLog.Reader audit() {
    return new AuditLog.Reader(engine);
  }

  /** The system record stored under {@code key} by a {@link Command.SystemPut}. */
  public Optional<Bytes> systemRecord(String key) {
    return engine.get(ColumnFamily.SYSTEM, recordKey(key)).map(Bytes::of);
  }

  /**
   * Applies the entry at {@code (term, index)} and returns one result per command, in order. An
   * entry at or below the applied index was applied before (log replay after a restart): it changes
   * nothing and returns an empty list.
   */
  public List<CommandResult> apply(long term, long index, LogEntry entry) {
    return apply(term, index, entry, true);
  }

  /**
   * {@link #apply(long, long, LogEntry)} for a replica that may not answer the entry's requests.
   * With {@code answered} false, each read records its outcome but does not fetch its sealed value:
   * its result is {@link SealedRead.Live} instead of {@link SealedRead.Found}. Everything written
   * to the state is the same either way, so replicas that answer and replicas that do not stay
   * byte-identical.
   */
  public List<CommandResult> apply(long term, long index, LogEntry entry, boolean answered) {
    Objects.requireNonNull(entry, "entry");
    if (index <= applied.index()) {
      return List.of();
    }
    StagedEngine staged = new StagedEngine(engine);
    KvState kv = new KvState(staged, limits);
    List<CommandResult> results = new ArrayList<>(entry.commands().size());
    long now = entry.leaderTimeMillis();
    if (evictedUpTo != null && now <= evictedAt(evictedUpTo)) {
      evictedUpTo = null; // a leader whose clock is far behind may remember ids before the cursor
    }
    AuditLog audit = new AuditLog(staged, index, now);
    for (Command command : entry.commands()) {
      Batch batch = new Batch();
      if (command instanceof Command.AuditAppend || command instanceof Command.AuditCheckpoint) {
        results.add(audit.apply(command, batch)); // one answer each: never replayed from a request id
        staged.write(batch, writeMode);
        continue;
      }
      if (command instanceof Command.Audited audited && audited.command() instanceof Command.KvRead read) {
        // A read: the state as of this entry, its outcome recorded in the same apply. Nothing is
        // remembered for replay (the result holds ciphertext): a retried read reads again.
        CommandResult result = read(kv, read, now, answered);
        audit.append(audited.audit(), AuditLog.outcome(result), batch);
        staged.write(batch, writeMode);
        results.add(result);
        continue;
      }
      if (command instanceof Command.KvRead read) {
        results.add(read(kv, read, now, answered));
        continue; // never proposed unaudited (the codec refuses it); harmless if it were
      }
      Optional<CommandResult> earlier = staged.get(ColumnFamily.SYSTEM, dedupKey(command.requestId())).map(ReplicatedState::storedResult);
      if (earlier.isPresent()) {
        results.add(earlier.get());
        continue;
      }
      CommandResult result;
      if (command instanceof Command.Audited audited) {
        result = applyOne(audited.command(), now, kv, staged, batch);
        audit.append(audited.audit(), AuditLog.outcome(result), batch);
      } else {
        result = applyOne(command, now, kv, staged, batch);
        if (command instanceof Command.RestoreCommit) {
          oldestRemembered = UNKNOWN; // a restore rewrites system records wholesale
          evictedUpTo = null;
        }
      }
      remember(command.requestId(), now, result, batch);
      if (oldestRemembered != UNKNOWN) {
        oldestRemembered = Math.min(oldestRemembered, now);
      }
      staged.write(batch, writeMode);
      results.add(result);
    }
    audit.finish(staged, writeMode);
    evictExpired(staged, now);
    LogPosition next = new LogPosition(term, index);
    staged.write(new Batch().put(ColumnFamily.APPLIED, APPLIED_KEY, next.encode()), writeMode);
    staged.commit(writeMode);
    applied = next;
    lastLeaderTime = Math.max(lastLeaderTime, now);
    return results;
  }

  /**
   * Records an entry that carries no commands (a Raft configuration or metadata entry) as applied,
   * so the applied index always equals the last entry the state has seen.
   */
  public void markApplied(long term, long index) {
    if (index <= applied.index()) {
      return;
    }
    LogPosition next = new LogPosition(term, index);
    engine.write(new Batch().put(ColumnFamily.APPLIED, APPLIED_KEY, next.encode()), writeMode);
    applied = next;
  }

  private static CommandResult read(KvState kv, Command.KvRead read, long now, boolean answered) {
    OptionalLong version = read.version() == 0 ? OptionalLong.empty() : OptionalLong.of(read.version());
    return new CommandResult.Read(answered ? kv.read(read.path(), version, now) : kv.probe(read.path(), version, now));
  }

  private static CommandResult applyOne(Command command, long now, KvState kv, StorageEngine staged, Batch batch) {
    if (command instanceof Command.KvWrite w) {
      return new CommandResult.Kv(kv.apply(w.command(), now, batch));
    }
    if (command instanceof Command.SystemPut put) {
      byte[] key = recordKey(put.key());
      if (!holds(put.precondition(), staged.get(ColumnFamily.SYSTEM, key))) {
        return new CommandResult.SystemPutDone(false);
      }
      batch.put(ColumnFamily.SYSTEM, key, put.value().toByteArray());
      return new CommandResult.SystemPutDone(true);
    }
    if (command instanceof Command.SystemDelete delete) {
      byte[] key = recordKey(delete.key());
      Optional<byte[]> current = staged.get(ColumnFamily.SYSTEM, key);
      if (current.isEmpty() || !holds(delete.precondition(), current)) {
        return new CommandResult.SystemDeleteDone(false);
      }
      batch.delete(ColumnFamily.SYSTEM, key);
      return new CommandResult.SystemDeleteDone(true);
    }
    if (command instanceof Command.RestoreChunk chunk) {
      if (chunk.index() == 0) {
        staged.scan(ColumnFamily.SYSTEM, RESTORE_PREFIX, (k, v) -> {
          batch.delete(ColumnFamily.SYSTEM, k);
          return true;
        });
      }
      batch.put(ColumnFamily.SYSTEM, restoreKey(chunk.restoreId(), chunk.index()), chunk.data().toByteArray());
      return new CommandResult.RestoreChunkStored(chunk.index());
    }
    return restore((Command.RestoreCommit) command, staged, batch);
  }

  private static boolean holds(Command.Precondition precondition, Optional<byte[]> current) {
    if (precondition instanceof Command.Precondition.Absent) {
      return current.isEmpty();
    }
    if (precondition instanceof Command.Precondition.Matches m) {
      return current.isPresent() && m.sha256().equals(sha256(current.get()));
    }
    return true;
  }

  /**
   * Swaps the state for a dump's, in the entry's one batch: every secret and every system record
   * not kept goes, the dump's records come, the chunks are dropped. Refused, nothing changes
   * except that the chunks are dropped (a damaged upload is not retried from the log).
   */
  private static CommandResult restore(Command.RestoreCommit commit, StorageEngine staged, Batch batch) {
    java.io.ByteArrayOutputStream dump = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < commit.chunks(); i++) {
      Optional<byte[]> chunk = staged.get(ColumnFamily.SYSTEM, restoreKey(commit.restoreId(), i));
      if (chunk.isEmpty()) {
        return new CommandResult.RestoreRefused("chunk " + i + " of " + commit.chunks() + " never arrived");
      }
      dump.write(chunk.get(), 0, chunk.get().length);
    }
    staged.scan(ColumnFamily.SYSTEM, RESTORE_PREFIX, (k, v) -> {
      batch.delete(ColumnFamily.SYSTEM, k);
      return true;
    });
    byte[] bytes = dump.toByteArray();
    if (!commit.sha256().equals(sha256(bytes))) {
      return new CommandResult.RestoreRefused("the uploaded snapshot's SHA-256 does not match the one announced");
    }
    List<StateDump.Entry> entries;
    try {
      entries = StateDump.entries(bytes);
    } catch (MalformedEntryException e) {
      return new CommandResult.RestoreRefused(e.getMessage());
    }
    java.util.Set<String> keep = java.util.Set.copyOf(commit.keep());
    for (StateDump.Entry e : entries) {
      if (e.family() == ColumnFamily.SYSTEM && keep.contains(recordName(e.key()))) {
        return new CommandResult.RestoreRefused("the snapshot holds record " + recordName(e.key()) + ", which a restore keeps from the live cluster");
      }
    }
    for (ColumnFamily family : List.of(ColumnFamily.SECRET_DATA, ColumnFamily.SECRET_METADATA)) {
      staged.scan(family, new byte[0], (k, v) -> {
        batch.delete(family, k);
        return true;
      });
    }
    staged.scan(ColumnFamily.SYSTEM, RECORD_PREFIX, (k, v) -> {
      if (!keep.contains(recordName(k))) {
        batch.delete(ColumnFamily.SYSTEM, k);
      }
      return true;
    });
    for (StateDump.Entry e : entries) {
      batch.put(e.family(), e.key(), e.value());
    }
    return new CommandResult.Restored(entries.size());
  }

  private static String recordName(byte[] key) {
    return new String(key, RECORD_PREFIX.length, key.length - RECORD_PREFIX.length, StandardCharsets.UTF_8);
  }

  private static byte[] restoreKey(Bytes restoreId, int index) {
    return ByteBuffer.allocate(RESTORE_PREFIX.length + RequestId.LENGTH + 4)
        .put(RESTORE_PREFIX).put(restoreId.toByteArray()).putInt(index).array();
  }

  /** The hash a {@link Command.Precondition.Matches} compares against. */
  public static Bytes sha256(byte[] value) {
    try {
      return Bytes.of(java.security.MessageDigest.getInstance("SHA-256").digest(value));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void remember(RequestId id, long now, CommandResult result, Batch batch) {
    byte[] encoded = LogEntryCodec.encodeResult(result);
    byte[] value = ByteBuffer.allocate(8 + encoded.length).putLong(now).put(encoded).array();
    batch.put(ColumnFamily.SYSTEM, dedupKey(id), value);
    batch.put(ColumnFamily.SYSTEM, dedupByTimeKey(now, id), new byte[0]);
  }

  private static CommandResult storedResult(byte[] value) {
    byte[] encoded = new byte[value.length - 8];
    System.arraycopy(value, 8, encoded, 0, encoded.length);
    return LogEntryCodec.decodeResult(encoded);
  }

  /** Forgets request ids older than the retention, oldest first, at most a bounded number per entry. */
  private void evictExpired(StagedEngine staged, long now) {
    long cutoff = now - DEDUP_RETENTION_MILLIS;
    if (oldestRemembered != UNKNOWN && oldestRemembered >= cutoff) {
      return; // nothing remembered has expired yet
    }
    List<byte[]> expired = new ArrayList<>();
    long[] oldestKept = {Long.MAX_VALUE};
    staged.scan(
        ColumnFamily.SYSTEM,
        DEDUP_BY_TIME_PREFIX,
        evictedUpTo == null ? DEDUP_BY_TIME_PREFIX : evictedUpTo,
        (key, value) -> {
          long t = evictedAt(key);
          if (t >= cutoff) {
            oldestKept[0] = t;
            return false;
          }
          if (expired.size() >= EVICTIONS_PER_ENTRY) {
            oldestKept[0] = UNKNOWN; // more left to evict than this entry may do
            return false;
          }
          expired.add(key);
          return true;
        });
    oldestRemembered = oldestKept[0];
    if (expired.isEmpty()) {
      return;
    }
    Batch batch = new Batch();
    for (byte[] key : expired) {
      byte[] id = new byte[RequestId.LENGTH];
      System.arraycopy(key, DEDUP_BY_TIME_PREFIX.length + 8, id, 0, RequestId.LENGTH);
      batch.delete(ColumnFamily.SYSTEM, key);
      batch.delete(ColumnFamily.SYSTEM, dedupKey(RequestId.of(id)));
    }
    staged.write(batch, WriteMode.NO_WAL);
    evictedUpTo = expired.get(expired.size() - 1);
  }

  /** The leader time in a time-index key. */
  private static long evictedAt(byte[] timeKey) {
    return ByteBuffer.wrap(timeKey, DEDUP_BY_TIME_PREFIX.length, 8).getLong() ^ Long.MIN_VALUE;
  }

  private static byte[] recordKey(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(RECORD_PREFIX.length + k.length).put(RECORD_PREFIX).put(k).array();
  }

  private static byte[] dedupKey(RequestId id) {
    return ByteBuffer.allocate(DEDUP_PREFIX.length + RequestId.LENGTH).put(DEDUP_PREFIX).put(id.value().toByteArray()).array();
  }

  /** Time first (sign bit flipped so unsigned byte order is numeric order), then the id. */
  private static byte[] dedupByTimeKey(long time, RequestId id) {
    return ByteBuffer.allocate(DEDUP_BY_TIME_PREFIX.length + 8 + RequestId.LENGTH)
        .put(DEDUP_BY_TIME_PREFIX)
        .putLong(time ^ Long.MIN_VALUE)
        .put(id.value().toByteArray())
        .array();
  }
}
