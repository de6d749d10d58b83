package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StorageEngine;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A logical copy of a cluster's secrets and system records, for backup ({@code operator raft
 * snapshot save}) and restore. It holds exactly what the state holds: barrier ciphertext, wrapped
 * keys and public data, never plaintext.
 *
 * <p><b>IMPORTANT: compatibility contract</b> (a backup must stay restorable), version 1, integers
 * big-endian:
 * <pre>
 * "SRDUMP" | u8 version = 1
 * u16 length | cluster key id (opaque to this class; the node writes its key set id)
 * i64 term | i64 index                  (the applied position the dump was taken at)
 * records, each: u8 family (1 secret data, 2 secret metadata, 3 system record)
 *                u32 length | key | u32 length | value
 * u8 0                                  (end of records)
 * 32 bytes: SHA-256 of every byte before it
 * </pre>
 * System records are stored under their record key (the {@code rec/} prefix included); replay
 * records (request ids) and the audit chain are not part of a dump.
 */
public final class StateDump {
  /** The most chunks one restore may have ({@value Command.RestoreChunk#MAX_BYTES} bytes each). */
  public static final int MAX_CHUNKS = 4096;

  private static final byte[] MAGIC = "SRDUMP".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  static final byte[] RECORD_PREFIX = "rec/".getBytes(StandardCharsets.UTF_8);

  /** What a dump says about itself, readable from its first bytes. */
  public record Header(Bytes clusterKeyId, LogPosition position) {}

  /** One stored record of a dump. */
  record Entry(ColumnFamily family, byte[] key, byte[] value) {}

  private StateDump() {}

  /**
   * Writes every secret and every system record except {@code excludedRecords} of {@code engine}
   * to {@code out}. The engine must not change meanwhile: pass a checkpoint, not the live state.
   *
   * @return the dump's SHA-256 (also its last 32 bytes)
   */
  public static Bytes write(StorageEngine engine, Bytes clusterKeyId, LogPosition position, Set<String> excludedRecords, OutputStream out) {
    Objects.requireNonNull(engine, "engine");
    MessageDigest sha = sha256();
    try {
      DataOutputStream data = new DataOutputStream(new DigestOutputStream(out, sha));
      data.write(MAGIC);
      data.writeByte(VERSION);
      data.writeShort(clusterKeyId.length());
      data.write(clusterKeyId.toByteArray());
      data.writeLong(position.term());
      data.writeLong(position.index());
      for (ColumnFamily family : List.of(ColumnFamily.SECRET_DATA, ColumnFamily.SECRET_METADATA)) {
        engine.scan(family, new byte[0], (k, v) -> {
          record(data, family, k, v);
          return true;
        });
      }
      Set<String> excluded = Set.copyOf(excludedRecords);
      engine.scan(ColumnFamily.SYSTEM, RECORD_PREFIX, (k, v) -> {
        String name = new String(k, RECORD_PREFIX.length, k.length - RECORD_PREFIX.length, StandardCharsets.UTF_8);
        if (!excluded.contains(name)) {
          record(data, ColumnFamily.SYSTEM, k, v);
        }
        return true;
      });
      data.writeByte(0);
      data.flush();
      byte[] digest = sha.digest();
      out.write(digest);
      out.flush();
      return Bytes.of(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void record(DataOutputStream data, ColumnFamily family, byte[] key, byte[] value) {
    try {
      data.writeByte(code(family));
      data.writeInt(key.length);
      data.write(key);
      data.writeInt(value.length);
      data.write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the header from the first bytes of a dump (the first chunk holds it).
   *
   * @throws MalformedEntryException if they are not the start of a dump this version reads
   */
  public static Header header(byte[] start) {
    Wire.Reader r = new Wire.Reader(start, "snapshot");
    Bytes magic = r.raw(MAGIC.length, "magic");
    if (!Arrays.equals(magic.toByteArray(), MAGIC)) {
      throw new MalformedEntryException("not a Strongroom snapshot (it does not start with SRDUMP)");
    }
    int version = r.u8("version");
    if (version != VERSION) {
      throw new MalformedEntryException("snapshot format version " + version + " is not supported (this node reads " + VERSION + ")");
    }
    int idLength = (r.u8("key id length") << 8) | r.u8("key id length");
    Bytes id = r.raw(idLength, "cluster key id");
    return new Header(id, new LogPosition(r.i64("term"), r.i64("index")));
  }

  /**
   * Parses a whole dump, checking its trailing SHA-256 first.
   *
   * @throws MalformedEntryException if it is truncated, damaged or not a dump
   */
  static List<Entry> entries(byte[] dump) {
    if (dump.length < MAGIC.length + 32) {
      throw new MalformedEntryException("snapshot is truncated (" + dump.length + " bytes)");
    }
    MessageDigest sha = sha256();
    sha.update(dump, 0, dump.length - 32);
    if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(dump, dump.length - 32, dump.length))) {
      throw new MalformedEntryException("snapshot is damaged: its SHA-256 does not match its contents");
    }
    ByteBuffer in = ByteBuffer.wrap(dump, 0, dump.length - 32);
    in.position(MAGIC.length + 1);
    int idLength = in.getShort() & 0xffff;
    in.position(in.position() + idLength + 16);
    List<Entry> out = new ArrayList<>();
    try {
      while (true) {
        int code = in.get() & 0xff;
        if (code == 0) {
          break;
        }
        ColumnFamily family = family(code);
        byte[] key = new byte[in.getInt()];
        in.get(key);
        byte[] value = new byte[in.getInt()];
        in.get(value);
        if (family == ColumnFamily.SYSTEM && !startsWith(key, RECORD_PREFIX)) {
          throw new MalformedEntryException("snapshot holds a system key outside rec/");
        }
        out.add(new Entry(family, key, value));
      }
    } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
      throw new MalformedEntryException("snapshot is truncated inside a record");
    }
    if (in.hasRemaining()) {
      throw new MalformedEntryException("snapshot has " + in.remaining() + " bytes after its end marker");
    }
    return out;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int code(ColumnFamily family) {
    switch (family) {
      case SECRET_DATA:
        return 1;
      case SECRET_METADATA:
        return 2;
      case SYSTEM:
        return 3;
      default:
        throw new IllegalArgumentException(family + " is not part of a snapshot");
    }
  }

  private static ColumnFamily family(int code) {
    switch (code) {
      case 1:
        return ColumnFamily.SECRET_DATA;
      case 2:
        return ColumnFamily.SECRET_METADATA;
      case 3:
        return ColumnFamily.SYSTEM;
      default:
        throw new MalformedEntryException("snapshot names unknown record family " + code);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
