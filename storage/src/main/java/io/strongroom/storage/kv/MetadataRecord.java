package io.strongroom.storage.kv;

import io.strongroom.crypto.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A secret's metadata as stored: structural fields in the clear, custom metadata sealed. Mutable and
 * confined to one apply (or one read); not shared.
 *
 * <p>IMPORTANT: record encoding, a compatibility contract (integers big-endian):
 * <pre>
 * u8  format = 1
 * i64 created millis | i64 updated millis | i64 current version
 * i32 max versions (0 = store default) | u8 flags (bit 0: cas required) | i64 delete-version-after millis
 * i32 sealed custom metadata length (-1 = none) | sealed custom metadata (barrier ciphertext)
 * i32 n | n x { i64 version | i64 created millis | i64 deletion millis (0 = none) | u8 destroyed (0/1) }
 *     versions strictly ascending
 * </pre>
 * The oldest version is not stored: it is the first of the list.
 */
final class MetadataRecord {

  static final byte FORMAT = 1;

  long createdMillis;
  long updatedMillis;
  long currentVersion;
  int maxVersions;
  boolean casRequired;
  long deleteVersionAfterMillis;
  Optional<Bytes> sealedCustom = Optional.empty();
  final SortedMap<Long, VersionInfo> versions = new TreeMap<>();

  static MetadataRecord fresh(long nowMillis) {
    MetadataRecord r = new MetadataRecord();
    r.createdMillis = nowMillis;
    r.updatedMillis = nowMillis;
    return r;
  }

  long oldestVersion() {
    return versions.isEmpty() ? 0 : versions.firstKey();
  }

  byte[] encode() {
    byte[] custom = sealedCustom.map(Bytes::toByteArray).orElse(null);
    int size = 1 + 8 + 8 + 8 + 4 + 1 + 8 + 4 + (custom == null ? 0 : custom.length) + 4 + versions.size() * 25;
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(FORMAT).putLong(createdMillis).putLong(updatedMillis).putLong(currentVersion)
        .putInt(maxVersions).put((byte) (casRequired ? 1 : 0)).putLong(deleteVersionAfterMillis);
    if (custom == null) {
      buf.putInt(-1);
    } else {
      buf.putInt(custom.length).put(custom);
    }
    buf.putInt(versions.size());
    for (VersionInfo v : versions.values()) {
      buf.putLong(v.version()).putLong(v.createdMillis()).putLong(v.deletionMillis()).put((byte) (v.destroyed() ? 1 : 0));
    }
    return buf.array();
  }

  /** Decodes a stored record; anything malformed is corruption of the store, so it throws. */
  static MetadataRecord decode(byte[] bytes) {
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      if (buf.get() != FORMAT) {
        throw new IllegalStateException("metadata record has unknown format " + bytes[0]);
      }
      MetadataRecord r = new MetadataRecord();
      r.createdMillis = buf.getLong();
      r.updatedMillis = buf.getLong();
      r.currentVersion = buf.getLong();
      r.maxVersions = buf.getInt();
      r.casRequired = (buf.get() & 1) != 0;
      r.deleteVersionAfterMillis = buf.getLong();
      int customLength = buf.getInt();
      if (customLength >= 0) {
        byte[] custom = new byte[customLength];
        buf.get(custom);
        r.sealedCustom = Optional.of(Bytes.of(custom));
      }
      int n = buf.getInt();
      for (int i = 0; i < n; i++) {
        VersionInfo v = new VersionInfo(buf.getLong(), buf.getLong(), buf.getLong(), buf.get() != 0);
        r.versions.put(v.version(), v);
      }
      if (buf.hasRemaining()) {
        throw new IllegalStateException("metadata record has " + buf.remaining() + " trailing bytes");
      }
      return r;
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalStateException("metadata record is truncated (" + bytes.length + " bytes)", e);
    }
  }

  SecretMetadata toPublic(String path, Map<String, String> customMetadata) {
    return new SecretMetadata(path, createdMillis, updatedMillis, currentVersion, oldestVersion(), maxVersions,
        casRequired, deleteVersionAfterMillis, customMetadata, new ArrayList<>(versions.values()));
  }
}
