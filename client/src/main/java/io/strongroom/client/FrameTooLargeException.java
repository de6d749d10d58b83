package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** A frame exceeded the negotiated maximum: a request the node would refuse (it is not sent), or a response larger than this client accepts (the connection is closed). Not retried. Code {@link ErrorCode#FRAME_TOO_LARGE}. */
public final class FrameTooLargeException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public FrameTooLargeException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public FrameTooLargeException(String message, Throwable cause) {
    super(ErrorCode.FRAME_TOO_LARGE, message, cause);
  }
}
