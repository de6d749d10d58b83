package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/** The audit record could not be committed, so the node failed the request closed. Code {@link ErrorCode#AUDIT_FAILED}. */
public final class AuditFailedException extends StrongroomException {

  /** Creates the exception with a message for people (no secrets in it). */
  public AuditFailedException(String message) {
    this(message, null);
  }

  /** Creates the exception with a message for people (no secrets in it) and its cause. */
  public AuditFailedException(String message, Throwable cause) {
    super(ErrorCode.AUDIT_FAILED, message, cause);
  }
}
