package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The path, version or metadata does not exist. Reads return an empty {@code Optional} instead. Code {@link ErrorCode#NOT_FOUND}. */
public final class NotFoundException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public NotFoundException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
