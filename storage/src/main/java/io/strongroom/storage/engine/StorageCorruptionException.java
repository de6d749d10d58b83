package io.strongroom.storage.engine;

import java.nio.file.Path;

/**
 * Files under the data dir failed a checksum or format check. The store refuses to guess: restore
 * the data dir from a checkpoint (and let Raft replay) rather than open it with repairs.
 */
public final class StorageCorruptionException extends StorageException {
  public StorageCorruptionException(Path path, String message, Throwable cause) {
    super(path, message, cause);
  }
}
