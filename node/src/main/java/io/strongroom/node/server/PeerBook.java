package io.strongroom.node.server;

import io.strongroom.crypto.Bytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The cluster's address book: for each Raft member, the client address and region that Raft does
 * not know. Kept as the replicated system record {@value #KEY} so that every node, including one
 * added at run time with no peers in its node.yaml, can name any member's client address (in
 * NOT_LEADER hints, status and list-peers).
 *
 * <p>IMPORTANT: the encoding is a compatibility contract (it lives in the replicated state and in
 * snapshots): version byte {@code 1}, a big-endian u16 entry count, then per entry four strings
 * (id, Raft address, client address, region), each a big-endian u16 byte length and UTF-8 bytes.
 */
final class PeerBook {
  static final String KEY = "raft/peers";
  private static final byte VERSION = 1;

  private PeerBook() {}

  /** One member's addresses. */
  record Entry(String id, String raftAddress, String clientAddress, String region) {
    Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(raftAddress, "raftAddress");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(region, "region");
    }
  }

  static Bytes encode(Collection<Entry> entries) {
    if (entries.size() > 0xFFFF) {
      throw new IllegalArgumentException("too many peers: " + entries.size());
    }
    int size = 3;
    for (Entry e : entries) {
      size += 8 + utf8(e.id()).length + utf8(e.raftAddress()).length + utf8(e.clientAddress()).length + utf8(e.region()).length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(VERSION).putShort((short) entries.size());
    for (Entry e : entries) {
      for (String s : new String[] {e.id(), e.raftAddress(), e.clientAddress(), e.region()}) {
        byte[] u = utf8(s);
        if (u.length > 0xFFFF) {
          throw new IllegalArgumentException("peer field too long: " + u.length + " bytes");
        }
        b.putShort((short) u.length).put(u);
      }
    }
    return Bytes.of(b.array());
  }

  /**
   * Decodes a stored book, in stored order.
   *
   * @throws IllegalArgumentException if it is malformed or of an unknown version
   */
  static Map<String, Entry> decode(Bytes value) {
    ByteBuffer b = ByteBuffer.wrap(value.toByteArray());
    try {
      byte version = b.get();
      if (version != VERSION) {
        throw new IllegalArgumentException("unknown peer book version " + version);
      }
      int n = Short.toUnsignedInt(b.getShort());
      Map<String, Entry> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Entry e = new Entry(string(b), string(b), string(b), string(b));
        out.put(e.id(), e);
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException("peer book has " + b.remaining() + " trailing bytes");
      }
      return out;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("peer book is truncated", e);
    }
  }

  private static String string(ByteBuffer b) {
    byte[] u = new byte[Short.toUnsignedInt(b.getShort())];
    b.get(u);
    return new String(u, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
