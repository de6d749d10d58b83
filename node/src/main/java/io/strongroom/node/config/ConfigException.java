package io.strongroom.node.config;

import java.nio.file.Path;

/** A configuration that cannot be used; the message names the file, the key and the reason. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final String key;

  ConfigException(Path file, String key, String reason) {
    super(file + ": " + (key.isEmpty() ? "" : "'" + key + "': ") + reason);
    this.file = file;
    this.key = key;
  }

  ConfigException(Path file, String key, String reason, Throwable cause) {
    super(file + ": " + (key.isEmpty() ? "" : "'" + key + "': ") + reason, cause);
    this.file = file;
    this.key = key;
  }

  public Path file() {
    return file;
  }

  /** The offending key as a path such as {@code peers[1].raft_address}; empty for the whole file. */
  public String key() {
    return key;
  }
}
