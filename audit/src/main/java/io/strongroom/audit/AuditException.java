package io.strongroom.audit;

/**
 * Base of every failure this module reports for bad input: a record field outside its allowed
 * form, bytes or JSON that cannot be read, a malformed key. The subclasses are the complete list,
 * so a caller can switch over them; none is thrown for a bug or an environment failure (I/O errors
 * stay {@link java.io.IOException}s).
 *
 * <p>A log that reads fine but does not verify is not an exception: it is a
 * {@link VerificationResult.Invalid} value. Classify failures by type, never by message text.
 */
public abstract sealed class AuditException extends RuntimeException
    permits InvalidFieldException, AuditFormatException, AuditKeyException {

  AuditException(String message) {
    super(message);
  }

  AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
