package io.strongroom.audit;

/**
 * A value given to {@link AuditRecord}, {@link AuditEntry}, {@link AuditChain} or
 * {@link Checkpoint} is outside what the format allows: a request id with a space in it, an
 * operation in upper case, an HMAC that is not {@code hmac-sha256:<64 hex>}, a negative Raft
 * index. Thrown at the edge, before anything is appended.
 */
public final class InvalidFieldException extends AuditException {
  private final String field;

  InvalidFieldException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The field at fault, by its JSON name ({@code request_id}, {@code raft_index}, ...). */
  public String field() {
    return field;
  }
}
