package io.strongroom.raft;

import java.nio.ByteBuffer;

/**
 * A Raft log position. Stored as 16 bytes (term, index; big-endian) in the applied column family.
 *
 * <p>IMPORTANT: the stored encoding is a compatibility contract.
 */
public record LogPosition(long term, long index) {
  /** Before the first entry. */
  public static final LogPosition INITIAL = new LogPosition(0, -1);

  byte[] encode() {
    return ByteBuffer.allocate(16).putLong(term).putLong(index).array();
  }

  public static LogPosition decode(byte[] b) {
    if (b.length != 16) {
      throw new MalformedEntryException("applied marker must be 16 bytes, was " + b.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new LogPosition(buf.getLong(), buf.getLong());
  }
}
