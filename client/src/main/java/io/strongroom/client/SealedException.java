package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The node is sealed and serves no data operation until a quorum of key holders unseals it. Code {@link ErrorCode#SEALED}. */
public final class SealedException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public SealedException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public SealedException(String message, Throwable cause) {
    super(ErrorCode.SEALED, message, cause);
  }
}
