package io.strongroom.client;

import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;

/** Maps wire errors to the typed exceptions, one subclass per code. */
final class Errors {

  private Errors() {}

  /** The exception for {@code error} as answered by the node at {@code node}. */
  static StrongroomException toException(Error error, Address node) {
    String message = (error.getMessage().isEmpty() ? error.getCode().toString() : error.getMessage())
        + " (node " + node + ")";
    return toException(error.getCode(), message, error.getLeaderHint());
  }

  static StrongroomException toException(ErrorCode code, String message, String leaderHint) {
    return switch (code) {
      case SEALED -> new SealedException(message);
      case UNINITIALIZED -> new UninitializedException(message);
      case PERMISSION_DENIED -> new PermissionDeniedException(message);
      case NOT_FOUND -> new NotFoundException(message);
      case CAS_MISMATCH -> new CasMismatchException(message);
      case INVALID_ARGUMENT -> new InvalidArgumentException(message);
      case UNAVAILABLE -> new UnavailableException(message);
      case NOT_LEADER -> new NotLeaderException(message, leaderHint);
      case UNSUPPORTED_VERSION -> new UnsupportedVersionException(message);
      case FRAME_TOO_LARGE -> new FrameTooLargeException(message);
      case AUDIT_FAILED -> new AuditFailedException(message);
      case ALREADY_INITIALIZED -> new AlreadyInitializedException(message);
      case INTERNAL -> new InternalException(message, null);
      case ERROR_CODE_UNSPECIFIED, UNRECOGNIZED ->
          new InternalException(code, "unknown error code: " + message, null);
    };
  }
}
