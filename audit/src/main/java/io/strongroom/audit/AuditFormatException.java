package io.strongroom.audit;

/**
 * Input that cannot be read at all, as opposed to a log that reads fine but does not verify: text
 * that is not JSON, an object with a missing, unknown, repeated or mistyped field, a hash that is
 * not 64 lower-case hex characters, an unsupported version, canonical bytes that are truncated or
 * have trailing bytes, a trusted checkpoint that is not signed by a given key. The verifier's exit
 * code for this is 2 ("unusable input").
 *
 * <p>{@link #line()} is the 1-based line of the JSON object at fault, or 0 when the input was not
 * a JSON-lines stream (binary data, a single JSON document).
 */
public final class AuditFormatException extends AuditException {
  private final long line;

  AuditFormatException(String message) {
    this(0, message, null);
  }

  AuditFormatException(long line, String message, Throwable cause) {
    super(line > 0 ? "line " + line + ": " + message : message, cause);
    this.line = line;
  }

  public long line() {
    return line;
  }
}
