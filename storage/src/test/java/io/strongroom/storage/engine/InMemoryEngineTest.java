package io.strongroom.storage.engine;

class InMemoryEngineTest extends StorageEngineContract {
  @Override
  protected StorageEngine newEngine() {
    return new InMemoryEngine();
  }
}
