package io.strongroom.raft;

import io.strongroom.audit.AuditException;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Checkpoint;
import io.strongroom.audit.Ed25519Signature;
import io.strongroom.audit.Hash;
import io.strongroom.crypto.Bytes;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import io.strongroom.storage.kv.VersionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The binary form of {@link LogEntry} (what the Raft log stores) and of {@link CommandResult}
 * (what the idempotency table stores).
 *
 * <p>IMPORTANT: this encoding is a compatibility contract. Every replica, and every future version
 * replaying an old log, must decode it to the same commands. Never change a tag or a field's
 * layout; add a new tag or a new format version instead.
 *
 * <pre>
 * entry    := "SRE" version:u8(=1) leaderTimeMillis:i64 count:u32 command{count}
 * command  := tag:u8 requestId:16 body
 *   1 KvPut            path:str sealed:bytes hasCas:u8 [cas:i64]
 *   2 KvDelete         path:str n:u32 version:i64{n}
 *   3 KvUndelete       (as 2)
 *   4 KvDestroy        (as 2)
 *   5 KvWriteMetadata  path:str present:u8 [maxVersions:u32] [casRequired:u8] [deleteAfterMs:i64] [sealedCustom:bytes]
 *                      (present bit 0..3 says which optional fields follow, in that order)
 *   6 KvDeleteMetadata path:str
 *   7 KvRead           path:str version:i64 (only inside 32 Audited)
 *  16 SystemPut        key:str value:bytes precondition
 *                      precondition := 0 (none) | 1 (absent) | 2 sha256:32 (stored value's hash matches)
 * result   := "SRR" version:u8(=1) tag:u8 body
 *   1 Written version:i64 | 2 Done | 3 CasMismatch expected:i64 actual:i64 | 4 CasRequired
 *   5 NotFound | 6 Rejected violation:str message:str | 16 SystemPutDone written:u8
 *   40 ReadFound sealed:bytes info | 41 ReadDeleted info | 42 ReadDestroyed info | 43 ReadNotFound
 *   44 ReadRejected violation:str message:str
 *   info := version:i64 createdMillis:i64 deletionMillis:i64 destroyed:u8
 * str      := length:u32 UTF-8 ; bytes := length:u32 raw ; integers big-endian
 * </pre>
 *
 * Decoding is strict: an unknown version or tag, a truncation, a bad flag or trailing bytes raise
 * {@link MalformedEntryException}. Stateless and thread-safe.
 */
public final class LogEntryCodec {
  private static final int VERSION = 1;
  private static final int MAX_COMMANDS = 1 << 16;

  private LogEntryCodec() {}

  public static byte[] encode(LogEntry entry) {
    Wire.Writer w = new Wire.Writer().u8('S').u8('R').u8('E').u8(VERSION).i64(entry.leaderTimeMillis()).u32(entry.commands().size());
    for (Command c : entry.commands()) {
      command(w, c);
    }
    return w.toByteArray();
  }

  private static void command(Wire.Writer w, Command c) {
    {
      if (c instanceof Command.Audited a) {
        w.u8(32);
        auditRecord(w, a.audit());
        command(w, a.command());
      } else if (c instanceof Command.AuditAppend a) {
        w.u8(33).raw(a.requestId().value()).u32(a.records().size());
        a.records().forEach(r -> auditRecord(w, r));
      } else if (c instanceof Command.AuditCheckpoint a) {
        w.u8(34).raw(a.requestId().value()).bytes(encodeCheckpoint(a.checkpoint()));
      } else if (c instanceof Command.KvWrite kv) {
        kv(w, kv);
      } else if (c instanceof Command.KvRead read) {
        w.u8(7).raw(read.requestId().value()).str(read.path()).i64(read.version());
      } else if (c instanceof Command.SystemPut sp) {
        w.u8(16).raw(sp.requestId().value()).str(sp.key()).bytes(sp.value());
        precondition(w, sp.precondition());
      } else if (c instanceof Command.SystemDelete sd) {
        w.u8(17).raw(sd.requestId().value()).str(sd.key());
        precondition(w, sd.precondition());
      } else if (c instanceof Command.RestoreChunk rc) {
        w.u8(24).raw(rc.requestId().value()).raw(rc.restoreId()).u32(rc.index()).bytes(rc.data());
      } else if (c instanceof Command.RestoreCommit rc) {
        w.u8(25).raw(rc.requestId().value()).raw(rc.restoreId()).u32(rc.chunks()).raw(rc.sha256()).u32(rc.keep().size());
        rc.keep().forEach(w::str);
      } else {
        throw new IllegalStateException("no encoding for " + c.getClass().getName());
      }
    }
  }

  private static void auditRecord(Wire.Writer w, AuditRecord r) {
    w.str(r.requestId()).str(r.nodeId()).str(r.operation()).str(r.outcome())
        .u8((r.pathHmac() != null ? 1 : 0) | (r.accessorHmac() != null ? 2 : 0));
    if (r.pathHmac() != null) {
      w.str(r.pathHmac());
    }
    if (r.accessorHmac() != null) {
      w.str(r.accessorHmac());
    }
  }

  private static AuditRecord auditRecord(Wire.Reader r) {
    String requestId = r.str("audit request id");
    String nodeId = r.str("audit node id");
    String operation = r.str("audit operation");
    String outcome = r.str("audit outcome");
    int present = r.u8("audit flags");
    if ((present & ~3) != 0) {
      throw new MalformedEntryException("log entry: unknown audit flags " + present);
    }
    String path = (present & 1) != 0 ? r.str("audit path hmac") : null;
    String accessor = (present & 2) != 0 ? r.str("audit accessor hmac") : null;
    try {
      return new AuditRecord(requestId, nodeId, operation, outcome, path, accessor);
    } catch (AuditException e) {
      throw new MalformedEntryException("log entry: bad audit record: " + e.getMessage());
    }
  }

  /** A checkpoint as the log and the audit column family store it: seq, head, root, key id, signature. */
  public static byte[] encodeCheckpoint(Checkpoint cp) {
    return new Wire.Writer().u8(1).i64(cp.seq()).raw(Bytes.of(cp.headHash().toByteArray())).raw(Bytes.of(cp.treeRoot().toByteArray()))
        .str(cp.keyId()).raw(Bytes.of(cp.signature().toByteArray())).toByteArray();
  }

  /** Reads {@link #encodeCheckpoint}'s form. */
  public static Checkpoint decodeCheckpoint(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, "checkpoint");
    int version = r.u8("checkpoint version");
    if (version != 1) {
      throw new MalformedEntryException("checkpoint: unknown version " + version);
    }
    try {
      Checkpoint cp = new Checkpoint(r.i64("seq"), Hash.of(r.raw(Hash.LENGTH, "head").toByteArray()), Hash.of(r.raw(Hash.LENGTH, "root").toByteArray()),
          r.str("key id"), Ed25519Signature.of(r.raw(Ed25519Signature.LENGTH, "signature").toByteArray()));
      r.end();
      return cp;
    } catch (AuditException e) {
      throw new MalformedEntryException("checkpoint: " + e.getMessage());
    }
  }

  private static void kv(Wire.Writer w, Command.KvWrite kv) {
    KvCommand c = kv.command();
    if (c instanceof KvCommand.Put p) {
      w.u8(1).raw(kv.requestId().value()).str(p.path()).bytes(p.sealedData()).u8(p.cas().isPresent() ? 1 : 0);
      p.cas().ifPresent(w::i64);
    } else if (c instanceof KvCommand.Delete d) {
      versions(w.u8(2).raw(kv.requestId().value()).str(d.path()), d.versions());
    } else if (c instanceof KvCommand.Undelete u) {
      versions(w.u8(3).raw(kv.requestId().value()).str(u.path()), u.versions());
    } else if (c instanceof KvCommand.Destroy d) {
      versions(w.u8(4).raw(kv.requestId().value()).str(d.path()), d.versions());
    } else if (c instanceof KvCommand.WriteMetadata m) {
      int present =
          (m.maxVersions().isPresent() ? 1 : 0)
              | (m.casRequired().isPresent() ? 2 : 0)
              | (m.deleteVersionAfterMillis().isPresent() ? 4 : 0)
              | (m.sealedCustomMetadata().isPresent() ? 8 : 0);
      w.u8(5).raw(kv.requestId().value()).str(m.path()).u8(present);
      m.maxVersions().ifPresent(w::u32);
      m.casRequired().ifPresent(b -> w.u8(b ? 1 : 0));
      m.deleteVersionAfterMillis().ifPresent(w::i64);
      m.sealedCustomMetadata().ifPresent(w::bytes);
    } else if (c instanceof KvCommand.DeleteMetadata d) {
      w.u8(6).raw(kv.requestId().value()).str(d.path());
    } else {
      throw new IllegalStateException("no encoding for " + c.getClass().getName());
    }
  }

  private static void precondition(Wire.Writer w, Command.Precondition p) {
    if (p instanceof Command.Precondition.Matches m) {
      w.u8(2).raw(m.sha256());
    } else {
      w.u8(p instanceof Command.Precondition.Absent ? 1 : 0);
    }
  }

  private static Command.Precondition precondition(Wire.Reader r) {
    int kind = r.u8("precondition");
    return switch (kind) {
      case 0 -> new Command.Precondition.None();
      case 1 -> new Command.Precondition.Absent();
      case 2 -> new Command.Precondition.Matches(r.raw(32, "expected sha256"));
      default -> throw new MalformedEntryException("log entry: unknown precondition " + kind);
    };
  }

  private static void versions(Wire.Writer w, List<Long> versions) {
    w.u32(versions.size());
    versions.forEach(w::i64);
  }

  public static LogEntry decode(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, "log entry");
    magic(r, 'E');
    long time = r.i64("leader time");
    long count = r.u32("command count");
    if (count == 0 || count > MAX_COMMANDS) {
      throw new MalformedEntryException("log entry: command count must be 1.." + MAX_COMMANDS + ", was " + count);
    }
    List<Command> commands = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      commands.add(command(r, i));
    }
    r.end();
    return new LogEntry(time, commands);
  }

  private static void magic(Wire.Reader r, char kind) {
    if (r.u8("magic") != 'S' || r.u8("magic") != 'R' || r.u8("magic") != kind) {
      throw new MalformedEntryException("not a Strongroom " + (kind == 'E' ? "log entry" : kind == 'B' ? "result batch" : "result") + ": bad magic");
    }
    int v = r.u8("version");
    if (v != VERSION) {
      throw new MalformedEntryException("unknown format version " + v + " (this build reads " + VERSION + ")");
    }
  }

  private static Command command(Wire.Reader r, int i) {
    return command(r, i, false);
  }

  private static Command command(Wire.Reader r, int i, boolean wrapped) {
    int tag = r.u8("command tag");
    if (tag == 32) {
      if (wrapped) {
        throw new MalformedEntryException("log entry: command " + i + " wraps an audited command in another");
      }
      AuditRecord audit = auditRecord(r);
      Command inner = command(r, i, true);
      try {
        return new Command.Audited(inner, audit);
      } catch (IllegalArgumentException e) {
        throw new MalformedEntryException("log entry: command " + i + ": " + e.getMessage());
      }
    }
    RequestId id = new RequestId(r.raw(RequestId.LENGTH, "request id"));
    return switch (tag) {
      case 1 -> {
        String path = r.str("path");
        var sealed = r.bytes("sealed data");
        OptionalLong cas = r.bool("cas flag") ? OptionalLong.of(r.i64("cas")) : OptionalLong.empty();
        yield new Command.KvWrite(id, new KvCommand.Put(path, sealed, cas));
      }
      case 2 -> new Command.KvWrite(id, new KvCommand.Delete(r.str("path"), versions(r)));
      case 3 -> new Command.KvWrite(id, new KvCommand.Undelete(r.str("path"), versions(r)));
      case 4 -> new Command.KvWrite(id, new KvCommand.Destroy(r.str("path"), versions(r)));
      case 5 -> {
        String path = r.str("path");
        int present = r.u8("present flags");
        if ((present & ~0x0f) != 0) {
          throw new MalformedEntryException("log entry: unknown metadata flags " + present + " in command " + i);
        }
        OptionalInt max = (present & 1) != 0 ? OptionalInt.of((int) r.u32("max versions")) : OptionalInt.empty();
        Optional<Boolean> casRequired = (present & 2) != 0 ? Optional.of(r.bool("cas required")) : Optional.empty();
        OptionalLong after = (present & 4) != 0 ? OptionalLong.of(r.i64("delete after")) : OptionalLong.empty();
        var custom = (present & 8) != 0 ? Optional.of(r.bytes("custom metadata")) : Optional.<io.strongroom.crypto.Bytes>empty();
        yield new Command.KvWrite(id, new KvCommand.WriteMetadata(path, max, casRequired, after, custom));
      }
      case 6 -> new Command.KvWrite(id, new KvCommand.DeleteMetadata(r.str("path")));
      case 7 -> {
        if (!wrapped) {
          throw new MalformedEntryException("log entry: command " + i + " is a read without its audit record");
        }
        yield new Command.KvRead(id, r.str("path"), r.i64("version"));
      }
      case 16 -> new Command.SystemPut(id, r.str("key"), r.bytes("value"), precondition(r));
      case 17 -> new Command.SystemDelete(id, r.str("key"), precondition(r));
      case 33 -> {
        int n = count(r, "audit record count");
        if (n < 1 || n > Command.AuditAppend.MAX_RECORDS) {
          throw new MalformedEntryException("log entry: audit append with " + n + " records in command " + i);
        }
        List<AuditRecord> records = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          records.add(auditRecord(r));
        }
        yield new Command.AuditAppend(id, records);
      }
      case 34 -> new Command.AuditCheckpoint(id, decodeCheckpoint(r.bytes("checkpoint").toByteArray()));
      case 24 -> new Command.RestoreChunk(id, r.raw(RequestId.LENGTH, "restore id"), count(r, "chunk index"), r.bytes("chunk"));
      case 25 -> {
        Bytes restoreId = r.raw(RequestId.LENGTH, "restore id");
        int chunks = count(r, "chunk count");
        Bytes sha = r.raw(32, "sha256");
        int keepCount = count(r, "kept record count");
        if (keepCount > 64) {
          throw new MalformedEntryException("log entry: restore keeps " + keepCount + " records, at most 64");
        }
        List<String> keep = new java.util.ArrayList<>(keepCount);
        for (int k = 0; k < keepCount; k++) {
          keep.add(r.str("kept record"));
        }
        yield new Command.RestoreCommit(id, restoreId, chunks, sha, keep);
      }
      default -> throw new MalformedEntryException("log entry: unknown command tag " + tag + " in command " + i);
    };
  }

  private static int count(Wire.Reader r, String field) {
    long n = r.u32(field);
    if (n > Integer.MAX_VALUE) {
      throw new MalformedEntryException("log entry: " + field + " " + n + " is out of range");
    }
    return (int) n;
  }

  private static List<Long> versions(Wire.Reader r) {
    long n = r.u32("version count");
    if (n > 10_000) {
      throw new MalformedEntryException("log entry: too many versions: " + n);
    }
    List<Long> out = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      out.add(r.i64("version"));
    }
    return out;
  }

  /** Offset of {@code leaderTimeMillis} in an encoded entry: after "SRE" and the version byte. */
  private static final int LEADER_TIME_OFFSET = 4;

  /**
   * A copy of the encoded entry {@code bytes} with its leader time replaced: the leader stamps its
   * own clock on entries that followers forwarded. {@code bytes} must have passed {@link #decode}.
   */
  public static byte[] withLeaderTime(byte[] bytes, long leaderTimeMillis) {
    byte[] out = bytes.clone();
    java.nio.ByteBuffer.wrap(out).putLong(LEADER_TIME_OFFSET, leaderTimeMillis);
    return out;
  }

  /**
   * The reply of one applied entry: its leader time and its commands' results in order.
   *
   * <pre>results := "SRB" version:u8(=1) leaderTimeMillis:i64 count:u32 (length:u32 result){count}</pre>
   */
  public static byte[] encodeResults(AppliedEntry applied) {
    Wire.Writer w =
        new Wire.Writer().u8('S').u8('R').u8('B').u8(VERSION).i64(applied.leaderTimeMillis()).u32(applied.results().size());
    for (CommandResult r : applied.results()) {
      w.bytes(encodeResult(r));
    }
    return w.toByteArray();
  }

  public static AppliedEntry decodeResults(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, "results");
    magic(r, 'B');
    long time = r.i64("leader time");
    long n = r.u32("result count");
    if (n > MAX_COMMANDS) {
      throw new MalformedEntryException("results: count " + n + " exceeds " + MAX_COMMANDS);
    }
    java.util.List<CommandResult> out = new ArrayList<>((int) n);
    for (int i = 0; i < n; i++) {
      out.add(decodeResult(r.bytes("result").toByteArray()));
    }
    r.end();
    return new AppliedEntry(time, out);
  }

  public static byte[] encodeResult(CommandResult result) {
    Wire.Writer w = new Wire.Writer().u8('S').u8('R').u8('R').u8(VERSION);
    if (result instanceof CommandResult.SystemPutDone s) {
      return w.u8(16).u8(s.written() ? 1 : 0).toByteArray();
    }
    if (result instanceof CommandResult.SystemDeleteDone s) {
      return w.u8(17).u8(s.deleted() ? 1 : 0).toByteArray();
    }
    if (result instanceof CommandResult.RestoreChunkStored s) {
      return w.u8(24).u32(s.index()).toByteArray();
    }
    if (result instanceof CommandResult.Restored s) {
      return w.u8(25).i64(s.records()).toByteArray();
    }
    if (result instanceof CommandResult.RestoreRefused s) {
      return w.u8(26).str(s.reason()).toByteArray();
    }
    if (result instanceof CommandResult.AuditAppended s) {
      return w.u8(32).i64(s.firstSeq()).u32(s.count()).toByteArray();
    }
    if (result instanceof CommandResult.CheckpointStored s) {
      return w.u8(33).u8(s.stored() ? 1 : 0).toByteArray();
    }
    if (result instanceof CommandResult.Read read) {
      SealedRead found = read.found();
      if (found instanceof SealedRead.Found f) {
        versionInfo(w.u8(40).bytes(f.sealed()), f.info());
      } else if (found instanceof SealedRead.Deleted d) {
        versionInfo(w.u8(41), d.info());
      } else if (found instanceof SealedRead.Destroyed d) {
        versionInfo(w.u8(42), d.info());
      } else if (found instanceof SealedRead.NotFound) {
        w.u8(43);
      } else if (found instanceof SealedRead.Live) {
        throw new IllegalArgumentException("a read's result without its value is never encoded");
      } else {
        SealedRead.Rejected x = (SealedRead.Rejected) found;
        w.u8(44).str(x.violation().name()).str(x.message());
      }
      return w.toByteArray();
    }
    KvResult kv = ((CommandResult.Kv) result).result();
    if (kv instanceof KvResult.Written x) {
      w.u8(1).i64(x.version());
    } else if (kv instanceof KvResult.Done) {
      w.u8(2);
    } else if (kv instanceof KvResult.CasMismatch x) {
      w.u8(3).i64(x.expected()).i64(x.actual());
    } else if (kv instanceof KvResult.CasRequired) {
      w.u8(4);
    } else if (kv instanceof KvResult.NotFound) {
      w.u8(5);
    } else if (kv instanceof KvResult.Rejected x) {
      w.u8(6).str(x.violation().name()).str(x.message());
    } else {
      throw new IllegalStateException("no encoding for " + kv.getClass().getName());
    }
    return w.toByteArray();
  }

  public static CommandResult decodeResult(byte[] bytes) {
    Wire.Reader r = new Wire.Reader(bytes, "result");
    magic(r, 'R');
    int tag = r.u8("result tag");
    CommandResult out =
        switch (tag) {
          case 1 -> new CommandResult.Kv(new KvResult.Written(r.i64("version")));
          case 2 -> new CommandResult.Kv(new KvResult.Done());
          case 3 -> new CommandResult.Kv(new KvResult.CasMismatch(r.i64("expected"), r.i64("actual")));
          case 4 -> new CommandResult.Kv(new KvResult.CasRequired());
          case 5 -> new CommandResult.Kv(new KvResult.NotFound());
          case 6 -> new CommandResult.Kv(new KvResult.Rejected(violation(r), r.str("message")));
          case 40 -> {
            var sealed = r.bytes("sealed data");
            yield new CommandResult.Read(new SealedRead.Found(sealed, versionInfo(r)));
          }
          case 41 -> new CommandResult.Read(new SealedRead.Deleted(versionInfo(r)));
          case 42 -> new CommandResult.Read(new SealedRead.Destroyed(versionInfo(r)));
          case 43 -> new CommandResult.Read(new SealedRead.NotFound());
          case 44 -> new CommandResult.Read(new SealedRead.Rejected(violation(r), r.str("message")));
          case 16 -> new CommandResult.SystemPutDone(r.bool("written"));
          case 17 -> new CommandResult.SystemDeleteDone(r.bool("deleted"));
          case 24 -> new CommandResult.RestoreChunkStored(count(r, "chunk index"));
          case 25 -> new CommandResult.Restored(r.i64("records"));
          case 26 -> new CommandResult.RestoreRefused(r.str("reason"));
          case 32 -> new CommandResult.AuditAppended(r.i64("first seq"), count(r, "count"));
          case 33 -> new CommandResult.CheckpointStored(r.bool("stored"));
          default -> throw new MalformedEntryException("result: unknown tag " + tag);
        };
    r.end();
    return out;
  }

  private static KvResult.Violation violation(Wire.Reader r) {
    String v = r.str("violation");
    try {
      return KvResult.Violation.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw new MalformedEntryException("result: unknown violation " + v);
    }
  }

  private static void versionInfo(Wire.Writer w, VersionInfo info) {
    w.i64(info.version()).i64(info.createdMillis()).i64(info.deletionMillis()).u8(info.destroyed() ? 1 : 0);
  }

  private static VersionInfo versionInfo(Wire.Reader r) {
    return new VersionInfo(r.i64("version"), r.i64("created"), r.i64("deletion"), r.bool("destroyed"));
  }
}
