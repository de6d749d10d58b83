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
 * snapshots): a version byte, a big-endian u16 entry count, then per entry its strings, each a
 * big-endian u16 byte length and UTF-8 bytes. Version {@code 1}: four strings (id, Raft address,
 * client address, region). Version {@code 2}: five (the same, then the zone). A book whose zones
 * are all empty is written as version 1, so that nodes of a build without zones still read it.
 */
final class PeerBook {
  static final String KEY = "raft/peers";
  private static final byte V1 = 1;
  private static final byte V2 = 2;

  private PeerBook() {}

  /** One member's addresses and placement. */
  record Entry(String id, String raftAddress, String clientAddress, String region, String zone) {
    Entry {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(raftAddress, "raftAddress");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(zone, "zone");
    }

    /** An entry with no zone. */
    Entry(String id, String raftAddress, String clientAddress, String region) {
      this(id, raftAddress, clientAddress, region, "");
    }

    private String[] fields(byte version) {
      return version == V1
          ? new String[] {id, raftAddress, clientAddress, region}
          : new String[] {id, raftAddress, clientAddress, region, zone};
    }
  }

  static Bytes encode(Collection<Entry> entries) {
    if (entries.size() > 0xFFFF) {
      throw new IllegalArgumentException("too many peers: " + entries.size());
    }
    byte version = entries.stream().allMatch(e -> e.zone().isEmpty()) ? V1 : V2;
    int size = 3;
    for (Entry e : entries) {
      for (String s : e.fields(version)) {
        size += 2 + utf8(s).length;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(version).putShort((short) entries.size());
    for (Entry e : entries) {
      for (String s : e.fields(version)) {
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
      if (version != V1 && version != V2) {
        throw new IllegalArgumentException("unknown peer book version " + version);
      }
      int n = Short.toUnsignedInt(b.getShort());
      Map<String, Entry> out = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        Entry e = new Entry(string(b), string(b), string(b), string(b), version == V1 ? "" : string(b));
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
