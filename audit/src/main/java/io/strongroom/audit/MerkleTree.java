package io.strongroom.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 section 2.1 over SHA-256: roots, inclusion proofs and
 * consistency proofs, made and checked.
 *
 * <p>Hashes: a leaf is {@code SHA-256(0x00 || data)}, an interior node
 * {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. A tree of {@code n > 1}
 * leaves splits at {@code k}, the largest power of two below {@code n}. In the audit log the leaf
 * data is an entry's canonical encoding, so a leaf hash is the entry's {@link AuditEntry#hash()},
 * and leaf index {@code i} holds entry {@code seq = i + 1}.
 *
 * <p>Verification follows RFC 9162 sections 2.1.3.2 and 2.1.4.2 to the letter and is strict: every
 * proof hash is used, a proof one hash too long or too short fails, as do an index outside the
 * tree, a first size above the second, and a non-empty proof where an empty one is due. (Skipping
 * one of these checks is what let forged proofs through in immudb, GHSA-672p-m5jq-mrh8.)
 *
 * <p>Proof generation reads every leaf hash of the tree: O(n) hashing. Stateless and thread-safe;
 * returned lists are immutable and owned by the caller.
 */
public final class MerkleTree {
  private MerkleTree() {}

  /** {@code SHA-256(0x00 || data)}. */
  public static Hash leafHash(byte[] data) {
    return new Sha256().leaf(Objects.requireNonNull(data, "data"));
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    return new Sha256().node(Objects.requireNonNull(left, "left"), Objects.requireNonNull(right, "right"));
  }

  /** The root of the empty tree, {@code SHA-256()} = {@code e3b0c442...b855}. */
  public static Hash emptyRoot() {
    return new Sha256().empty();
  }

  /** {@code MTH(D[0:n])} over the given leaf hashes. */
  public static Hash root(List<Hash> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    return leafHashes.isEmpty() ? emptyRoot() : new Builder(i -> leafHashes.get((int) i)).subtree(0, leafHashes.size());
  }

  /** {@code PATH(index, D[0:n])}: the inclusion proof of leaf {@code index}, leaf to root. */
  public static List<Hash> inclusionProof(List<Hash> leafHashes, long index) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    return inclusionProof(index, leafHashes.size(), i -> leafHashes.get((int) i));
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves, reading
   * leaf hash {@code i} through {@code leafHash.apply(i)}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public static List<Hash> inclusionProof(long index, long size, LongFunction<Hash> leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf index must be in [0, " + size + "), was " + index);
    }
    List<Hash> proof = new ArrayList<>();
    new Builder(leafHash).path(index, 0, size, proof);
    return Collections.unmodifiableList(proof);
  }

  /** {@code PROOF(size1, D[0:n])}: the consistency proof from the first {@code size1} leaves to all. */
  public static List<Hash> consistencyProof(List<Hash> leafHashes, long size1) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    return consistencyProof(size1, leafHashes.size(), i -> leafHashes.get((int) i));
  }

  /**
   * The consistency proof between the trees of the first {@code size1} and {@code size2} leaves:
   * empty when {@code size1} is 0 or equal to {@code size2}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= size1 <= size2}
   */
  public static List<Hash> consistencyProof(long size1, long size2, LongFunction<Hash> leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (size1 < 0 || size1 > size2) {
      throw new IllegalArgumentException("need 0 <= size1 <= size2, was " + size1 + " and " + size2);
    }
    List<Hash> proof = new ArrayList<>();
    if (size1 > 0 && size1 < size2) {
      new Builder(leafHash).subproof(size1, 0, size2, true, proof);
    }
    return Collections.unmodifiableList(proof);
  }

  /**
   * Whether {@code proof} shows that {@code leafHash} is leaf {@code index} of the tree of
   * {@code size} leaves with root {@code root} (RFC 9162 section 2.1.3.2).
   */
  public static boolean verifyInclusion(long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
    return inclusionFailure(index, size, leafHash, proof, root) == null;
  }

  /**
   * Whether {@code proof} shows that the tree of {@code size1} leaves with root {@code root1} is a
   * prefix of the tree of {@code size2} leaves with root {@code root2} (RFC 9162 section 2.1.4.2).
   * For {@code size1 = 0} the proof must be empty and {@code root1} the empty root; for
   * {@code size1 = size2} the proof must be empty and the roots equal.
   */
  public static boolean verifyConsistency(long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
    return consistencyFailure(size1, size2, proof, root1, root2) == null;
  }

  /** Why the inclusion proof fails, or null when it verifies. */
  static String inclusionFailure(long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(root, "root");
    checkElements(proof);
    if (size < 1 || index < 0 || index >= size) {
      return "leaf index " + index + " is not in a tree of size " + size;
    }
    int expected = inclusionLength(index, size);
    if (proof.size() != expected) {
      return "the proof has " + proof.size() + " hashes, leaf " + index + " of a tree of size " + size
          + " needs " + expected;
    }
    Sha256 sha = new Sha256();
    byte[] r = leafHash.toByteArray();
    long fn = index;
    long sn = size - 1;
    for (Hash p : proof) {
      if (sn == 0) {
        return "the proof is too long";
      }
      if ((fn & 1) == 1 || fn == sn) {
        sha.node(p.bytes(), r, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sha.node(r, p.bytes(), r);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return "the proof is too short";
    }
    if (!root.equalsBytes(r)) {
      return "the proof leads to root " + Hex.encode(r) + ", not " + root.hex();
    }
    return null;
  }

  /** Why the consistency proof fails, or null when it verifies. */
  static String consistencyFailure(long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
    Objects.requireNonNull(root1, "root1");
    Objects.requireNonNull(root2, "root2");
    checkElements(proof);
    if (size1 < 0 || size2 < size1) {
      return "a tree of size " + size1 + " cannot be a prefix of a tree of size " + size2;
    }
    if (size1 == size2 || size1 == 0) {
      if (!proof.isEmpty()) {
        return "the proof must be empty from size " + size1 + " to " + size2 + ", it has " + proof.size() + " hashes";
      }
      if (size1 == 0 && !root1.equals(emptyRoot())) {
        return "the root of the empty tree is " + emptyRoot().hex() + ", not " + root1.hex();
      }
      if (size1 == size2 && !root1.equals(root2)) {
        return "trees of the same size " + size1 + " have different roots " + root1.hex() + " and " + root2.hex();
      }
      return null;
    }
    int expected = consistencyLength(size1, size2);
    if (proof.size() != expected) {
      return "the proof has " + proof.size() + " hashes, from size " + size1 + " to " + size2 + " it needs " + expected;
    }
    List<Hash> path = proof;
    if (Long.bitCount(size1) == 1) {
      List<Hash> withFirst = new ArrayList<>(proof.size() + 1);
      withFirst.add(root1);
      withFirst.addAll(proof);
      path = withFirst;
    }
    Sha256 sha = new Sha256();
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.get(0).toByteArray();
    byte[] sr = path.get(0).toByteArray();
    for (Hash c : path.subList(1, path.size())) {
      if (sn == 0) {
        return "the proof is too long";
      }
      if ((fn & 1) == 1 || fn == sn) {
        sha.node(c.bytes(), fr, fr);
        sha.node(c.bytes(), sr, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sha.node(sr, c.bytes(), sr);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      return "the proof is too short";
    }
    if (!root1.equalsBytes(fr)) {
      return "the proof leads to first root " + Hex.encode(fr) + ", not " + root1.hex();
    }
    if (!root2.equalsBytes(sr)) {
      return "the proof leads to second root " + Hex.encode(sr) + ", not " + root2.hex();
    }
    return null;
  }

  private static void checkElements(List<Hash> proof) {
    Objects.requireNonNull(proof, "proof");
    for (Hash h : proof) {
      Objects.requireNonNull(h, "proof element");
    }
  }

  /** How many hashes the RFC 9162 inclusion verification consumes for {@code index} in {@code size}. */
  static int inclusionLength(long index, long size) {
    long fn = index;
    long sn = size - 1;
    int n = 0;
    while (sn != 0) {
      if ((fn & 1) == 0 && fn == sn) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
      fn >>>= 1;
      sn >>>= 1;
      n++;
    }
    return n;
  }

  /** How many hashes a consistency proof from {@code size1} to {@code size2} has, {@code 0 < size1 < size2}. */
  static int consistencyLength(long size1, long size2) {
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    int n = 0;
    while (sn != 0) {
      if ((fn & 1) == 0 && fn == sn) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      }
      fn >>>= 1;
      sn >>>= 1;
      n++;
    }
    // The verifier's path has n + 1 hashes; its first is root1 itself when size1 is a power of 2.
    return Long.bitCount(size1) == 1 ? n : n + 1;
  }

  /** The recursive definitions of RFC 9162 section 2.1 over a leaf-hash accessor. */
  private static final class Builder {
    private final LongFunction<Hash> leaves;
    private final Sha256 sha = new Sha256();

    Builder(LongFunction<Hash> leaves) {
      this.leaves = leaves;
    }

    private static long split(long n) {
      return Long.highestOneBit(n - 1);
    }

    Hash leaf(long i) {
      return Objects.requireNonNull(leaves.apply(i), "leaf hash");
    }

    /** {@code MTH(D[lo:hi])}, {@code hi > lo}. */
    Hash subtree(long lo, long hi) {
      long n = hi - lo;
      if (n == 1) {
        return leaf(lo);
      }
      long k = split(n);
      return sha.node(subtree(lo, lo + k), subtree(lo + k, hi));
    }

    /** {@code PATH(m, D[lo:hi])}. */
    void path(long m, long lo, long hi, List<Hash> out) {
      long n = hi - lo;
      if (n == 1) {
        return;
      }
      long k = split(n);
      if (m < k) {
        path(m, lo, lo + k, out);
        out.add(subtree(lo + k, hi));
      } else {
        path(m - k, lo + k, hi, out);
        out.add(subtree(lo, lo + k));
      }
    }

    /** {@code SUBPROOF(m, D[lo:hi], b)}. */
    void subproof(long m, long lo, long hi, boolean complete, List<Hash> out) {
      long n = hi - lo;
      if (m == n) {
        if (!complete) {
          out.add(subtree(lo, hi));
        }
        return;
      }
      long k = split(n);
      if (m <= k) {
        subproof(m, lo, lo + k, complete, out);
        out.add(subtree(lo + k, hi));
      } else {
        subproof(m - k, lo + k, hi, false, out);
        out.add(subtree(lo, lo + k));
      }
    }
  }
}
