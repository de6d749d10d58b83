package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The request was malformed or broke a limit; nothing was changed. Code {@link ErrorCode#INVALID_ARGUMENT}. */
public final class InvalidArgumentException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public InvalidArgumentException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
