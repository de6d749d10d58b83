package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.kv.KvCommand;
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
