package io.strongroom.audit;

/**
 * Key material that cannot be used: a public key text that is not {@code ed25519:<base64>}, key
 * bytes of the wrong length, a signing seed that is not 32 bytes. Messages never contain private
 * key material.
 */
public final class AuditKeyException extends AuditException {
  AuditKeyException(String message) {
    super(message);
  }
}
