package io.strongroom.raft;

import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Checkpoint;
import io.strongroom.crypto.Bytes;
import io.strongroom.storage.kv.KvCommand;
import java.util.List;
import java.util.Objects;

/**
 * One client request as it travels through the Raft log. Everything non-deterministic (nonces,
 * encryption, the time) was settled at the edge before proposing: a command carries only
 * ciphertext, paths and numbers, and applying it is a pure function of the command and the state.
 *
 * <p>Encoded by {@link LogEntryCodec}; add new kinds only with a new tag.
 */
public sealed interface Command {

  /** The idempotency key; a second command with the same id is answered from the first's result. */
  RequestId requestId();

  /** A change to versioned secrets (values sealed by the barrier at the edge). */
  record KvWrite(RequestId requestId, KvCommand command) implements Command {
    public KvWrite {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(command, "command");
    }
  }

  /**
   * Stores a system record (the seal configuration with its wrapped keyring, ...) under
   * {@code key}. Values must already be ciphertext or public data. The write happens only if
   * {@code precondition} holds, otherwise the result says so: that is how a second {@code init} is
   * refused, and how two nodes changing the seal record at once cannot lose either change.
   */
  record SystemPut(RequestId requestId, String key, Bytes value, Precondition precondition) implements Command {
    public SystemPut {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(precondition, "precondition");
      if (key == null || key.isEmpty() || key.length() > 256) {
        throw new IllegalArgumentException("system key must be 1..256 characters");
      }
    }
  }

  /** Removes the system record under {@code key} if {@code precondition} holds. */
  record SystemDelete(RequestId requestId, String key, Precondition precondition) implements Command {
    public SystemDelete {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(precondition, "precondition");
      if (key == null || key.isEmpty() || key.length() > 256) {
        throw new IllegalArgumentException("system key must be 1..256 characters");
      }
    }
  }

  /**
   * One piece of a {@link StateDump} being restored. Pieces are set aside, not applied: the state
   * changes only when a {@link RestoreCommit} names them all. Index 0 starts a restore and drops
   * the pieces of any earlier, abandoned one.
   */
  record RestoreChunk(RequestId requestId, Bytes restoreId, int index, Bytes data) implements Command {
    /** The largest piece; a dump travels in many entries rather than one huge one. */
    public static final int MAX_BYTES = 1 << 20;

    public RestoreChunk {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(data, "data");
      if (restoreId.length() != RequestId.LENGTH) {
        throw new IllegalArgumentException("restore id must be " + RequestId.LENGTH + " bytes");
      }
      if (index < 0 || index >= StateDump.MAX_CHUNKS) {
        throw new IllegalArgumentException("chunk index must be 0.." + (StateDump.MAX_CHUNKS - 1) + ", was " + index);
      }
      if (data.length() == 0 || data.length() > MAX_BYTES) {
        throw new IllegalArgumentException("a chunk holds 1.." + MAX_BYTES + " bytes, was " + data.length());
      }
    }
  }

  /**
   * Replaces every secret and every system record, except those named in {@code keep}, with the
   * contents of the dump made of chunks {@code 0..chunks-1} of {@code restoreId}, in one atomic
   * write; the dump's SHA-256 must be {@code sha256}. The audit chain is never touched.
   */
  record RestoreCommit(RequestId requestId, Bytes restoreId, int chunks, Bytes sha256, List<String> keep) implements Command {
    public RestoreCommit {
      Objects.requireNonNull(requestId, "requestId");
      keep = List.copyOf(keep);
      if (restoreId.length() != RequestId.LENGTH) {
        throw new IllegalArgumentException("restore id must be " + RequestId.LENGTH + " bytes");
      }
      if (chunks < 1 || chunks > StateDump.MAX_CHUNKS) {
        throw new IllegalArgumentException("chunk count must be 1.." + StateDump.MAX_CHUNKS + ", was " + chunks);
      }
      if (sha256.length() != 32) {
        throw new IllegalArgumentException("sha256 must be 32 bytes, was " + sha256.length());
      }
    }
  }

  /**
   * A linearizable read of version {@code version} (0: the latest) of the secret at {@code path},
   * carried through the log so that committing its audit record is the read's barrier: the apply
   * reads the state exactly as of this entry, records the outcome it found in the audit entry and
   * returns the sealed value to the proposer, one replication round for both. Only valid wrapped in
   * {@link Audited}. Changes nothing but the audit chain, and is never answered from the
   * idempotency table (a retried read reads again, and is recorded again).
   */
  record KvRead(RequestId requestId, String path, long version) implements Command {
    public KvRead {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * A command together with its audit record: applying it appends exactly one audit entry whose
   * outcome is the command's result, in the same write, so no acknowledged change goes unaudited
   * and a retried request (answered from the first result) is not audited twice. The record's
   * outcome is ignored; apply decides it. A {@link KvRead} is the one command that must be wrapped.
   */
  record Audited(Command command, AuditRecord audit) implements Command {
    public Audited {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(audit, "audit");
      if (command instanceof Audited || command instanceof AuditAppend || command instanceof AuditCheckpoint) {
        throw new IllegalArgumentException("only a state change can be wrapped for audit, not " + command.getClass().getSimpleName());
      }
    }

    @Override
    public RequestId requestId() {
      return command.requestId();
    }
  }

  /**
   * Audit entries for requests that changed nothing (reads, refusals, ceremony steps), many per
   * command: the edge batches them. Not subject to request-id replay: each record is one answer.
   */
  record AuditAppend(RequestId requestId, List<AuditRecord> records) implements Command {
    /** The most records one command carries. */
    public static final int MAX_RECORDS = 4096;

    public AuditAppend {
      Objects.requireNonNull(requestId, "requestId");
      records = List.copyOf(records);
      if (records.isEmpty() || records.size() > MAX_RECORDS) {
        throw new IllegalArgumentException("an audit append carries 1.." + MAX_RECORDS + " records, was " + records.size());
      }
    }
  }

  /**
   * A signed checkpoint of the audit chain, made by the leader over the chain as it applied it.
   * Stored only if its sequence number is within the chain and its head hash is that entry's.
   */
  record AuditCheckpoint(RequestId requestId, Checkpoint checkpoint) implements Command {
    public AuditCheckpoint {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }

  /** When a {@link SystemPut} may write. */
  sealed interface Precondition {
    /** Always. */
    record None() implements Precondition {}

    /** Only if no record is stored under the key. */
    record Absent() implements Precondition {}

    /** Only if the stored record's SHA-256 is {@code sha256}. */
    record Matches(Bytes sha256) implements Precondition {
      public Matches {
        if (sha256.length() != 32) {
          throw new IllegalArgumentException("sha256 must be 32 bytes, was " + sha256.length());
        }
      }
    }
  }
}
