/**
 * Versioned secrets with Vault KV v2 semantics. {@link io.strongroom.storage.kv.KvEdge} runs at the
 * edge (validate, seal, decrypt); {@link io.strongroom.storage.kv.KvState} applies
 * {@link io.strongroom.storage.kv.KvCommand}s deterministically; outcomes are
 * {@link io.strongroom.storage.kv.KvResult} and {@link io.strongroom.storage.kv.ReadResult} values.
 * {@link io.strongroom.storage.kv.LocalSecretStore} wires both for a single node.
 */
package io.strongroom.storage.kv;
