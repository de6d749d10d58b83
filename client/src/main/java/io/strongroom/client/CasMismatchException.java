package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** A check-and-set write named a version that was not the current one; nothing was written. Code {@link ErrorCode#CAS_MISMATCH}. */
public final class CasMismatchException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public CasMismatchException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public CasMismatchException(String message, Throwable cause) {
    super(ErrorCode.CAS_MISMATCH, message, cause);
  }
}
