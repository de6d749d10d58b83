package io.strongroom.storage.engine;

import java.nio.file.Path;

/**
 * The disk under the data dir is full. The failing write was not applied; RocksDB stops accepting
 * writes until space is freed and the engine is reopened.
 */
public final class StorageFullException extends StorageException {
  public StorageFullException(Path path, String message, Throwable cause) {
    super(path, message, cause);
  }
}
