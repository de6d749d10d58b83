package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The RFC 6962 reference vectors (as published with certificate-transparency-go and
 * transparency-dev/merkle): the eight leaves, the roots of every prefix, the compact ranges, and
 * the known inclusion and consistency proofs, each also checked against the corruptions a verifier
 * must reject. Every failing case is collected and asserted once at the end.
 */
class MerkleTreeVectorsTest {
  static final String[] LEAVES = {
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"
  };
  static final String[] ROOTS = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
  };
  /** Node hashes by level: leaves, then pairs, then fours, then the root of eight. */
  static final String[][] NODES = {
    {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
      "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    },
    {
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    },
    {
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    },
    {"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"},
  };
  static final Hash SOME_HASH = Hash.fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");

  static Hash h(String hex) {
    return Hash.fromHex(hex);
  }

  static List<Hash> hs(String... hex) {
    return Stream.of(hex).map(Hash::fromHex).toList();
  }

  static List<Hash> leafHashes() {
    return Stream.of(LEAVES).map(l -> MerkleTree.leafHash(TestLogs.HEX.parseHex(l))).toList();
  }

  @Test
  void leafHashesAreTheLevelZeroNodes() {
    assertThat(leafHashes()).containsExactlyElementsOf(hs(NODES[0]));
  }

  @Test
  void rootOfEveryPrefix() {
    List<Hash> leaves = leafHashes();
    for (int n = 0; n <= 8; n++) {
      assertThat(MerkleTree.root(leaves.subList(0, n))).as("root of %d leaves", n).isEqualTo(h(ROOTS[n]));
    }
    assertThat(MerkleTree.emptyRoot()).isEqualTo(h(ROOTS[0]));
  }

  @Test
  void compactFrontierOfEveryPrefixAndItsRoot() {
    // transparency-dev/merkle testonly CompactTrees: the subtree roots of sizes 0..8.
    String[][] compact = {
      {},
      {NODES[0][0]},
      {NODES[1][0]},
      {NODES[1][0], NODES[0][2]},
      {NODES[2][0]},
      {NODES[2][0], NODES[0][4]},
      {NODES[2][0], NODES[1][2]},
      {NODES[2][0], NODES[1][2], NODES[0][6]},
      {NODES[3][0]},
    };
    Frontier frontier = new Frontier(new Sha256());
    List<Hash> leaves = leafHashes();
    for (int n = 0; n <= 8; n++) {
      if (n > 0) {
        frontier.append(leaves.get(n - 1).bytes());
      }
      List<Hash> nodes = new ArrayList<>();
      for (int i = 0; i < frontier.count(); i++) {
        nodes.add(Hash.of(frontier.node(i)));
      }
      assertThat(nodes).as("frontier of %d leaves", n).containsExactlyElementsOf(hs(compact[n]));
      assertThat(frontier.root()).as("frontier root of %d leaves", n).isEqualTo(h(ROOTS[n]));
    }
  }

  /** Inclusion vectors: 1-based leaf, tree size, proof. */
  static Stream<Arguments> inclusionVectors() {
    return Stream.of(
        Arguments.of(1, 1, hs()),
        Arguments.of(1, 8, hs(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(6, 8, hs(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(3, 3, hs("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        Arguments.of(2, 5, hs(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
  }

  @ParameterizedTest(name = "leaf {0} of {1}")
  @MethodSource("inclusionVectors")
  void inclusionVector(int leaf, int size, List<Hash> proof) {
    List<Hash> leaves = leafHashes().subList(0, size);
    long index = leaf - 1;
    Hash leafHash = leaves.get(leaf - 1);
    Hash root = h(ROOTS[size]);
    assertThat(MerkleTree.inclusionProof(leaves, index)).isEqualTo(proof);
    assertThat(MerkleTree.verifyInclusion(index, size, leafHash, proof, root)).isTrue();

    List<String> accepted = new ArrayList<>();
    List<Hash> empty = List.of();
    probe(accepted, "index - 1", index - 1, size, leafHash, proof, root);
    probe(accepted, "index + 1", index + 1, size, leafHash, proof, root);
    probe(accepted, "index ^ 2", index ^ 2, size, leafHash, proof, root);
    probe(accepted, "size * 2", index, size * 2L, leafHash, proof, root);
    probe(accepted, "size / 2", index, size / 2, leafHash, proof, root);
    probe(accepted, "wrong leaf", index, size, SOME_HASH, proof, root);
    probe(accepted, "empty root", index, size, leafHash, proof, h(ROOTS[0]));
    probe(accepted, "random root", index, size, leafHash, proof, SOME_HASH);
    probe(accepted, "trailing root", index, size, leafHash, plus(proof, root), root);
    probe(accepted, "trailing zero", index, size, leafHash, plus(proof, Hash.ZERO), root);
    probe(accepted, "preceding root", index, size, leafHash, plus(List.of(root), proof), root);
    probe(accepted, "empty proof", index, size, leafHash, proof.isEmpty() ? List.of(root) : empty, root);
    for (int i = 0; i < proof.size(); i++) {
      probe(accepted, "proof[" + i + "] bit 3", index, size, leafHash, flipped(proof, i), root);
    }
    if (!proof.isEmpty()) {
      probe(accepted, "removed last", index, size, leafHash, proof.subList(0, proof.size() - 1), root);
    }
    if (proof.size() > 1) {
      List<Hash> inserted = new ArrayList<>(proof);
      inserted.add(1, SOME_HASH);
      probe(accepted, "inserted", index, size, leafHash, inserted, root);
    }
    assertThat(accepted).as("corrupted proofs that verified").isEmpty();
  }

  private static void probe(List<String> accepted, String name, long index, long size, Hash leaf, List<Hash> proof,
      Hash root) {
    if (MerkleTree.verifyInclusion(index, size, leaf, proof, root)) {
      accepted.add(name);
    }
  }

  static List<Hash> plus(List<Hash> a, Hash b) {
    List<Hash> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  static List<Hash> plus(List<Hash> a, List<Hash> b) {
    List<Hash> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static List<Hash> flipped(List<Hash> proof, int i) {
    List<Hash> out = new ArrayList<>(proof);
    byte[] b = out.get(i).toByteArray();
    b[0] ^= 8;
    out.set(i, Hash.of(b));
    return out;
  }

  static Stream<Arguments> consistencyVectors() {
    return Stream.of(
        Arguments.of(1, 1, hs()),
        Arguments.of(1, 8, hs(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(6, 8, hs(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(2, 5, hs(
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(6, 7, hs(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  @ParameterizedTest(name = "from {0} to {1}")
  @MethodSource("consistencyVectors")
  void consistencyVector(int size1, int size2, List<Hash> proof) {
    List<Hash> leaves = leafHashes().subList(0, size2);
    Hash root1 = h(ROOTS[size1]);
    Hash root2 = h(ROOTS[size2]);
    assertThat(MerkleTree.consistencyProof(leaves, size1)).isEqualTo(proof);
    assertThat(MerkleTree.verifyConsistency(size1, size2, proof, root1, root2)).isTrue();
    if (proof.isEmpty()) {
      return;
    }
    List<String> accepted = new ArrayList<>();
    cprobe(accepted, "size1 - 1", size1 - 1, size2, proof, root1, root2);
    cprobe(accepted, "size1 + 1", size1 + 1, size2, proof, root1, root2);
    cprobe(accepted, "size1 ^ 2", size1 ^ 2, size2, proof, root1, root2);
    cprobe(accepted, "size2 * 2", size1, size2 * 2L, proof, root1, root2);
    cprobe(accepted, "size2 / 2", size1, size2 / 2, proof, root1, root2);
    cprobe(accepted, "wrong root1", size1, size2, proof, SOME_HASH, root2);
    cprobe(accepted, "wrong root2", size1, size2, proof, root1, SOME_HASH);
    cprobe(accepted, "swapped roots", size1, size2, proof, root2, root1);
    cprobe(accepted, "empty proof", size1, size2, List.of(), root1, root2);
    cprobe(accepted, "trailing zero", size1, size2, plus(proof, Hash.ZERO), root1, root2);
    cprobe(accepted, "trailing root1", size1, size2, plus(proof, root1), root1, root2);
    cprobe(accepted, "trailing root2", size1, size2, plus(proof, root2), root1, root2);
    cprobe(accepted, "preceding root1", size1, size2, plus(List.of(root1), proof), root1, root2);
    cprobe(accepted, "preceding root2", size1, size2, plus(List.of(root2), proof), root1, root2);
    cprobe(accepted, "preceding proof[0]", size1, size2, plus(List.of(proof.get(0)), proof), root1, root2);
    cprobe(accepted, "truncated", size1, size2, proof.subList(0, proof.size() - 1), root1, root2);
    for (int i = 0; i < proof.size(); i++) {
      cprobe(accepted, "proof[" + i + "] bit 4", size1, size2, flipped(proof, i), root1, root2);
    }
    assertThat(accepted).as("corrupted proofs that verified").isEmpty();
  }

  private static void cprobe(List<String> accepted, String name, long size1, long size2, List<Hash> proof, Hash root1,
      Hash root2) {
    if (MerkleTree.verifyConsistency(size1, size2, proof, root1, root2)) {
      accepted.add(name);
    }
  }

  @Test
  void degenerateInclusionCases() {
    Hash leaf = leafHashes().get(0);
    // RFC 9162 2.1.3.2 step 1: index >= size fails, as do an empty tree and a negative index.
    assertThat(MerkleTree.verifyInclusion(0, 0, leaf, List.of(), leaf)).isFalse();
    assertThat(MerkleTree.verifyInclusion(1, 1, leaf, List.of(), leaf)).isFalse();
    assertThat(MerkleTree.verifyInclusion(2, 1, leaf, List.of(), leaf)).isFalse();
    assertThat(MerkleTree.verifyInclusion(-1, 1, leaf, List.of(), leaf)).isFalse();
    // A one-leaf tree: the root is the leaf hash, the proof is empty.
    assertThat(MerkleTree.verifyInclusion(0, 1, leaf, List.of(), leaf)).isTrue();
    assertThat(MerkleTree.verifyInclusion(0, 1, leaf, List.of(), SOME_HASH)).isFalse();
    assertThat(MerkleTree.verifyInclusion(0, 1, leaf, List.of(leaf), leaf)).isFalse();
  }

  @Test
  void degenerateConsistencyCases() {
    Hash empty = MerkleTree.emptyRoot();
    Hash r1 = h(ROOTS[1]);
    Hash r2 = h(ROOTS[2]);
    assertThat(MerkleTree.verifyConsistency(0, 0, List.of(), empty, empty)).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 5, List.of(), empty, r2)).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 5, List.of(), SOME_HASH, r2)).as("size 0 needs the empty root")
        .isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 1, List.of(empty), empty, r1)).as("non-empty proof").isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, List.of(), r1, r1)).isTrue();
    assertThat(MerkleTree.verifyConsistency(1, 1, List.of(), r1, r2)).as("same size, different roots").isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, List.of(empty), r1, r1)).as("non-empty proof").isFalse();
    assertThat(MerkleTree.verifyConsistency(2, 1, List.of(), r2, r1)).as("time travel").isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 0, List.of(), r1, empty)).as("time travel").isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 2, List.of(), r1, r2)).as("empty proof").isFalse();
  }
}
