package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The node and this client have no protocol version in common. Not retried. Code {@link ErrorCode#UNSUPPORTED_VERSION}. */
public final class UnsupportedVersionException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public UnsupportedVersionException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public UnsupportedVersionException(String message, Throwable cause) {
    super(ErrorCode.UNSUPPORTED_VERSION, message, cause);
  }
}
