package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import java.util.Optional;

/** Keeps the record's encoded bytes in memory, so every load decodes exactly what was stored. */
final class InMemorySealStore implements SealStore {
  private volatile Bytes stored;

  @Override
  public Optional<SealRecord> load() {
    Bytes b = stored;
    return b == null ? Optional.empty() : Optional.of(SealRecord.fromBytes(b));
  }

  @Override
  public void store(SealRecord record) {
    stored = record.toBytes();
  }

  @Override
  public String toString() {
    return "InMemorySealStore[" + (stored == null ? "empty" : stored.length() + " bytes") + "]";
  }
}
