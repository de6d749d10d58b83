package io.strongroom.storage.engine;

import java.nio.file.Path;

/**
 * The storage environment failed: I/O error, corruption, a full disk, a data dir in use. The message
 * names the data dir. Nothing was changed by the failing call unless the subclass says otherwise.
 * Domain outcomes (a CAS mismatch, a missing secret) are never exceptions.
 */
public class StorageException extends RuntimeException {

  private final transient Path path;

  public StorageException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The data dir (or file) the failure concerns. */
  public Path path() {
    return path;
  }
}
