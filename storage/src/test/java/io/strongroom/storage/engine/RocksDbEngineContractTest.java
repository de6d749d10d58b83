package io.strongroom.storage.engine;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RocksDbEngineContractTest extends StorageEngineContract {

  @TempDir
  Path dir;

  @Override
  protected StorageEngine newEngine() {
    return RocksDbEngine.open(dir.resolve("db"));
  }
}
