package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The cluster is already initialized. Code {@link ErrorCode#ALREADY_INITIALIZED}. */
public final class AlreadyInitializedException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public AlreadyInitializedException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public AlreadyInitializedException(String message, Throwable cause) {
    super(ErrorCode.ALREADY_INITIALIZED, message, cause);
  }
}
