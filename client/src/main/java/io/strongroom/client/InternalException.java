package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;

/**
 * The node reported an internal error, answered with a code this client does not know, or broke the
 * protocol. Code {@link ErrorCode#INTERNAL}, or the unknown code the node sent. Not retried: the
 * outcome of a write that ends this way is unknown, so read before writing again.
 */
public final class InternalException extends StrongroomException {

  /** Creates the exception with code {@link ErrorCode#INTERNAL}. */
  public InternalException(String message, Throwable cause) {
    this(ErrorCode.INTERNAL, message, cause);
  }

  /** Creates the exception for an unexpected {@code code}, such as one added to a newer protocol. */
  public InternalException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
