package io.strongroom.storage.kv;

import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.StorageEngine;

class KvStoreInMemoryTest extends KvStoreContract {
  @Override
  protected StorageEngine newEngine() {
    return new InMemoryEngine();
  }
}
