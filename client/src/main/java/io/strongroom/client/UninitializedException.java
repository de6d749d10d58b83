package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The cluster has not been initialized yet. Code {@link ErrorCode#UNINITIALIZED}. */
public final class UninitializedException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public UninitializedException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public UninitializedException(String message, Throwable cause) {
    super(ErrorCode.UNINITIALIZED, message, cause);
  }
}
