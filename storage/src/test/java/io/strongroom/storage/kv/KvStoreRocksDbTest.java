package io.strongroom.storage.kv;

import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.StorageEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class KvStoreRocksDbTest extends KvStoreContract {
  @TempDir
  Path dir;

  @Override
  protected StorageEngine newEngine() {
    return RocksDbEngine.open(dir.resolve("db"));
  }
}
