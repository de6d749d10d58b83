package io.strongroom.audit;

/**
 * The compact Merkle frontier of RFC 6962 (a "compact range" from the start of the log): the roots
 * of the perfect subtrees that a tree of {@code size} leaves decomposes into, one per set bit of
 * {@code size}, largest (leftmost) first. Appending a leaf merges equal-sized subtrees like a
 * binary counter carries, so it costs one leaf plus, amortized, one node hash; the root at the
 * current size folds the O(log n) subtree roots from the right, reading no old leaf.
 *
 * <p>Not thread-safe; owned by one {@link AuditChain} or one verifier run.
 */
final class Frontier {
  static final int MAX_NODES = 63;

  private final Sha256 sha;
  private final byte[][] nodes = new byte[MAX_NODES + 1][];
  private int count;
  private long size;

  Frontier(Sha256 sha) {
    this.sha = sha;
  }

  long size() {
    return size;
  }

  int count() {
    return count;
  }

  /** Subtree root {@code i}, 0 being the largest. Internal array: do not modify. */
  byte[] node(int i) {
    return nodes[i];
  }

  /** Appends the leaf hash {@code leaf} (32 bytes, copied). */
  void append(byte[] leaf) {
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("the tree is full");
    }
    byte[] carry = slot(count);
    System.arraycopy(leaf, 0, carry, 0, Hash.LENGTH);
    for (long n = size; (n & 1) == 1; n >>>= 1) {
      // The new subtree is as large as the last complete one: merge them, the older on the left.
      // The merged root goes into the older one's slot, which becomes the top again.
      sha.node(nodes[count - 1], carry, nodes[count - 1]);
      count--;
      carry = nodes[count];
    }
    count++;
    size++;
  }

  private byte[] slot(int i) {
    if (nodes[i] == null) {
      nodes[i] = new byte[Hash.LENGTH];
    }
    return nodes[i];
  }

  /** The RFC 6962 root {@code MTH(D[0:size])} into {@code out}; SHA-256 of nothing when empty. */
  void root(byte[] out) {
    if (count == 0) {
      sha.hash(out, 0, 0, out);
      return;
    }
    System.arraycopy(nodes[count - 1], 0, out, 0, Hash.LENGTH);
    for (int i = count - 2; i >= 0; i--) {
      sha.node(nodes[i], out, out);
    }
  }

  Hash root() {
    byte[] out = new byte[Hash.LENGTH];
    root(out);
    return Hash.wrap(out);
  }

  /** Replaces the state: {@code subtreeRoots} must have one 32-byte root per set bit of {@code size}. */
  void restore(long size, byte[][] subtreeRoots) {
    if (size < 0 || Long.bitCount(size) != subtreeRoots.length) {
      throw new IllegalArgumentException("a tree of size " + size + " has " + Long.bitCount(Math.max(size, 0))
          + " subtree roots, got " + subtreeRoots.length);
    }
    for (int i = 0; i < subtreeRoots.length; i++) {
      System.arraycopy(subtreeRoots[i], 0, slot(i), 0, Hash.LENGTH);
    }
    this.count = subtreeRoots.length;
    this.size = size;
  }
}
