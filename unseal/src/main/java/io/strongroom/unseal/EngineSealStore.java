package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the {@link SealRecord} in the {@link ColumnFamily#SYSTEM} family of a local
 * {@link StorageEngine}, written durably (fsynced). For a single node and for tests; the replicated
 * store writes the same key from its apply.
 *
 * <p>IMPORTANT: the record key {@value #KEY_TEXT} is a compatibility contract.
 *
 * <p>Thread-safe as the engine is; the engine stays the caller's to close.
 */
public final class EngineSealStore implements SealStore {
  static final String KEY_TEXT = "unseal/seal-record";
  private static final byte[] KEY = KEY_TEXT.getBytes(StandardCharsets.UTF_8);

  private final StorageEngine engine;

  public EngineSealStore(StorageEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  @Override
  public Optional<SealRecord> load() {
    return engine.get(ColumnFamily.SYSTEM, KEY).map(b -> SealRecord.fromBytes(Bytes.of(b)));
  }

  @Override
  public void store(SealRecord record) {
    engine.write(new Batch().put(ColumnFamily.SYSTEM, KEY, record.toBytes().toByteArray()), WriteMode.DURABLE);
  }
}
