package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Properties of the RFC 9162 proofs over random tree sizes, and the incremental frontier against a
 * deliberately simple recursive reference: every honest proof verifies, and every proof with one
 * element changed, one removed, one added, or a wrong index, root or (as in the reference
 * corruption set) doubled or halved size does not.
 */
class MerkleTreePropertiesTest {
  private static final int MAX_SIZE = 300;
  private static final List<Hash> LEAVES = leaves(MAX_SIZE);

  private static List<Hash> leaves(int n) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(MerkleTree.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return out;
  }

  /** The RFC 6962 definition, read literally. */
  private static Hash referenceRoot(List<Hash> leaves) {
    if (leaves.isEmpty()) {
      return MerkleTree.emptyRoot();
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = 1;
    while (k * 2 < leaves.size()) {
      k *= 2;
    }
    return MerkleTree.nodeHash(referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
  }

  @Test
  void frontierRootEqualsTheDefinitionAtEverySize() {
    Frontier frontier = new Frontier(new Sha256());
    for (int n = 0; n <= MAX_SIZE; n++) {
      if (n > 0) {
        frontier.append(LEAVES.get(n - 1).bytes());
      }
      List<Hash> prefix = LEAVES.subList(0, n);
      Hash expected = referenceRoot(prefix);
      assertThat(frontier.root()).as("size %d", n).isEqualTo(expected);
      assertThat(MerkleTree.root(prefix)).as("size %d", n).isEqualTo(expected);
      assertThat(frontier.count()).isEqualTo(Integer.bitCount(n));
    }
  }

  @Test
  void everyInclusionProofVerifiesAndEveryCorruptionFails() {
    qt().withFixedSeed(6962).withExamples(200)
        .forAll(integers().between(1, MAX_SIZE), integers().between(0, Integer.MAX_VALUE - 1))
        .checkAssert((size, pick) -> {
          List<Hash> tree = LEAVES.subList(0, size);
          long index = pick % size;
          Hash root = MerkleTree.root(tree);
          Hash leaf = tree.get((int) index);
          List<Hash> proof = MerkleTree.inclusionProof(tree, index);
          assertThat(proof).hasSize(MerkleTree.inclusionLength(index, size));
          assertThat(MerkleTree.verifyInclusion(index, size, leaf, proof, root)).isTrue();

          List<String> accepted = new ArrayList<>();
          for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 7 * 8 + 3, 31 * 8 + 7}) {
              if (MerkleTree.verifyInclusion(index, size, leaf, flip(proof, i, bit), root)) {
                accepted.add("flip " + i + "/" + bit);
              }
            }
            List<Hash> removed = new ArrayList<>(proof);
            removed.remove(i);
            if (MerkleTree.verifyInclusion(index, size, leaf, removed, root)) {
              accepted.add("remove " + i);
            }
          }
          for (int at = 0; at <= proof.size(); at++) {
            List<Hash> added = new ArrayList<>(proof);
            added.add(at, root);
            if (MerkleTree.verifyInclusion(index, size, leaf, added, root)) {
              accepted.add("add at " + at);
            }
          }
          for (long other : new long[] {index - 1, index + 1, size, -1}) {
            if (MerkleTree.verifyInclusion(other, size, leaf, proof, root)) {
              accepted.add("index " + other);
            }
          }
          // Not size +- 1: a path of the same shape may exist there, and "leaf i is in a tree of size
          // n + 1 with the root of size n" is then accepted vacuously (no such tree exists without a
          // SHA-256 collision). Tree sizes are bound by the signed checkpoint, not by the path.
          for (long otherSize : new long[] {size / 2, 2L * size}) {
            if (MerkleTree.verifyInclusion(index, otherSize, leaf, proof, root)) {
              accepted.add("size " + otherSize);
            }
          }
          if (MerkleTree.verifyInclusion(index, size, flip(leaf, 5), proof, root)
              || MerkleTree.verifyInclusion(index, size, leaf, proof, flip(root, 250))) {
            accepted.add("leaf or root");
          }
          assertThat(accepted).as("size %d index %d", size, index).isEmpty();
        });
  }

  @Test
  void everyConsistencyProofVerifiesAndEveryCorruptionFails() {
    qt().withFixedSeed(9162).withExamples(200)
        .forAll(integers().between(1, MAX_SIZE), integers().between(0, Integer.MAX_VALUE - 1))
        .checkAssert((size2, pick) -> {
          long size1 = 1 + pick % size2;
          List<Hash> tree = LEAVES.subList(0, size2);
          Hash root1 = MerkleTree.root(tree.subList(0, (int) size1));
          Hash root2 = MerkleTree.root(tree);
          List<Hash> proof = MerkleTree.consistencyProof(tree, size1);
          assertThat(MerkleTree.verifyConsistency(size1, size2, proof, root1, root2)).isTrue();
          if (size1 == size2) {
            assertThat(proof).isEmpty();
            return;
          }
          assertThat(proof).hasSize(MerkleTree.consistencyLength(size1, size2));

          List<String> accepted = new ArrayList<>();
          for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 100, 255}) {
              if (MerkleTree.verifyConsistency(size1, size2, flip(proof, i, bit), root1, root2)) {
                accepted.add("flip " + i + "/" + bit);
              }
            }
            List<Hash> removed = new ArrayList<>(proof);
            removed.remove(i);
            if (MerkleTree.verifyConsistency(size1, size2, removed, root1, root2)) {
              accepted.add("remove " + i);
            }
          }
          for (int at = 0; at <= proof.size(); at++) {
            for (Hash extra : List.of(root1, root2, Hash.ZERO)) {
              List<Hash> added = new ArrayList<>(proof);
              added.add(at, extra);
              if (MerkleTree.verifyConsistency(size1, size2, added, root1, root2)) {
                accepted.add("add at " + at);
              }
            }
          }
          // As for inclusion: a changed second size may keep the path's shape (see above).
          for (long[] sizes : new long[][] {{size1 - 1, size2}, {size1 + 1, size2}, {size1, 2L * size2},
              {size1, size2 / 2}}) {
            if (MerkleTree.verifyConsistency(sizes[0], sizes[1], proof, root1, root2)) {
              accepted.add("sizes " + sizes[0] + ", " + sizes[1]);
            }
          }
          if (MerkleTree.verifyConsistency(size1, size2, proof, flip(root1, 9), root2)
              || MerkleTree.verifyConsistency(size1, size2, proof, root1, flip(root2, 9))
              || MerkleTree.verifyConsistency(size1, size2, proof, root2, root1)) {
            accepted.add("roots");
          }
          assertThat(accepted).as("from %d to %d", size1, size2).isEmpty();
        });
  }

  @Test
  void proofsFromAGrowingChainMatchTheListForm() {
    // The chain's entry hashes are the leaves: a checkpoint's root is MTH over them.
    TestLogs.Log log = TestLogs.log(37, 0);
    List<Hash> hashes = log.hashes();
    assertThat(log.chain().root()).isEqualTo(MerkleTree.root(hashes));
    for (int i = 0; i < hashes.size(); i++) {
      List<Hash> proof = MerkleTree.inclusionProof(hashes, i);
      assertThat(MerkleTree.verifyInclusion(i, hashes.size(), hashes.get(i), proof, log.chain().root())).isTrue();
    }
  }

  private static List<Hash> flip(List<Hash> proof, int i, int bit) {
    List<Hash> out = new ArrayList<>(proof);
    out.set(i, flip(out.get(i), bit));
    return out;
  }

  private static Hash flip(Hash h, int bit) {
    byte[] b = h.toByteArray();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash.of(b);
  }
}
