package io.strongroom.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The audit log state a replica keeps: the next sequence number, the head hash, the Raft index of
 * the last entry and the RFC 6962 compact Merkle frontier. With it a replica appends in O(1)
 * amortized (one entry hash, and on average one node hash) and knows the tree root at its current
 * size without reading any old entry.
 *
 * <p>{@link #append} is deterministic: no clock, no randomness, no I/O. Replicas that apply the same
 * records at the same Raft indices and leader times produce the same entries and byte-identical
 * {@link #encode()}s. The state machine writes each returned entry ({@link AuditEntry#encode()})
 * and the new chain state ({@link #encode()}) in the same atomic batch.
 *
 * <p>Not thread-safe: one owner (the state machine's apply thread) mutates it. {@link #copy()}
 * gives an independent copy, for a snapshot or for appending tentatively.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #encode()}, version 1, integers big-endian:
 *
 * <pre>
 * 4 bytes  "SRAC"                    magic
 * u8       1                         version
 * u64      size                      number of entries; the next entry gets seq size + 1
 * u64      last raft index           Raft index of entry {@code size}; 0 when empty
 * 32 bytes head                      hash of entry {@code size}; all zeros when empty
 * u8       n                         number of subtree roots, = bitCount(size)
 * n x 32   subtree roots             the compact frontier, largest (leftmost) subtree first
 * </pre>
 */
public final class AuditChain {
  private static final byte[] MAGIC = "SRAC".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private final Sha256 sha = new Sha256();
  private final EntryCodec codec = new EntryCodec();
  private final Frontier frontier = new Frontier(sha);
  private final byte[] head = new byte[Hash.LENGTH];
  private long lastRaftIndex;

  private AuditChain() {}

  /** A chain with no entries: the first append makes entry 1. */
  public static AuditChain empty() {
    return new AuditChain();
  }

  /**
   * Makes the next entry from {@code record}, links it to the head, and advances the state. After
   * this, {@link #head()} is the new entry's hash (no need to recompute {@link AuditEntry#hash()}).
   *
   * @param raftIndex index of the Raft entry that carries the request; not below the previous
   *     entry's
   * @param leaderTimeMillis the leader's clock as proposed in the command, never the local clock
   * @throws InvalidFieldException if {@code raftIndex} is negative or below the previous entry's, or
   *     {@code leaderTimeMillis} is negative; the chain is then unchanged
   */
  public AuditEntry append(AuditRecord record, long raftIndex, long leaderTimeMillis) {
    Objects.requireNonNull(record, "record");
    FieldRules.nonNegative("raft_index", raftIndex);
    if (raftIndex < lastRaftIndex) {
      throw new InvalidFieldException("raft_index", "raft_index must not decrease: " + raftIndex
          + " is below " + lastRaftIndex + ", the Raft index of entry " + size());
    }
    if (size() == Long.MAX_VALUE) {
      throw new IllegalStateException("the audit log is full");
    }
    AuditEntry entry = new AuditEntry(size() + 1, raftIndex, leaderTimeMillis, record, Hash.of(head));
    int length = codec.encode(entry);
    sha.hash(codec.buffer(), 0, 1 + length, head);
    frontier.append(head);
    lastRaftIndex = raftIndex;
    return entry;
  }

  /** Number of entries appended; the sequence number of the last one (0 when empty). */
  public long size() {
    return frontier.size();
  }

  /** The sequence number the next entry will get. */
  public long nextSeq() {
    return size() + 1;
  }

  /** Hash of the last entry; {@link Hash#ZERO} when empty. */
  public Hash head() {
    return Hash.of(head);
  }

  /** Raft index of the last entry; 0 when empty. */
  public long lastRaftIndex() {
    return lastRaftIndex;
  }

  /** The RFC 6962 Merkle tree root over the hashes of entries 1..size; SHA-256 of nothing when empty. */
  public Hash root() {
    return frontier.root();
  }

  /** An independent copy of this state. */
  public AuditChain copy() {
    return decode(encode());
  }

  /** The canonical state encoding described above; a fresh array the caller owns. */
  public byte[] encode() {
    int n = frontier.count();
    byte[] out = new byte[MAGIC.length + 1 + 8 + 8 + Hash.LENGTH + 1 + n * Hash.LENGTH];
    int pos = 0;
    System.arraycopy(MAGIC, 0, out, pos, MAGIC.length);
    pos += MAGIC.length;
    out[pos++] = VERSION;
    pos = putLong(out, pos, size());
    pos = putLong(out, pos, lastRaftIndex);
    System.arraycopy(head, 0, out, pos, Hash.LENGTH);
    pos += Hash.LENGTH;
    out[pos++] = (byte) n;
    for (int i = 0; i < n; i++) {
      System.arraycopy(frontier.node(i), 0, out, pos, Hash.LENGTH);
      pos += Hash.LENGTH;
    }
    return out;
  }

  /**
   * Reads a state written by {@link #encode()}. Strict and self-checking: the magic, the version,
   * the number of subtree roots for the size, an all-zero head and index for an empty chain, the
   * last subtree root equal to the head when the size is odd, and no trailing bytes.
   *
   * @throws AuditFormatException if {@code encoded} is not a well-formed chain state
   */
  public static AuditChain decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    int fixed = MAGIC.length + 1 + 8 + 8 + Hash.LENGTH + 1;
    if (encoded.length < fixed) {
      throw new AuditFormatException("audit chain state is truncated: " + encoded.length + " bytes");
    }
    if (!Arrays.equals(encoded, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new AuditFormatException("not an audit chain state: wrong magic bytes");
    }
    int pos = MAGIC.length;
    int version = encoded[pos++] & 0xff;
    if (version != VERSION) {
      throw new AuditFormatException(
          "unsupported audit chain state version " + version + ", this build reads " + VERSION);
    }
    long size = getLong(encoded, pos);
    pos += 8;
    long lastRaftIndex = getLong(encoded, pos);
    pos += 8;
    byte[] head = Arrays.copyOfRange(encoded, pos, pos + Hash.LENGTH);
    pos += Hash.LENGTH;
    int n = encoded[pos++] & 0xff;
    if (size < 0 || lastRaftIndex < 0) {
      throw new AuditFormatException("audit chain state: negative size or Raft index");
    }
    if (n != Long.bitCount(size)) {
      throw new AuditFormatException("audit chain state: a chain of " + size + " entries has "
          + Long.bitCount(size) + " subtree roots, the state has " + n);
    }
    if (encoded.length != pos + n * Hash.LENGTH) {
      throw new AuditFormatException("audit chain state: expected " + (pos + n * Hash.LENGTH)
          + " bytes for " + n + " subtree roots, got " + encoded.length);
    }
    if (size == 0 && (lastRaftIndex != 0 || !Hash.ZERO.equalsBytes(head))) {
      throw new AuditFormatException("audit chain state: an empty chain has a zero head and Raft index");
    }
    byte[][] roots = new byte[n][];
    for (int i = 0; i < n; i++) {
      roots[i] = Arrays.copyOfRange(encoded, pos, pos + Hash.LENGTH);
      pos += Hash.LENGTH;
    }
    if ((size & 1) == 1 && !Arrays.equals(roots[n - 1], head)) {
      throw new AuditFormatException("audit chain state: the last subtree root of an odd-sized chain must be its head");
    }
    AuditChain chain = new AuditChain();
    chain.frontier.restore(size, roots);
    System.arraycopy(head, 0, chain.head, 0, Hash.LENGTH);
    chain.lastRaftIndex = lastRaftIndex;
    return chain;
  }

  private static int putLong(byte[] out, int pos, long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[pos++] = (byte) (v >>> shift);
    }
    return pos;
  }

  private static long getLong(byte[] in, int pos) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[pos + i] & 0xff);
    }
    return v;
  }

  /** Equal when the encoded states are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof AuditChain other && Arrays.equals(encode(), other.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(head) ^ Long.hashCode(size());
  }

  @Override
  public String toString() {
    return "AuditChain[size=" + size() + ", head=" + Hex.encode(head) + ", lastRaftIndex=" + lastRaftIndex + "]";
  }
}
