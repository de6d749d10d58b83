package io.strongroom.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import io.strongroom.storage.kv.VersionInfo;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogEntryCodecTest {

  @Test
  void entriesRoundTrip() {
    qt().forAll(integers().all(), integers().between(1, 20), longs().all())
        .checkAssert(
            (seed, n, time) -> {
              Random r = new Random(seed);
              List<Command> commands = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                commands.add(Commands.random(r, i));
              }
              LogEntry entry = new LogEntry(time, commands);
              assertThat(LogEntryCodec.decode(LogEntryCodec.encode(entry))).isEqualTo(entry);
            });
  }

  @Test
  void resultsRoundTrip() {
    List<CommandResult> all =
        List.of(
            new CommandResult.Kv(new KvResult.Written(7)),
            new CommandResult.Kv(new KvResult.Done()),
            new CommandResult.Kv(new KvResult.CasMismatch(1, 2)),
            new CommandResult.Kv(new KvResult.CasRequired()),
            new CommandResult.Kv(new KvResult.NotFound()),
            new CommandResult.Kv(new KvResult.Rejected(KvResult.Violation.PATH_TOO_LONG, "path is 600 bytes, the limit is 512")),
            new CommandResult.SystemPutDone(true),
            new CommandResult.SystemPutDone(false),
            new CommandResult.Read(new SealedRead.Found(Bytes.fromHex("c0ffee"), new VersionInfo(3, 1000, 0, false))),
            new CommandResult.Read(new SealedRead.Deleted(new VersionInfo(2, 1000, 2000, false))),
            new CommandResult.Read(new SealedRead.Destroyed(new VersionInfo(1, 1000, 0, true))),
            new CommandResult.Read(new SealedRead.NotFound()),
            new CommandResult.Read(new SealedRead.Rejected(KvResult.Violation.INVALID_ARGUMENT, "version must be >= 1, was -1")));
    AppliedEntry applied = new AppliedEntry(1234, all);
    assertThat(LogEntryCodec.decodeResults(LogEntryCodec.encodeResults(applied))).isEqualTo(applied);
  }

  @Test
  void aReadTravelsOnlyWithItsAuditRecord() {
    io.strongroom.audit.AuditRecord record = new io.strongroom.audit.AuditRecord("r1", "n1", "kv.get", "ok", null, null);
    LogEntry audited = new LogEntry(5, List.of(new Command.Audited(new Command.KvRead(Commands.id(1), "app/x", 4), record)));
    assertThat(LogEntryCodec.decode(LogEntryCodec.encode(audited))).isEqualTo(audited);

    byte[] bare = LogEntryCodec.encode(new LogEntry(5, List.of(new Command.KvRead(Commands.id(1), "app/x", 0))));
    assertThatThrownBy(() -> LogEntryCodec.decode(bare))
        .isInstanceOf(MalformedEntryException.class)
        .hasMessageContaining("read without its audit record");
  }

  /** IMPORTANT: the log format is a compatibility contract; this pins it byte for byte. */
  @Test
  void encodingIsPinned() {
    LogEntry entry =
        new LogEntry(
            0x0102030405060708L,
            List.of(new Command.KvWrite(Commands.id(1), new KvCommand.Put("a", Bytes.fromHex("beef"), OptionalLong.of(3)))));
    assertThat(HexFormat.of().formatHex(LogEntryCodec.encode(entry)))
        .isEqualTo(
            "535245" + "01" + "0102030405060708" + "00000001"
                + "01" + "00000001000000000000000000000000"
                + "00000001" + "61" + "00000002" + "beef" + "01" + "0000000000000003");
  }

  @Test
  void leaderTimeIsRestampedWithoutTouchingCommands() {
    LogEntry entry = new LogEntry(1, List.of(Commands.put(1, "a"), Commands.put(2, "b")));
    LogEntry stamped = LogEntryCodec.decode(LogEntryCodec.withLeaderTime(LogEntryCodec.encode(entry), 99));
    assertThat(stamped).isEqualTo(new LogEntry(99, entry.commands()));
  }

  @Test
  void everyTruncationIsMalformedNeverAnotherException() {
    byte[] good = LogEntryCodec.encode(new LogEntry(5, List.of(Commands.put(1, "app/x"), new Command.SystemPut(Commands.id(2), "seal", Bytes.fromHex("00"), new Command.Precondition.Matches(ReplicatedState.sha256(new byte[1]))))));
    for (int len = 0; len < good.length; len++) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> LogEntryCodec.decode(cut)).as("length %d", len).isInstanceOf(MalformedEntryException.class);
    }
  }

  @Test
  void badInputIsNamed() {
    byte[] good = LogEntryCodec.encode(new LogEntry(5, List.of(Commands.put(1, "app/x"))));
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    byte[] badVersion = good.clone();
    badVersion[3] = 9;
    byte[] badTag = good.clone();
    badTag[16] = 99;
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
    byte[] noCommands = java.util.Arrays.copyOf(good, 16);
    noCommands[15] = 0;
    assertThatThrownBy(() -> LogEntryCodec.decode(badMagic)).hasMessage("not a Strongroom log entry: bad magic");
    assertThatThrownBy(() -> LogEntryCodec.decode(badVersion)).hasMessage("unknown format version 9 (this build reads 1)");
    assertThatThrownBy(() -> LogEntryCodec.decode(badTag)).hasMessage("log entry: unknown command tag 99 in command 0");
    assertThatThrownBy(() -> LogEntryCodec.decode(trailing)).hasMessage("log entry has 2 trailing bytes");
    assertThatThrownBy(() -> LogEntryCodec.decode(noCommands)).hasMessage("log entry: command count must be 1..65536, was 0");
  }
}
