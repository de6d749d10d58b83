package io.strongroom.audit;

import java.util.Objects;

/**
 * The verdict on an exported log ({@link AuditVerifier#verify}): {@link Valid} or {@link Invalid},
 * naming the first entry where the chain, a checkpoint or a signature breaks. Input that cannot be
 * read at all is not a verdict but an {@link AuditFormatException}.
 *
 * <p>Exit codes of the {@code audit verify} command: 0 for {@link Valid}, 1 for {@link Invalid},
 * 2 for an {@link AuditFormatException} (unusable input).
 */
public sealed interface VerificationResult permits VerificationResult.Valid, VerificationResult.Invalid {

  /** 0 when valid, 1 when invalid. */
  int exitCode();

  /**
   * Every entry, link, hash, checkpoint and signature checked out.
   *
   * @param entries entries verified
   * @param checkpoints checkpoints verified
   * @param firstSeq sequence number of the first entry (1 for a full export; 0 when there were no
   *     entries)
   * @param headSeq sequence number of the last entry (0 when there were none)
   * @param headHash hash of the last entry ({@link Hash#ZERO} when there were none)
   * @param treeRootsChecked whether checkpoint tree roots were recomputed; only possible when the
   *     export starts at entry 1 (heads and signatures are always checked)
   */
  record Valid(long entries, long checkpoints, long firstSeq, long headSeq, Hash headHash, boolean treeRootsChecked)
      implements VerificationResult {
    public Valid {
      Objects.requireNonNull(headHash, "headHash");
    }

    @Override
    public int exitCode() {
      return 0;
    }
  }

  /**
   * The first problem found; verification stops there.
   *
   * @param seq sequence number of the first broken entry (or of the checkpoint at fault)
   * @param violation what kind of problem
   * @param reason one sentence for people, starting with the entry or checkpoint, e.g.
   *     {@code entry 18: prev_hash does not link to entry 17 (...)}
   */
  record Invalid(long seq, Violation violation, String reason) implements VerificationResult {
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
