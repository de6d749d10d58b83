package io.strongroom.storage.kv;

import io.strongroom.crypto.Bytes;

/**
 * What reading one version of a secret finds in the replicated state, before decryption: the
 * ciphertext as stored (sealed under the barrier, bound to its path), never plaintext. Computed by
 * {@link KvState#read} (deterministically, so a replica applying a read command computes it the
 * same way) and opened by {@link KvEdge#open}.
 */
public sealed interface SealedRead {

  /** The version exists and is live; {@code sealed} is its ciphertext. */
  record Found(Bytes sealed, VersionInfo info) implements SealedRead {}

  /**
   * The version exists and is live, and its ciphertext was not read: what {@link KvState#probe}
   * finds for a replica that records a read's outcome but does not answer it. Never opened, never
   * sent.
   */
  record Live(VersionInfo info) implements SealedRead {}

  /** The version exists but is soft-deleted (it can be undeleted). */
  record Deleted(VersionInfo info) implements SealedRead {}

  /** The version was destroyed; its data is gone for good. */
  record Destroyed(VersionInfo info) implements SealedRead {}

  /** No secret at the path, or no such version (never written, or pruned). */
  record NotFound() implements SealedRead {}

  /** Bad input (an invalid path or version). */
  record Rejected(KvResult.Violation violation, String message) implements SealedRead {}
}
