package io.strongroom.audit;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One reusable SHA-256 instance with the two RFC 6962 hash shapes: a leaf
 * {@code SHA-256(0x00 || data)} and an interior node {@code SHA-256(0x01 || left || right)}. Not
 * thread-safe: each owner (a chain, a verifier run) has its own.
 */
final class Sha256 {
  static final byte LEAF_PREFIX = 0x00;
  static final byte NODE_PREFIX = 0x01;

  private final MessageDigest digest = newDigest();
  private final byte[] node = new byte[1 + 2 * Hash.LENGTH];

  Sha256() {
    node[0] = NODE_PREFIX;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** SHA-256 of {@code in[offset, offset + length)} into {@code out[0, 32)}. */
  void hash(byte[] in, int offset, int length, byte[] out) {
    digest.update(in, offset, length);
    try {
      digest.digest(out, 0, Hash.LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code SHA-256(0x01 || left || right)} into {@code out}, which may be {@code left} or {@code right}. */
  void node(byte[] left, byte[] right, byte[] out) {
    System.arraycopy(left, 0, node, 1, Hash.LENGTH);
    System.arraycopy(right, 0, node, 1 + Hash.LENGTH, Hash.LENGTH);
    hash(node, 0, node.length, out);
  }

  /** {@code SHA-256(0x00 || data)}. */
  Hash leaf(byte[] data) {
    digest.update(LEAF_PREFIX);
    digest.update(data);
    return Hash.wrap(digest.digest());
  }

  Hash node(Hash left, Hash right) {
    byte[] out = new byte[Hash.LENGTH];
    node(left.bytes(), right.bytes(), out);
    return Hash.wrap(out);
  }

  /** SHA-256 of nothing: the RFC 6962 root of the empty tree. */
  Hash empty() {
    return Hash.wrap(digest.digest());
  }
}
