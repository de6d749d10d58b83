package io.strongroom.node.tls;

import java.nio.file.Path;

/**
 * TLS material that cannot be used: a file that cannot be read, is not PEM of the expected kind,
 * or a private key that does not belong to its certificate. The message names the file and the
 * reason, never any key material.
 */
public final class TlsSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  TlsSetupException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  TlsSetupException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }
}
