package io.strongroom.storage.barrier;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Keeps the wrapped keyring in the {@link ColumnFamily#SYSTEM} family of a local engine, for a
 * single node and for tests. (The replicated store proposes the wrapped keyring through Raft instead,
 * and its apply writes the same record.)
 *
 * <p>IMPORTANT: the record key {@code "barrier/keyring"} is a compatibility contract.
 */
public final class KeyringStore {

  static final byte[] KEY = "barrier/keyring".getBytes(StandardCharsets.UTF_8);

  private KeyringStore() {}

  /** A sink that writes the wrapped keyring durably (fsynced) before returning. */
  public static KeyringSink sink(StorageEngine engine) {
    return wrapped -> engine.write(new Batch().put(ColumnFamily.SYSTEM, KEY, wrapped.toByteArray()), WriteMode.DURABLE);
  }

  /** The stored wrapped keyring, if the store was initialised. */
  public static Optional<Bytes> load(StorageEngine engine) {
    return engine.get(ColumnFamily.SYSTEM, KEY).map(Bytes::of);
  }
}
