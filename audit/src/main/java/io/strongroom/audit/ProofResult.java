package io.strongroom.audit;

import java.util.Objects;

/**
 * The verdict on an inclusion or consistency proof. Exit codes as for {@link VerificationResult}:
 * 0 proven, 1 invalid, 2 unusable input ({@link AuditFormatException}).
 */
public sealed interface ProofResult
    permits ProofResult.InclusionProven, ProofResult.ConsistencyProven, ProofResult.Invalid {

  /** 0 when proven, 1 when invalid. */
  int exitCode();

  /** Entry {@code seq}, with hash {@code leafHash}, is in the log that {@code checkpoint} signs. */
  record InclusionProven(long seq, Hash leafHash, Checkpoint checkpoint) implements ProofResult {
    public InclusionProven {
      Objects.requireNonNull(leafHash, "leafHash");
      Objects.requireNonNull(checkpoint, "checkpoint");
    }

    @Override
    public int exitCode() {
      return 0;
    }
  }

  /** The log that {@code second} signs extends the log that {@code first} signs. */
  record ConsistencyProven(Checkpoint first, Checkpoint second) implements ProofResult {
    public ConsistencyProven {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
    }

    @Override
    public int exitCode() {
      return 0;
    }
  }

  /**
   * The proof does not hold.
   *
   * @param violation what kind of problem
   * @param reason one sentence for people
   */
  record Invalid(Violation violation, String reason) implements ProofResult {
    public Invalid {
      Objects.requireNonNull(violation, "violation");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int exitCode() {
      return 1;
    }
  }
}
