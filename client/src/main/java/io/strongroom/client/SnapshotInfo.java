package io.strongroom.client;

import java.util.HexFormat;

/**
 * A backup of the cluster state, saved or restored.
 *
 * @param bytes the backup's size
 * @param index the applied log index it reflects (0 when restored: the restore happens at a new index)
 * @param sha256 the SHA-256 of the whole file, as {@code sha256sum} prints it
 * @param records on restore, how many records replaced the state; 0 on save
 */
public record SnapshotInfo(long bytes, long index, String sha256, long records) {
  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
