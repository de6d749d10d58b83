package io.strongroom.unseal;

import java.util.Optional;

/**
 * Where the lifecycle keeps its {@link SealRecord}: the one I/O port of this package. In a cluster
 * the record is replicated state (the implementation proposes it through Raft and returns after
 * the commit); on a single node it is a durable local write.
 *
 * <p>Contract: {@link #store} replaces the record atomically and is durable when it returns; if it
 * throws, the previous record is still the stored one. {@link #load} returns the last stored record.
 * Implementations must be thread-safe.
 */
public interface SealStore {
  /** The stored record, or empty before the cluster's first init. */
  Optional<SealRecord> load();

  /** Replaces the stored record. */
  void store(SealRecord record);

  /** A store in memory, for tests and development nodes. */
  static SealStore inMemory() {
    return new InMemorySealStore();
  }
}
