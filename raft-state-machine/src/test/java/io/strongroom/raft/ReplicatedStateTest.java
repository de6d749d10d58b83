package io.strongroom.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicatedStateTest {
  private static final long T0 = 1_790_000_000_000L;

  private final InMemoryEngine engine = new InMemoryEngine();
  private final ReplicatedState state = new ReplicatedState(engine, KvLimits.DEFAULT, WriteMode.BUFFERED);

  private static CommandResult written(long v) {
    return new CommandResult.Kv(new KvResult.Written(v));
  }

  @Test
  void commandsInOneEntrySeeEachOthersWrites() {
    List<CommandResult> r =
        state.apply(1, 1, new LogEntry(T0, List.of(Commands.put(1, "app/a"), Commands.put(2, "app/a", OptionalLong.of(1)), Commands.put(3, "app/a", OptionalLong.of(1)))));
    assertThat(r).containsExactly(written(1), written(2), new CommandResult.Kv(new KvResult.CasMismatch(1, 2)));
    assertThat(state.applied()).isEqualTo(new LogPosition(1, 1));
  }

  @Test
  void aRetriedRequestIsAnsweredWithTheFirstResultAndAppliedOnce() {
    Command first = Commands.put(7, "app/a");
    assertThat(state.apply(1, 1, new LogEntry(T0, List.of(first)))).containsExactly(written(1));
    assertThat(state.apply(1, 2, new LogEntry(T0 + 5, List.of(first, Commands.put(8, "app/a"))))).containsExactly(written(1), written(2));
    // the same id twice inside one entry, too
    Command twice = Commands.put(9, "app/b");
    assertThat(state.apply(1, 3, new LogEntry(T0 + 6, List.of(twice, twice)))).containsExactly(written(1), written(1));
  }

  @Test
  void requestIdsAreForgottenAfterTheRetentionByLeaderTime() {
    Command c = Commands.put(7, "app/a");
    state.apply(1, 1, new LogEntry(T0, List.of(c)));
    state.apply(1, 2, new LogEntry(T0 + ReplicatedState.DEDUP_RETENTION_MILLIS + 1, List.of(Commands.put(8, "app/z"))));
    assertThat(state.apply(1, 3, new LogEntry(T0 + ReplicatedState.DEDUP_RETENTION_MILLIS + 2, List.of(c)))).containsExactly(written(2));
  }

  /**
   * Under steady load every entry evicts what expired; each eviction scan must start after what
   * earlier ones forgot, not at the front of the time index, where RocksDB walks the tombstone of
   * every earlier eviction (the apply thread fell to tens of entries per second in a benchmark).
   */
  @Test
  void eachEvictionScanStartsAfterTheRequestIdsAlreadyForgotten() {
    List<byte[]> evictionScanStarts = new ArrayList<>();
    StorageEngine recording = new StorageEngine() {
      @Override
      public java.util.Optional<byte[]> get(ColumnFamily family, byte[] key) {
        return engine.get(family, key);
      }

      @Override
      public void write(io.strongroom.storage.engine.Batch batch, WriteMode mode) {
        engine.write(batch, mode);
      }

      @Override
      public void scan(ColumnFamily family, byte[] prefix, byte[] startAt, io.strongroom.storage.engine.EntryVisitor visitor) {
        if (new String(prefix, java.nio.charset.StandardCharsets.UTF_8).equals("dedupt/")) {
          evictionScanStarts.add(startAt);
        }
        engine.scan(family, prefix, startAt, visitor);
      }

      @Override
      public void close() {}
    };
    ReplicatedState s = new ReplicatedState(recording, KvLimits.DEFAULT, WriteMode.NO_WAL);
    long index = 1;
    for (int id = 1; id <= 40; id++) {
      s.apply(1, index++, new LogEntry(T0 + id * 1000L, List.of(Commands.put(id, "app/a"))));
    }
    // Past the retention: each entry now forgets the ids of about a second of entries.
    for (int id = 41; id <= 60; id++) {
      s.apply(1, index++, new LogEntry(T0 + ReplicatedState.DEDUP_RETENTION_MILLIS + (id - 40) * 1000L, List.of(Commands.put(id, "app/a"))));
    }
    assertThat(evictionScanStarts).hasSizeGreaterThan(10);
    byte[] front = "dedupt/".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    // From the front only before anything was forgotten: the first entry's, and the first past the retention.
    assertThat(evictionScanStarts.stream().filter(start -> java.util.Arrays.equals(start, front)).count()).isEqualTo(2);
    // and what was forgotten is forgotten: request 1 applies again, request 40 is still answered
    assertThat(s.apply(1, index++, new LogEntry(T0 + ReplicatedState.DEDUP_RETENTION_MILLIS + 21_000L, List.of(Commands.put(1, "app/b"))))).containsExactly(written(1));
    assertThat(s.apply(1, index, new LogEntry(T0 + ReplicatedState.DEDUP_RETENTION_MILLIS + 22_000L, List.of(Commands.put(40, "app/b"))))).containsExactly(written(40));
  }

  /**
   * Eviction is the same on a replica that restarts (and so forgets where its last eviction
   * ended) and across a leader whose clock is far behind its predecessor's.
   */
  @Test
  void evictionIsIdenticalAcrossRestartsAndALeaderClockFarBehind() {
    qt().withExamples(10)
        .forAll(integers().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              List<LogEntry> log = new ArrayList<>();
              long time = T0;
              int id = 0;
              for (int e = 0; e < 60; e++) {
                List<Command> commands = new ArrayList<>();
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                  commands.add(r.nextInt(8) == 0 && id > 0 ? Commands.put(1 + r.nextInt(id), "app/x") : Commands.put(++id, "app/" + (char) ('a' + r.nextInt(3))));
                }
                int step = r.nextInt(10);
                // mostly seconds apart, now and then past the retention, or a new leader's clock
                // that is behind by more than the retention
                time += step == 0 ? ReplicatedState.DEDUP_RETENTION_MILLIS / 2 : step == 1 ? -ReplicatedState.DEDUP_RETENTION_MILLIS - 5_000 : r.nextInt(20_000);
                log.add(new LogEntry(time, commands));
              }
              InMemoryEngine steady = new InMemoryEngine();
              InMemoryEngine restarting = new InMemoryEngine();
              List<List<CommandResult>> expected = applyAll(steady, log, true);
              List<List<CommandResult>> actual = new ArrayList<>();
              ReplicatedState s = new ReplicatedState(restarting, KvLimits.DEFAULT, WriteMode.NO_WAL);
              for (int i = 0; i < log.size(); i++) {
                if (r.nextInt(10) == 0) {
                  s = new ReplicatedState(restarting, KvLimits.DEFAULT, WriteMode.NO_WAL);
                }
                actual.add(s.apply(1, i + 1, log.get(i), true));
              }
              assertThat(actual).isEqualTo(expected);
              assertThat(dump(restarting)).isEqualTo(dump(steady));
            });
  }

  @Test
  void replayedEntriesChangeNothing() {
    LogEntry e = new LogEntry(T0, List.of(Commands.put(1, "app/a")));
    state.apply(1, 5, e);
    String before = dump(engine);
    assertThat(state.apply(1, 5, e)).isEmpty();
    assertThat(state.apply(1, 3, new LogEntry(T0, List.of(Commands.put(2, "app/b"))))).isEmpty();
    assertThat(dump(engine)).isEqualTo(before);
  }

  @Test
  void theAppliedPositionIsStoredWithTheState() {
    state.apply(2, 9, new LogEntry(T0, List.of(Commands.put(1, "app/a"))));
    state.markApplied(2, 11);
    assertThat(new ReplicatedState(engine, KvLimits.DEFAULT, WriteMode.BUFFERED).applied()).isEqualTo(new LogPosition(2, 11));
  }

  @Test
  void systemRecordsAreWrittenOnlyWhenTheirPreconditionHolds() {
    Bytes a = Bytes.fromHex("aa");
    Bytes b = Bytes.fromHex("bb");
    List<CommandResult> r =
        state.apply(
            1,
            1,
            new LogEntry(
                T0,
                List.of(
                    new Command.SystemPut(Commands.id(1), "seal/config", a, new Command.Precondition.Absent()),
                    new Command.SystemPut(Commands.id(2), "seal/config", b, new Command.Precondition.Absent()),
                    new Command.SystemPut(Commands.id(3), "barrier/keyring", b, new Command.Precondition.None()),
                    new Command.SystemPut(Commands.id(4), "seal/config", b, new Command.Precondition.Matches(ReplicatedState.sha256(b.toByteArray()))),
                    new Command.SystemPut(Commands.id(5), "seal/config", b, new Command.Precondition.Matches(ReplicatedState.sha256(a.toByteArray()))))));
    assertThat(r)
        .containsExactly(
            new CommandResult.SystemPutDone(true),
            new CommandResult.SystemPutDone(false),
            new CommandResult.SystemPutDone(true),
            new CommandResult.SystemPutDone(false),
            new CommandResult.SystemPutDone(true));
    assertThat(state.systemRecord("seal/config")).contains(b);
    assertThat(state.systemRecord("barrier/keyring")).contains(b);
    assertThat(state.systemRecord("nothing")).isEmpty();
  }

  /** Invariant 2: replicas applying the same log hold byte-identical state, on either engine. */
  @Test
  void replicasApplyingTheSameLogHoldIdenticalState(@TempDir Path dir) {
    int[] run = {0};
    qt().withExamples(20)
        .forAll(integers().all())
        .checkAssert(
            seed -> {
              List<LogEntry> log = randomLog(new Random(seed));
              InMemoryEngine a = new InMemoryEngine();
              InMemoryEngine b = new InMemoryEngine();
              InMemoryEngine notAnswering = new InMemoryEngine();
              try (RocksDbEngine c = RocksDbEngine.open(dir.resolve("r" + run[0]++))) {
                List<List<CommandResult>> ra = applyAll(a, log, true);
                assertThat(applyAll(b, log, true)).isEqualTo(ra);
                assertThat(applyAll(c, log, true)).isEqualTo(ra);
                assertThat(applyAll(notAnswering, log, false)).isEqualTo(withoutValues(ra));
                assertThat(dump(b)).isEqualTo(dump(a));
                assertThat(dump(c)).isEqualTo(dump(a));
                assertThat(dump(notAnswering)).isEqualTo(dump(a));
              }
            });
  }

  private static List<LogEntry> randomLog(Random r) {
    List<LogEntry> log = new ArrayList<>();
    int id = 0;
    long time = T0;
    for (int e = 0; e < 15; e++) {
      List<Command> commands = new ArrayList<>();
      for (int i = 1 + r.nextInt(6); i > 0; i--) {
        // Now and then a retry of an earlier request.
        commands.add(r.nextInt(8) == 0 && id > 0 ? Commands.random(new Random(r.nextInt(id)), r.nextInt(id)) : Commands.random(r, ++id));
      }
      time += r.nextInt(1000);
      log.add(new LogEntry(time, commands));
    }
    return log;
  }

  private static List<List<CommandResult>> applyAll(StorageEngine engine, List<LogEntry> log, boolean answered) {
    ReplicatedState s = new ReplicatedState(engine, KvLimits.DEFAULT, WriteMode.NO_WAL);
    List<List<CommandResult>> out = new ArrayList<>();
    long index = 1;
    for (LogEntry e : log) {
      out.add(s.apply(1, index++, e, answered));
    }
    return out;
  }

  /** What a replica that does not answer computes: every read that found a value, without it. */
  private static List<List<CommandResult>> withoutValues(List<List<CommandResult>> results) {
    return results.stream()
        .map(entry -> entry.stream()
            .map(r -> r instanceof CommandResult.Read read && read.found() instanceof SealedRead.Found f
                ? (CommandResult) new CommandResult.Read(new SealedRead.Live(f.info()))
                : r)
            .toList())
        .toList();
  }

  @Test
  void aReplicaThatDoesNotAnswerRecordsTheReadButSkipsItsValue() {
    state.apply(1, 1, new LogEntry(T0, List.of(Commands.put(1, "app/a"))));
    InMemoryEngine other = new InMemoryEngine();
    ReplicatedState notAnswering = new ReplicatedState(other, KvLimits.DEFAULT, WriteMode.BUFFERED);
    notAnswering.apply(1, 1, new LogEntry(T0, List.of(Commands.put(1, "app/a"))));

    LogEntry reads = new LogEntry(T0 + 1, List.of(Commands.read(2, "app/a", 0), Commands.read(3, "app/missing", 0)));
    List<CommandResult> answered = state.apply(1, 2, reads);
    List<CommandResult> skipped = notAnswering.apply(1, 2, reads, false);

    SealedRead.Found found = (SealedRead.Found) ((CommandResult.Read) answered.get(0)).found();
    assertThat(found.sealed()).isEqualTo(Commands.sealed(1));
    assertThat(skipped).containsExactly(new CommandResult.Read(new SealedRead.Live(found.info())), new CommandResult.Read(new SealedRead.NotFound()));
    assertThat(notAnswering.audit().chain()).isEqualTo(state.audit().chain());
    assertThat(dump(other)).isEqualTo(dump(engine));
  }

  /** Every key and value of every column family, as hex. */
  static String dump(StorageEngine engine) {
    StringBuilder sb = new StringBuilder();
    HexFormat hex = HexFormat.of();
    for (ColumnFamily f : ColumnFamily.values()) {
      engine.scan(
          f,
          new byte[0],
          (k, v) -> {
            sb.append(f).append(' ').append(hex.formatHex(k)).append('=').append(hex.formatHex(v)).append('\n');
            return true;
          });
    }
    return sb.toString();
  }
}
