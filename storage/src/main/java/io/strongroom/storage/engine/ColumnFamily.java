package io.strongroom.storage.engine;

import java.nio.charset.StandardCharsets;

/**
 * The concerns the store keeps apart, one RocksDB column family each.
 *
 * <p>IMPORTANT: the {@link #storageName()} values are a compatibility contract: they are the column
 * family names on disk. Renaming one orphans its data. Add new families only at the end.
 */
public enum ColumnFamily {
  /** Sealed secret versions (KV v2 data): path, NUL, version -> barrier ciphertext. */
  SECRET_DATA("secret-data"),
  /** Secret metadata (version list, times, flags; custom metadata sealed). */
  SECRET_METADATA("secret-metadata"),
  /** System records: the wrapped keyring, tokens, policies. */
  SYSTEM("system"),
  /**
   * Audit entries, hash chained, written by the replicated state machine: only entries, keyed by
   * increasing sequence number, so each flushed table lies after every older one and compaction
   * moves it down instead of rewriting the log.
   */
  AUDIT("audit"),
  /** The applied-state marker (last applied Raft term and index). */
  APPLIED("applied"),
  /**
   * The audit chain's state and its signed checkpoints: small records, the state rewritten with
   * every entry, kept out of {@link #AUDIT} (in one family, every table held a rewritten key
   * before the entries, so every compaction rewrote the whole audit log).
   */
  AUDIT_CHAIN("audit-chain");

  private final String storageName;

  ColumnFamily(String storageName) {
    this.storageName = storageName;
  }

  /** The column family name on disk. */
  public String storageName() {
    return storageName;
  }

  byte[] storageNameBytes() {
    return storageName.getBytes(StandardCharsets.UTF_8);
  }
}
