package io.strongroom.audit;

import java.util.List;
import java.util.Objects;

/**
 * A claim that entry {@code seq} is in the log a checkpoint signs: its leaf hash and the RFC 9162
 * inclusion path up to the checkpoint's tree root. Optionally carries the entry itself, so a holder
 * of the proof also learns (and can check) what the entry says. Check it with
 * {@link AuditVerifier#verifyInclusion(String)}.
 *
 * @param seq the entry's sequence number (leaf index {@code seq - 1}), >= 1
 * @param treeSize the size of the tree the path leads to; equals {@code checkpoint.seq()}
 * @param leafHash the entry's hash
 * @param path inclusion path, leaf to root (copied)
 * @param checkpoint the signed checkpoint whose tree root the path leads to
 * @param entry the entry itself, or null
 */
public record InclusionProof(long seq, long treeSize, Hash leafHash, List<Hash> path, Checkpoint checkpoint,
    AuditEntry entry) {

  public InclusionProof {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(checkpoint, "checkpoint");
    path = List.copyOf(path);
    FieldRules.positive("seq", seq);
    FieldRules.positive("tree_size", treeSize);
  }

  /**
   * Makes the proof for {@code entry} against {@code checkpoint} from the hashes of entries
   * {@code 1..checkpoint.seq()} ({@code leafHashes.get(i)} is the hash of entry {@code i + 1}).
   */
  public static InclusionProof of(AuditEntry entry, Checkpoint checkpoint, List<Hash> leafHashes) {
    long size = checkpoint.seq();
    if (leafHashes.size() < size) {
      throw new IllegalArgumentException("need the hashes of entries 1.." + size + ", got " + leafHashes.size());
    }
    List<Hash> path = MerkleTree.inclusionProof(entry.seq() - 1, size, i -> leafHashes.get((int) i));
    return new InclusionProof(entry.seq(), size, entry.hash(), path, checkpoint, entry);
  }
}
