package io.strongroom.audit;

import java.util.List;
import java.util.Objects;

/**
 * A claim that the log at {@code second} extends the log at {@code first}: nothing before
 * {@code first.seq()} was removed or rewritten. Carries both signed checkpoints and the RFC 9162
 * consistency path between their tree roots. Check it with
 * {@link AuditVerifier#verifyConsistency(String)}.
 *
 * @param first the older checkpoint (for example the one an auditor kept)
 * @param second the newer checkpoint, {@code second.seq() >= first.seq()}
 * @param path consistency path (copied); empty when the sizes are equal
 */
public record ConsistencyProof(Checkpoint first, Checkpoint second, List<Hash> path) {

  public ConsistencyProof {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
    path = List.copyOf(path);
  }

  /**
   * Makes the proof between two checkpoints from the hashes of entries {@code 1..second.seq()}
   * ({@code leafHashes.get(i)} is the hash of entry {@code i + 1}).
   */
  public static ConsistencyProof of(Checkpoint first, Checkpoint second, List<Hash> leafHashes) {
    if (leafHashes.size() < second.seq()) {
      throw new IllegalArgumentException(
          "need the hashes of entries 1.." + second.seq() + ", got " + leafHashes.size());
    }
    return new ConsistencyProof(first, second,
        MerkleTree.consistencyProof(first.seq(), second.seq(), i -> leafHashes.get((int) i)));
  }
}
