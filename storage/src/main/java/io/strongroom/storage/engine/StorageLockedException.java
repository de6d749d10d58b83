package io.strongroom.storage.engine;

import java.nio.file.Path;

/** The data dir is already open, by this process or another one (RocksDB's {@code LOCK} file is held). */
public final class StorageLockedException extends StorageException {
  public StorageLockedException(Path path, String message, Throwable cause) {
    super(path, message, cause);
  }
}
