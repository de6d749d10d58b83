package io.strongroom.audit;

import java.util.Arrays;
import java.util.Objects;

/**
 * One committed audit entry: the edge's {@link AuditRecord}, placed by the state machine at a
 * sequence number and linked to the entry before it. Entries are made by {@link AuditChain#append}
 * on every replica alike; this record is also what a stored or exported entry reads back as.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #encode()} is the canonical encoding (version
 * 1, byte layout in the package documentation and {@code docs/audit-format.md}), and
 * {@link #hash()} is {@code SHA-256(0x00 || encode())}: at once the link the next entry's
 * {@code prevHash} holds and the RFC 6962 leaf hash of this entry in the log's Merkle tree.
 *
 * @param seq position in the log, from 1, without gaps
 * @param raftIndex index of the Raft log entry that carried the request, >= 0; never decreases along
 *     the chain (one Raft entry may carry many requests)
 * @param leaderTimeMillis the proposing leader's clock, milliseconds since 1970-01-01T00:00:00Z,
 *     >= 0; made at the edge so that every replica records the same value. Informational: leader
 *     clocks may step back across a leader change
 * @param record what the edge recorded
 * @param prevHash {@link #hash()} of entry {@code seq - 1}; {@link Hash#ZERO} for entry 1
 */
public record AuditEntry(long seq, long raftIndex, long leaderTimeMillis, AuditRecord record, Hash prevHash) {

  /** @throws InvalidFieldException if {@code seq < 1}, or the index or time is negative */
  public AuditEntry {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(prevHash, "prevHash");
    FieldRules.positive("seq", seq);
    FieldRules.nonNegative("raft_index", raftIndex);
    FieldRules.nonNegative("leader_time", leaderTimeMillis);
  }

  /** The canonical encoding; a fresh array the caller owns. */
  public byte[] encode() {
    EntryCodec codec = new EntryCodec();
    int length = codec.encode(this);
    return Arrays.copyOfRange(codec.buffer(), 1, 1 + length);
  }

  /**
   * Reads a canonical encoding. Strict: an unknown version, a truncated field, a field outside its
   * allowed form or trailing bytes are rejected, so {@code decode(e.encode()).equals(e)} and no other
   * bytes decode to {@code e}.
   *
   * @throws AuditFormatException if {@code encoded} is not one well-formed entry
   */
  public static AuditEntry decode(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return EntryCodec.decode(encoded);
  }

  /** {@code SHA-256(0x00 || encode())}, computed on each call. */
  public Hash hash() {
    EntryCodec codec = new EntryCodec();
    int length = codec.encode(this);
    byte[] out = new byte[Hash.LENGTH];
    new Sha256().hash(codec.buffer(), 0, 1 + length, out);
    return Hash.wrap(out);
  }
}
