package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The token is unknown or expired, or its policies deny the operation on the path. Code {@link ErrorCode#PERMISSION_DENIED}. */
public final class PermissionDeniedException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public PermissionDeniedException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public PermissionDeniedException(String message, Throwable cause) {
    super(ErrorCode.PERMISSION_DENIED, message, cause);
  }
}
