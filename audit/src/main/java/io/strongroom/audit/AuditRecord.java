package io.strongroom.audit;

import java.util.Objects;

/**
 * What the node that received a request (the edge) contributes to its audit entry. The edge fills
 * it in before proposing the request through Raft; the state machine turns it into an
 * {@link AuditEntry} by {@link AuditChain#append}. Nothing here is secret: the path and the
 * accessor (token) appear only as HMACs under the cluster audit key ({@link AuditHmac}).
 *
 * <p>Every string field is ASCII from a small alphabet, so its canonical encoding is unambiguous
 * and a log line can never be forged by a value containing a quote or a newline.
 *
 * @param requestId the request's id, 1..128 characters of {@code [A-Za-z0-9._:-]} (the client's 32
 *     hex characters, a UUID)
 * @param nodeId the node that received the request, 1..64 characters of {@code [A-Za-z0-9._-]}
 * @param operation what was asked, 1..64 characters of {@code [a-z0-9._-]}: {@code kv.put},
 *     {@code sys.unseal}
 * @param outcome {@code ok}, or the error code name it failed with ({@code PERMISSION_DENIED}):
 *     an upper-case letter, then up to 63 of {@code [A-Z0-9_]}
 * @param pathHmac {@code hmac-sha256:<64 lower-case hex>} of the storage path, or null when the
 *     operation has no path
 * @param accessorHmac {@code hmac-sha256:<64 lower-case hex>} of the token (or other principal)
 *     that made the request, or null when there is none (unseal shares are not principals)
 */
public record AuditRecord(
    String requestId, String nodeId, String operation, String outcome, String pathHmac, String accessorHmac) {

  /** The outcome of a request that succeeded. */
  public static final String OK = "ok";

  /** @throws InvalidFieldException naming the first field outside its allowed form */
  public AuditRecord {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
    FieldRules.requestId(requestId);
    FieldRules.nodeId(nodeId);
    FieldRules.operation(operation);
    FieldRules.outcome(outcome);
    FieldRules.hmac("path_hmac", pathHmac);
    FieldRules.hmac("accessor_hmac", accessorHmac);
  }
}
