package io.strongroom.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateDumpTest {
  private static final long T0 = 1_790_000_000_000L;
  private static final Bytes KEY_ID = Bytes.of(new byte[] {1, 2, 3, 4, 5});
  private static final Bytes RESTORE_ID = Commands.id(999).value();

  private final InMemoryEngine engine = new InMemoryEngine();
  private final ReplicatedState state = new ReplicatedState(engine, KvLimits.DEFAULT, WriteMode.BUFFERED);
  private long index;

  private List<CommandResult> apply(Command... commands) {
    index++;
    return state.apply(1, index, new LogEntry(T0 + index, List.of(commands)));
  }

  private static Command put(int id, String key, String value) {
    return new Command.SystemPut(Commands.id(id), key, Bytes.of(value.getBytes(StandardCharsets.UTF_8)), new Command.Precondition.None());
  }

  private byte[] dump() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StateDump.write(engine, KEY_ID, state.applied(), Set.of("seal/record"), out);
    return out.toByteArray();
  }

  private List<CommandResult> restore(byte[] dump, int idBase, int chunkSize) {
    List<Command> chunks = new ArrayList<>();
    int n = 0;
    for (int off = 0; off < dump.length; off += chunkSize, n++) {
      chunks.add(new Command.RestoreChunk(Commands.id(idBase + n), RESTORE_ID, n, Bytes.of(Arrays.copyOfRange(dump, off, Math.min(dump.length, off + chunkSize)))));
    }
    for (Command c : chunks) {
      assertThat(apply(c)).hasSize(1);
    }
    return apply(new Command.RestoreCommit(Commands.id(idBase + 500), RESTORE_ID, n, ReplicatedState.sha256(dump), List.of("seal/record")));
  }

  @Test
  void aRestoreBringsBackTheDumpedSecretsAndRecordsAndKeepsTheNamedOnes() {
    apply(Commands.put(1, "app/a"), Commands.put(2, "app/b"), put(3, "seal/record", "seal-v1"), put(4, "token/x", "t1"));
    byte[] dump = dump();
    assertThat(StateDump.header(dump).clusterKeyId()).isEqualTo(KEY_ID);
    assertThat(StateDump.header(dump).position()).isEqualTo(state.applied());
    String before = ReplicatedStateTest.dump(engine);

    apply(Commands.put(5, "app/a"), Commands.put(6, "app/c"), put(7, "seal/record", "seal-v2"), put(8, "token/y", "t2"));
    List<CommandResult> r = restore(dump, 100, 40);

    // two versions with their metadata, one token record; the kept seal record is not counted
    assertThat(r).containsExactly(new CommandResult.Restored(2 + 2 + 1));
    assertThat(state.kv().list("app/")).containsExactly("a", "b");
    assertThat(state.systemRecord("token/x")).isPresent();
    assertThat(state.systemRecord("token/y")).isEmpty();
    assertThat(state.systemRecord("seal/record").orElseThrow().toByteArray()).isEqualTo("seal-v2".getBytes(StandardCharsets.UTF_8));
    // no chunk is left behind
    List<String> leftovers = new ArrayList<>();
    engine.scan(ColumnFamily.SYSTEM, "restore/".getBytes(StandardCharsets.UTF_8), (k, v) -> leftovers.add(new String(k, StandardCharsets.ISO_8859_1)) || true);
    assertThat(leftovers).isEmpty();
    assertThat(ReplicatedStateTest.dump(engine)).isNotEqualTo(before); // replay records and markers moved on
  }

  @Test
  void aDamagedDumpIsRefusedAndChangesNothingButItsChunks() {
    apply(Commands.put(1, "app/a"));
    byte[] dump = dump();
    apply(Commands.put(2, "app/z"));
    byte[] damaged = dump.clone();
    damaged[damaged.length / 2] ^= 1;

    List<Command> chunks = List.of(new Command.RestoreChunk(Commands.id(10), RESTORE_ID, 0, Bytes.of(damaged)));
    apply(chunks.get(0));
    // announced hash of the damaged bytes, so the dump's own trailer must catch it
    List<CommandResult> r = apply(new Command.RestoreCommit(Commands.id(11), RESTORE_ID, 1, ReplicatedState.sha256(damaged), List.of()));
    assertThat(r.get(0)).isInstanceOf(CommandResult.RestoreRefused.class);
    assertThat(((CommandResult.RestoreRefused) r.get(0)).reason()).contains("damaged");
    assertThat(state.kv().list("app/")).containsExactly("a", "z");

    List<CommandResult> missing = apply(new Command.RestoreCommit(Commands.id(12), RESTORE_ID, 2, ReplicatedState.sha256(dump), List.of()));
    assertThat(((CommandResult.RestoreRefused) missing.get(0)).reason()).contains("chunk 0 of 2 never arrived");
  }

  @Test
  void restoreCommandsSurviveTheLogCodec() {
    Command chunk = new Command.RestoreChunk(Commands.id(1), RESTORE_ID, 3, Bytes.of(new byte[] {9, 8}));
    Command commit = new Command.RestoreCommit(Commands.id(2), RESTORE_ID, 4, ReplicatedState.sha256(new byte[0]), List.of("seal/record", "raft/peers"));
    Command delete = new Command.SystemDelete(Commands.id(3), "token/a", new Command.Precondition.Absent());
    LogEntry entry = new LogEntry(T0, List.of(chunk, commit, delete));
    assertThat(LogEntryCodec.decode(LogEntryCodec.encode(entry))).isEqualTo(entry);
    for (CommandResult r : List.of(new CommandResult.Restored(7), new CommandResult.RestoreRefused("why"),
        new CommandResult.RestoreChunkStored(3), new CommandResult.SystemDeleteDone(true))) {
      assertThat(LogEntryCodec.decodeResult(LogEntryCodec.encodeResult(r))).isEqualTo(r);
    }
  }

  @Test
  void systemDeleteHonoursItsPrecondition() {
    apply(put(1, "token/a", "v"));
    Bytes wrong = ReplicatedState.sha256("other".getBytes(StandardCharsets.UTF_8));
    assertThat(apply(new Command.SystemDelete(Commands.id(2), "token/a", new Command.Precondition.Matches(wrong))))
        .containsExactly(new CommandResult.SystemDeleteDone(false));
    assertThat(apply(new Command.SystemDelete(Commands.id(3), "token/a", new Command.Precondition.None())))
        .containsExactly(new CommandResult.SystemDeleteDone(true));
    assertThat(state.systemRecord("token/a")).isEmpty();
    assertThat(apply(new Command.SystemDelete(Commands.id(4), "token/a", new Command.Precondition.None())))
        .containsExactly(new CommandResult.SystemDeleteDone(false));
  }

  @Test
  void headersThatAreNotDumpsAreRefusedClearly() {
    assertThatThrownBy(() -> StateDump.header("hello world, not a dump".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedEntryException.class).hasMessageContaining("not a Strongroom snapshot");
    byte[] dump = dump();
    dump[6] = 9;
    assertThatThrownBy(() -> StateDump.header(dump)).hasMessageContaining("version 9");
  }
}
