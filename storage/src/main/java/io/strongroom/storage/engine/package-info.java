/**
 * Ordered key-value storage in column families with atomic batches and prefix scans:
 * {@link io.strongroom.storage.engine.StorageEngine}, implemented by
 * {@link io.strongroom.storage.engine.RocksDbEngine} (durable, checkpoints) and
 * {@link io.strongroom.storage.engine.InMemoryEngine} (tests). Environment failures are
 * {@link io.strongroom.storage.engine.StorageException}s that name the data dir.
 */
package io.strongroom.storage.engine;
