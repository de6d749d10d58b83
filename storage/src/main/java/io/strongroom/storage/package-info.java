/**
 * Strongroom storage: the RocksDB engine ({@link io.strongroom.storage.engine}), the encrypting
 * barrier with its rotating keyring ({@link io.strongroom.storage.barrier}), and versioned secrets
 * with Vault KV v2 semantics ({@link io.strongroom.storage.kv}).
 *
 * <p>Invariant: no plaintext secret value or key reaches disk. The KV layer is split into an edge
 * ({@link io.strongroom.storage.kv.KvEdge}: validates, seals with caller randomness, decrypts reads)
 * and a deterministic state ({@link io.strongroom.storage.kv.KvState}: applies sealed commands at a
 * caller-supplied time), so the replicated state machine can run the edge on the leader and the
 * apply on every replica.
 */
package io.strongroom.storage;
