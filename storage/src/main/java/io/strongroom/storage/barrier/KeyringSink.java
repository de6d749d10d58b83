package io.strongroom.storage.barrier;

import io.strongroom.crypto.Bytes;

/**
 * Where the barrier persists its wrapped keyring: after initialisation, on every rotation and on every
 * new encryption-count reservation. The barrier hands out no ciphertext under a new term or
 * reservation until {@link #store} has returned, so {@code store} must make the bytes durable (write
 * them synchronously, or propose them through Raft and wait for the commit). If it throws, the change
 * is abandoned and the exception reaches the caller of the barrier.
 *
 * <p>The bytes are ciphertext under the root key; they may be stored in the clear.
 */
@FunctionalInterface
public interface KeyringSink {
  void store(Bytes wrappedKeyring);
}
