package io.strongroom.node.cli;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.Objects;

/**
 * A command failed for a reason found on this side of the wire (a file that cannot be read, a
 * missing console, a wrong passphrase) or translated into the CLI's own words (a secret that is
 * not found). Reported as {@code error: CODE: message} with exit code 1, like a node's error.
 *
 * <p>The message is for people and never contains a secret, token, share or passphrase.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  CliException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  CliException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  static CliException invalid(String message) {
    return new CliException(ErrorCode.INVALID_ARGUMENT, message);
  }

  ErrorCode code() {
    return code;
  }
}
