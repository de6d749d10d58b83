package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StagedEngine;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
  private static final byte[] RECORD_PREFIX = "rec/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DEDUP_PREFIX = "dedup/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DEDUP_BY_TIME_PREFIX = "dedupt/".getBytes(StandardCharsets.UTF_8);

  private final StorageEngine engine;
  private final KvLimits limits;
  private final WriteMode writeMode;
  private final KvState reads;
  private volatile LogPosition applied;

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
    Objects.requireNonNull(entry, "entry");
    if (index <= applied.index()) {
      return List.of();
    }
    StagedEngine staged = new StagedEngine(engine);
    KvState kv = new KvState(staged, limits);
    List<CommandResult> results = new ArrayList<>(entry.commands().size());
    long now = entry.leaderTimeMillis();
    for (Command command : entry.commands()) {
      Optional<CommandResult> earlier = staged.get(ColumnFamily.SYSTEM, dedupKey(command.requestId())).map(ReplicatedState::storedResult);
      if (earlier.isPresent()) {
        results.add(earlier.get());
        continue;
      }
      Batch batch = new Batch();
      CommandResult result = applyOne(command, now, kv, staged, batch);
      remember(command.requestId(), now, result, batch);
      staged.write(batch, writeMode);
      results.add(result);
    }
    evictExpired(staged, now);
    LogPosition next = new LogPosition(term, index);
    staged.write(new Batch().put(ColumnFamily.APPLIED, APPLIED_KEY, next.encode()), writeMode);
    staged.commit(writeMode);
    applied = next;
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

  private static CommandResult applyOne(Command command, long now, KvState kv, StorageEngine staged, Batch batch) {
    if (command instanceof Command.KvWrite w) {
      return new CommandResult.Kv(kv.apply(w.command(), now, batch));
    }
    Command.SystemPut put = (Command.SystemPut) command;
    byte[] key = recordKey(put.key());
    Optional<byte[]> current = staged.get(ColumnFamily.SYSTEM, key);
    boolean allowed;
    if (put.precondition() instanceof Command.Precondition.Absent) {
      allowed = current.isEmpty();
    } else if (put.precondition() instanceof Command.Precondition.Matches m) {
      allowed = current.isPresent() && m.sha256().equals(sha256(current.get()));
    } else {
      allowed = true;
    }
    if (!allowed) {
      return new CommandResult.SystemPutDone(false);
    }
    batch.put(ColumnFamily.SYSTEM, key, put.value().toByteArray());
    return new CommandResult.SystemPutDone(true);
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
  private static void evictExpired(StagedEngine staged, long now) {
    long cutoff = now - DEDUP_RETENTION_MILLIS;
    List<byte[]> expired = new ArrayList<>();
    staged.scan(
        ColumnFamily.SYSTEM,
        DEDUP_BY_TIME_PREFIX,
        (key, value) -> {
          long t = ByteBuffer.wrap(key, DEDUP_BY_TIME_PREFIX.length, 8).getLong() ^ Long.MIN_VALUE;
          if (t >= cutoff || expired.size() >= EVICTIONS_PER_ENTRY) {
            return false;
          }
          expired.add(key);
          return true;
        });
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
