package io.strongroom.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.audit.AuditChain;
import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Checkpoint;
import io.strongroom.audit.CheckpointSigner;
import io.strongroom.audit.Hash;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final long T0 = 1_790_000_000_000L;
  private static final String HMAC = "hmac-sha256:" + "ab".repeat(32);

  private final InMemoryEngine engine = new InMemoryEngine();
  private final ReplicatedState state = new ReplicatedState(engine, KvLimits.DEFAULT, WriteMode.BUFFERED);
  private long index;

  private static AuditRecord record(String requestId, String op) {
    return new AuditRecord(requestId, "n1", op, AuditRecord.OK, HMAC, HMAC);
  }

  private List<CommandResult> apply(Command... commands) {
    index++;
    return state.apply(1, index, new LogEntry(T0 + index, List.of(commands)));
  }

  private List<AuditEntry> entries() {
    List<AuditEntry> out = new ArrayList<>();
    state.audit().entries(1, e -> out.add(e));
    return out;
  }

  @Test
  void anAuditedWriteAppendsOneEntryWithTheOutcomeTheApplyDecided() {
    Command ok = new Command.Audited(Commands.put(1, "app/a"), record("r1", "kv.put"));
    Command stale = new Command.Audited(Commands.put(2, "app/a", OptionalLong.of(7)), record("r2", "kv.put"));
    assertThat(apply(ok, stale)).containsExactly(
        new CommandResult.Kv(new KvResult.Written(1)), new CommandResult.Kv(new KvResult.CasMismatch(7, 1)));

    List<AuditEntry> entries = entries();
    assertThat(entries).extracting(e -> e.record().outcome()).containsExactly("ok", "CAS_MISMATCH");
    assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.raftIndex()).isEqualTo(1);
      assertThat(e.leaderTimeMillis()).isEqualTo(T0 + 1);
    });
    assertThat(entries.get(1).prevHash()).isEqualTo(entries.get(0).hash());
    assertThat(entries.get(0).prevHash()).isEqualTo(Hash.ZERO);
  }

  @Test
  void aRetriedAuditedWriteIsAnsweredAgainButAuditedOnce() {
    Command once = new Command.Audited(Commands.put(1, "app/a"), record("r1", "kv.put"));
    apply(once);
    assertThat(apply(once)).containsExactly(new CommandResult.Kv(new KvResult.Written(1)));
    assertThat(entries()).hasSize(1);
  }

  private static Command read(int id, String path, long version) {
    return new Command.Audited(new Command.KvRead(Commands.id(id), path, version), record("read" + id, "kv.get"));
  }

  @Test
  void anAuditedReadSeesTheStateAtItsOwnEntryAndRecordsWhatItFound() {
    // a read after a write in the same entry sees it; a read before it does not
    List<CommandResult> results = apply(read(1, "app/a", 0), Commands.put(2, "app/a"), read(3, "app/a", 0), read(4, "app/a", 9), read(5, "/bad//path", 0));
    assertThat(results.get(0)).isEqualTo(new CommandResult.Read(new SealedRead.NotFound()));
    assertThat(results.get(2)).isInstanceOfSatisfying(CommandResult.Read.class, r -> {
      assertThat(r.found()).isInstanceOf(SealedRead.Found.class);
      SealedRead.Found f = (SealedRead.Found) r.found();
      assertThat(f.sealed()).isEqualTo(Commands.sealed(2)); // the ciphertext as stored: the state never decrypts
      assertThat(f.info().version()).isEqualTo(1);
    });
    assertThat(results.get(3)).isEqualTo(new CommandResult.Read(new SealedRead.NotFound()));
    assertThat(results.get(4)).isInstanceOfSatisfying(CommandResult.Read.class, r -> assertThat(r.found()).isInstanceOf(SealedRead.Rejected.class));
    // the unaudited put leaves no entry; each read leaves one, with the outcome the apply found
    assertThat(entries()).extracting(e -> e.record().requestId()).containsExactly("read1", "read3", "read4", "read5");
    assertThat(entries()).extracting(e -> e.record().outcome()).containsExactly("NOT_FOUND", "ok", "NOT_FOUND", "INVALID_ARGUMENT");
  }

  @Test
  void aReadOfADeletedVersionIsJudgedByTheEntrysLeaderTime() {
    apply(Commands.put(1, "app/a"));
    apply(new Command.KvWrite(Commands.id(2), new KvCommand.Delete("app/a", List.of(1L))));
    assertThat(apply(read(3, "app/a", 1))).singleElement()
        .isInstanceOfSatisfying(CommandResult.Read.class, r -> assertThat(r.found()).isInstanceOf(SealedRead.Deleted.class));
    assertThat(entries()).extracting(e -> e.record().outcome()).containsExactly("NOT_FOUND");
  }

  @Test
  void aRetriedReadReadsAgainAndIsRecordedAgainWithoutTouchingTheIdempotencyTable() {
    Command once = read(1, "app/a", 0);
    apply(once);
    apply(Commands.put(2, "app/a"));
    assertThat(apply(once)).singleElement()
        .isInstanceOfSatisfying(CommandResult.Read.class, r -> assertThat(r.found()).isInstanceOf(SealedRead.Found.class));
    assertThat(entries()).extracting(e -> e.record().outcome()).containsExactly("NOT_FOUND", "ok");
    // a read's id is not remembered: a write reusing it is applied, not answered from the read
    assertThat(apply(new Command.KvWrite(Commands.id(1), new KvCommand.Put("app/b", Commands.sealed(9), OptionalLong.empty()))))
        .containsExactly(new CommandResult.Kv(new KvResult.Written(1)));
  }

  @Test
  void batchedRecordsChainAcrossEntriesAndEveryReplicaHoldsTheSameChain() {
    List<LogEntry> log = List.of(
        new LogEntry(T0, List.of(new Command.AuditAppend(Commands.id(1), List.of(record("a", "kv.get"), record("b", "kv.get"))))),
        new LogEntry(T0 + 1, List.of(new Command.Audited(Commands.put(2, "app/x"), record("c", "kv.put")),
            new Command.AuditAppend(Commands.id(3), List.of(new AuditRecord("d", "n2", "kv.get", "PERMISSION_DENIED", HMAC, null))))));
    InMemoryEngine otherEngine = new InMemoryEngine();
    ReplicatedState other = new ReplicatedState(otherEngine, KvLimits.DEFAULT, WriteMode.BUFFERED);
    for (int i = 0; i < log.size(); i++) {
      LogEntry e = LogEntryCodec.decode(LogEntryCodec.encode(log.get(i)));
      List<CommandResult> mine = state.apply(1, i + 1, e);
      assertThat(other.apply(1, i + 1, e)).isEqualTo(mine);
    }
    AuditChain chain = state.audit().chain();
    assertThat(chain.size()).isEqualTo(4);
    assertThat(other.audit().chain().encode()).isEqualTo(chain.encode());
    assertThat(ReplicatedStateTest.dump(otherEngine)).isEqualTo(ReplicatedStateTest.dump(engine));
    assertThat(entries()).extracting(e -> e.record().requestId()).containsExactly("a", "b", "c", "d");
    // an independent replay of the chain from its entries arrives at the same head and root
    AuditChain replay = AuditChain.empty();
    for (AuditEntry e : entries()) {
      replay.append(e.record(), e.raftIndex(), e.leaderTimeMillis());
    }
    assertThat(replay.head()).isEqualTo(chain.head());
    assertThat(replay.root()).isEqualTo(chain.root());
  }

  @Test
  void checkpointsAreStoredOnlyWhenTheyMatchTheChain() {
    apply(new Command.AuditAppend(Commands.id(1), List.of(record("a", "kv.get"), record("b", "kv.get"))));
    CheckpointSigner signer = CheckpointSigner.generate(new java.security.SecureRandom());
    AuditChain chain = state.audit().chain();
    Checkpoint good = signer.sign(chain);
    Checkpoint wrongHead = signer.sign(2, Hash.ZERO, chain.root());
    Checkpoint beyond = signer.sign(3, chain.head(), chain.root());
    apply(new Command.AuditAppend(Commands.id(2), List.of(record("c", "kv.get")))); // the chain moves on meanwhile

    assertThat(apply(new Command.AuditCheckpoint(Commands.id(3), good), new Command.AuditCheckpoint(Commands.id(4), wrongHead),
        new Command.AuditCheckpoint(Commands.id(5), beyond)))
        .containsExactly(new CommandResult.CheckpointStored(true), new CommandResult.CheckpointStored(false), new CommandResult.CheckpointStored(false));
    assertThat(state.audit().latestCheckpoint()).contains(good);
    List<Checkpoint> all = new ArrayList<>();
    state.audit().checkpoints(1, all::add);
    assertThat(all).containsExactly(good);
    assertThat(LogEntryCodec.decodeCheckpoint(LogEntryCodec.encodeCheckpoint(good))).isEqualTo(good);
  }

  /** A chain of three entries and one checkpoint at the second, applied. */
  private Checkpoint chainWithACheckpoint() {
    apply(new Command.AuditAppend(Commands.id(1), List.of(record("a", "kv.get"), record("b", "kv.get"))));
    Checkpoint cp = CheckpointSigner.generate(new java.security.SecureRandom()).sign(state.audit().chain());
    apply(new Command.AuditAppend(Commands.id(2), List.of(record("c", "kv.get"))));
    assertThat(apply(new Command.AuditCheckpoint(Commands.id(3), cp))).containsExactly(new CommandResult.CheckpointStored(true));
    return cp;
  }

  private List<String> keys(ColumnFamily family) {
    List<String> out = new ArrayList<>();
    engine.scan(family, new byte[0], (k, v) -> out.add((char) k[0] + "/" + k.length));
    return out;
  }

  /**
   * Only entries, in sequence order, in the entries' family: a flushed table of them lies after
   * every older one, so compaction moves it instead of rewriting the log under it.
   */
  @Test
  void theEntriesFamilyHoldsOnlyEntriesAndTheChainsRecordsLiveApart() {
    chainWithACheckpoint();

    assertThat(keys(ColumnFamily.AUDIT)).containsExactly("e/9", "e/9", "e/9");
    assertThat(keys(ColumnFamily.AUDIT_CHAIN)).containsExactly("c/1", "k/9", "l/1");
  }

  @Test
  void aStateLaidOutByAnOlderBuildIsMovedApartOnceAndReadsTheSame() {
    Checkpoint cp = chainWithACheckpoint();
    AuditChain chain = state.audit().chain();
    List<AuditEntry> entries = entries();
    // The older layout: the chain's records among the entries.
    Batch old = new Batch();
    engine.scan(ColumnFamily.AUDIT_CHAIN, new byte[0], (k, v) -> {
      old.put(ColumnFamily.AUDIT, k, v).delete(ColumnFamily.AUDIT_CHAIN, k);
      return true;
    });
    engine.write(old, WriteMode.DURABLE);
    assertThat(state.audit().chain()).isEqualTo(AuditChain.empty());

    assertThat(AuditLog.separateChainFromEntries(engine)).isEqualTo(3);

    assertThat(keys(ColumnFamily.AUDIT)).containsExactly("e/9", "e/9", "e/9");
    assertThat(state.audit().chain()).isEqualTo(chain);
    assertThat(state.audit().latestCheckpoint()).contains(cp);
    assertThat(entries()).isEqualTo(entries);
    assertThat(AuditLog.separateChainFromEntries(engine)).isZero();
  }

  @Test
  void auditCommandsSurviveTheLogCodec() {
    LogEntry entry = new LogEntry(T0, List.of(
        new Command.Audited(Commands.put(1, "app/a"), new AuditRecord("r1", "n1", "kv.put", "ok", null, HMAC)),
        new Command.AuditAppend(Commands.id(2), List.of(record("a", "kv.get"), new AuditRecord("b", "n3", "sys.unseal", "ok", null, null)))));
    assertThat(LogEntryCodec.decode(LogEntryCodec.encode(entry))).isEqualTo(entry);
    for (CommandResult r : List.of(new CommandResult.AuditAppended(5, 2), new CommandResult.CheckpointStored(false))) {
      assertThat(LogEntryCodec.decodeResult(LogEntryCodec.encodeResult(r))).isEqualTo(r);
    }
  }
}
