/**
 * The encryption barrier: AES-256-GCM with a term-numbered keyring wrapped by the root key.
 * {@link io.strongroom.storage.barrier.Barrier} seals and opens values bound to their storage path;
 * failures are {@link io.strongroom.storage.barrier.DecryptionFailedException} ("decryption failed").
 */
package io.strongroom.storage.barrier;
