package io.strongroom.raft.ratis;

import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.AuditLog;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.LogEntryCodec;
import io.strongroom.raft.MalformedEntryException;
import io.strongroom.raft.ReplicatedState;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.ReadCachingEngine;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis adapter: translates between Ratis and {@link ReplicatedState}, and owns the live
 * RocksDB and its checkpoints. It decides nothing itself.
 *
 * <ul>
 *   <li>{@code startTransaction} (leader only) validates the proposed entry and stamps the leader's
 *       clock into it (never decreasing), so every replica applies the same time.</li>
 *   <li>{@code applyTransaction} applies the entry and replies with the encoded results.</li>
 *   <li>{@code query} is the read barrier: it answers the applied index once Ratis has ensured
 *       (with read index) that this replica has applied everything committed before the read.</li>
 *   <li>Snapshots are RocksDB checkpoints in {@code sm/}; the live database sits in
 *       {@code stateDir}, outside {@code sm/}, because installing a snapshot replaces {@code sm/}.</li>
 * </ul>
 *
 * <p>Restart: the live database survives a process crash (its WAL is written, not fsynced; the Raft
 * log is the durable record) and remembers the last applied index; Ratis replays from the latest
 * snapshot and {@link ReplicatedState#apply} skips what the database already holds.
 *
 * <p>{@link WriteMode#NO_WAL} would be consistent too (flushes are atomic over all column
 * families), but then a crashed node replays every entry since its state's last flush, often its
 * whole log. A chaos run with it left a restarted follower behind for good: its Raft log stopped
 * at index 6,993 and it answered every append from the leader with INCONSISTENCY at 6,994 for more
 * than a minute. Runs with the WAL have not shown that; until it is understood, the state keeps
 * its WAL.
 */
public final class StrongroomStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(StrongroomStateMachine.class);

  /** How each applied entry is written: with a WAL, not synced (see the class comment). */
  static final WriteMode STATE_WRITES = WriteMode.BUFFERED;

  private final Path stateDir;
  private final KvLimits limits;
  private final RocksDbTuning tuning;
  private final LongSupplier clock;
  private final CheckpointSnapshotStorage snapshots = new CheckpointSnapshotStorage();
  private final AtomicLong lastLeaderTime = new AtomicLong();
  private volatile RocksDbEngine engine;
  /**
   * The state's view of {@link #engine}: secret metadata records, read by every write and audited
   * read on every replica, come from memory when recently used (see {@link ReadCachingEngine}).
   */
  private volatile ReadCachingEngine reads;
  /** About 16k metadata records (a few MB): every hot secret of a large deployment. */
  static final int METADATA_CACHE_KEYS = 16_384;
  private volatile ReplicatedState state;
  private volatile StateListener listener = StateListener.NONE;

  /**
   * @param stateDir where the live database lives; must not be inside Ratis' storage dir
   * @param clock the leader's wall clock in epoch milliseconds, read only in startTransaction
   */
  public StrongroomStateMachine(Path stateDir, KvLimits limits, RocksDbTuning tuning, LongSupplier clock) {
    this.stateDir = stateDir.toAbsolutePath().normalize();
    this.limits = Objects.requireNonNull(limits, "limits");
    this.tuning = Objects.requireNonNull(tuning, "tuning");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The replicated state; reads go through it after a {@code query} read barrier.
   *
   * @throws StateUnavailableException while the state is not open (starting, closing, or swapped
   *     for an installed snapshot)
   */
  public ReplicatedState state() {
    ReplicatedState s = state;
    if (s == null) {
      throw new StateUnavailableException();
    }
    return s;
  }

  /**
   * The last log index applied, as Ratis counts it: every entry, including the configuration and
   * metadata entries that reach this class only through {@code notifyTermIndexUpdated} and change
   * no state. -1 before anything was applied.
   */
  public long lastAppliedIndex() {
    TermIndex last = getLastAppliedTermIndex();
    return last == null ? -1 : last.getIndex();
  }

  /** Registers the one listener for applied changes; replaces any earlier one. */
  public void setListener(StateListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    getLifeCycle().startAndTransition(this::open, IOException.class);
  }

  private void open() throws IOException {
    var snapshot = snapshots.latest();
    RocksDbEngine live = null;
    if (Files.isRegularFile(stateDir.resolve("CURRENT"))) {
      live = RocksDbEngine.open(stateDir, tuning);
      long applied = new ReplicatedState(live, limits, STATE_WRITES).applied().index();
      if (snapshot.isPresent() && applied < snapshot.get().termIndex().getIndex()) {
        LOG.warn("live state at index {} is behind snapshot {}; rebuilding from the snapshot", applied, snapshot.get().termIndex());
        live.close();
        live = null;
        CheckpointSnapshotStorage.deleteTree(stateDir);
      }
    }
    if (live == null) {
      live =
          snapshot.isPresent()
              ? RocksDbEngine.openFromCheckpoint(snapshot.get().dir(), stateDir, tuning)
              : RocksDbEngine.open(stateDir, tuning);
    }
    int moved = AuditLog.separateChainFromEntries(live);
    if (moved > 0) {
      LOG.info("moved {} audit chain records out of the audit entries' column family (an older build's layout)", moved);
    }
    engine = live;
    reads = new ReadCachingEngine(live, ColumnFamily.SECRET_METADATA, METADATA_CACHE_KEYS);
    state = new ReplicatedState(reads, limits, STATE_WRITES);
    setLastAppliedTermIndex(snapshot.map(CheckpointSnapshotStorage.Snapshot::termIndex).orElse(null));
    LOG.info("state open at applied index {} (snapshot {})", state.applied().index(), snapshot.map(s -> s.termIndex().toString()).orElse("none"));
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    closeEngine();
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  /** After Ratis installed a snapshot from the leader: rebuild the live state from it. */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().transition(LifeCycle.State.STARTING);
    closeEngine();
    snapshots.reload();
    CheckpointSnapshotStorage.deleteTree(stateDir);
    open();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
    listener.reloaded();
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    byte[] data = request.getMessage().getContent().toByteArray();
    TransactionContext.Builder trx = TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request);
    try {
      LogEntryCodec.decode(data);
    } catch (MalformedEntryException | IllegalArgumentException e) {
      TransactionContext refused = trx.build();
      refused.setException(e);
      return refused;
    }
    long now = lastLeaderTime.accumulateAndGet(clock.getAsLong(), Math::max);
    return trx.setLogData(ByteString.copyFrom(LogEntryCodec.withLeaderTime(data, now))).build();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    TermIndex ti = TermIndex.valueOf(entry);
    ReplicatedState s = state();
    var proposer = entry.getStateMachineLogEntry();
    AppliedListener listener = appliedListener;
    // Only the proposer answers a leader's own proposal (LeaderProposals): elsewhere its results
    // would be built to be thrown away. Proposals through Ratis' client are answered everywhere,
    // since a new leader's retry cache may answer a retried call from this replica's results.
    boolean answered = listener == null || listener.answers(proposer.getClientId());
    ByteString results;
    try {
      LogEntry decoded = LogEntryCodec.decode(proposer.getLogData().toByteArray());
      List<CommandResult> applied = s.apply(ti.getTerm(), ti.getIndex(), decoded, answered);
      results = answered ? ByteString.copyFrom(LogEntryCodec.encodeResults(new AppliedEntry(decoded.leaderTimeMillis(), applied))) : ByteString.EMPTY;
      notifySystemRecords(decoded, applied);
    } catch (MalformedEntryException e) {
      // startTransaction validates, so this is a log written by an incompatible build. Every replica
      // decides the same way: the entry changes nothing.
      s.markApplied(ti.getTerm(), ti.getIndex());
      updateLastAppliedTermIndex(ti);
      return CompletableFuture.failedFuture(e);
    }
    updateLastAppliedTermIndex(ti);
    if (listener != null) {
      listener.applied(ti, proposer.getClientId(), proposer.getCallId(), results);
      if (listener.takesResults(proposer.getClientId())) {
        // Ratis keeps every reply in its retry cache for a minute; this one would hold the entry's
        // answers (sealed values included), 100 MB on a busy leader that every young collection
        // copied. Its proposer has the results already.
        return CompletableFuture.completedFuture(Message.EMPTY);
      }
    }
    return CompletableFuture.completedFuture(Message.valueOf(results));
  }

  /** Told of every entry this replica applies: who proposed it and what it answered. */
  interface AppliedListener {
    /**
     * Whether this replica's results for an entry proposed by {@code proposer} (a Ratis client id)
     * can be asked for. When not, its reads skip their sealed values and its results are empty.
     */
    boolean answers(ByteString proposer);

    /**
     * Whether {@link #applied} hands the results of {@code proposer}'s entries to their callers, so
     * that Ratis' reply to the proposal (and its retry cache entry) can go without them.
     */
    boolean takesResults(ByteString proposer);

    /**
     * Called on the apply thread, after the entry's state is applied: must return at once.
     *
     * @param proposer the Ratis client id of the proposal
     * @param callId its call id
     * @param results {@link LogEntryCodec#encodeResults}' form of the entry's results; empty when
     *     {@link #answers} said no
     */
    void applied(TermIndex at, ByteString proposer, long callId, ByteString results);

    /**
     * Called on the apply thread for an entry that changes no state (a configuration or metadata
     * entry), after it counts as applied: must return at once. A new leader's first entry of its
     * term is one, and may be the only one for a while.
     */
    void passed(TermIndex at);
  }

  /** A configuration or metadata entry: no state changes, but the listener learns its term. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    AppliedListener listener = appliedListener;
    if (listener != null) {
      listener.passed(TermIndex.valueOf(term, index));
    }
  }

  private volatile AppliedListener appliedListener;

  /** Sets the one {@link AppliedListener} (the node's own proposals, see {@link LeaderProposals}). */
  void onApplied(AppliedListener listener) {
    appliedListener = listener;
  }

  /** The term of the last entry applied here (0 before any). */
  long lastAppliedTerm() {
    TermIndex last = getLastAppliedTermIndex();
    return last == null ? 0 : last.getTerm();
  }

  private void notifySystemRecords(LogEntry entry, List<CommandResult> results) {
    for (int i = 0; i < results.size(); i++) {
      if (entry.commands().get(i) instanceof io.strongroom.raft.Command.SystemPut put
          && results.get(i) instanceof CommandResult.SystemPutDone done
          && done.written()) {
        try {
          listener.systemRecordWritten(put.key(), put.value());
        } catch (RuntimeException e) {
          LOG.error("state listener failed for system record {}", put.key(), e);
        }
      }
    }
  }

  /** The read barrier: answers this replica's applied index (8 bytes, big-endian). */
  @Override
  public CompletableFuture<Message> query(Message request) {
    long applied = state().applied().index();
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(applied).array())));
  }

  /**
   * Copies the live state, consistent at one applied position, into {@code target} (which must
   * not exist): the source of a backup, read while the state moves on.
   */
  public void checkpointTo(Path target) {
    RocksDbEngine e = engine;
    if (e == null) {
      throw new IllegalStateException("the state machine is not running");
    }
    e.checkpoint(target);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    Path dir = snapshots.dirFor(last);
    // Entries Ratis applied without us (configuration, metadata) change no state; record them so
    // the checkpoint's applied marker matches the position it is named after.
    state().markApplied(last.getTerm(), last.getIndex());
    if (!Files.exists(dir)) {
      Path tmp = snapshots.tmpDirFor(last);
      CheckpointSnapshotStorage.deleteTree(tmp);
      engine.checkpoint(tmp);
      Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      LOG.info("snapshot {} taken", last);
    }
    snapshots.published(dir, last);
    return last.getIndex();
  }

  @Override
  public void close() throws IOException {
    closeEngine();
    super.close();
  }

  private void closeEngine() {
    state = null;
    ReadCachingEngine r = reads;
    reads = null;
    if (r != null) {
      r.close(); // empties the cache: nothing read from a closed state
    }
    RocksDbEngine e = engine;
    engine = null;
    if (e != null) {
      e.close();
    }
  }
}
