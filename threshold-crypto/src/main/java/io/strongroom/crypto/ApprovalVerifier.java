package io.strongroom.crypto;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies approvals against the registered holders' signing keys. Checks, in this order: the
 * holder is registered ({@link UnknownHolderException}), the signature verifies under that
 * holder's key ({@link InvalidSignatureException}), the approval is for the expected request
 * ({@link ApprovalMismatchException}), and it has not expired at the caller's {@code now}
 * ({@link ApprovalExpiredException}: expired when {@code now >= expiresAt}). Every error names the
 * holder. There is no clock inside: time is always the caller's.
 *
 * <p>Immutable (the registry is copied) and thread-safe.
 */
public final class ApprovalVerifier {
  private final Map<String, HolderPublicKeys> holders;

  /** @param holders registered holder name to public keys; copied */
  public ApprovalVerifier(Map<String, HolderPublicKeys> holders) {
    this.holders = Map.copyOf(holders);
    this.holders.keySet().forEach(Approval::checkHolder);
  }

  /**
   * Verifies {@code approval} on its own: registered holder, valid signature, not expired.
   *
   * @throws UnknownHolderException if the holder is not registered
   * @throws InvalidSignatureException if the signature does not verify
   * @throws ApprovalExpiredException if {@code now} is not before the expiry
   */
  public void verify(Approval approval, Instant now) {
    verifySignature(approval);
    checkExpiry(approval, now);
  }

  /**
   * Verifies {@code approval} and that it approves exactly {@code expected}.
   *
   * @throws ApprovalMismatchException if the approval is for another operation or request
   * @see #verify(Approval, Instant)
   */
  public void verify(Approval approval, ApprovalMessage expected, Instant now) {
    Objects.requireNonNull(expected, "expected");
    verifySignature(approval);
    ApprovalMessage m = approval.message();
    String differs = !m.operation().equals(expected.operation()) ? "operation"
        : !m.requestId().equals(expected.requestId()) ? "request id"
        : !m.requestDigest().equals(expected.requestDigest()) ? "request digest"
        : !m.expiresAt().equals(expected.expiresAt()) ? "expiry"
        : null;
    if (differs != null) {
      throw new ApprovalMismatchException(approval.holder(), differs);
    }
    checkExpiry(approval, now);
  }

  private void verifySignature(Approval approval) {
    Objects.requireNonNull(approval, "approval");
    HolderPublicKeys keys = holders.get(approval.holder());
    if (keys == null) {
      throw new UnknownHolderException(approval.holder());
    }
    boolean valid = Primitives.ed25519Verify(
        keys.signingKey().toByteArray(), approval.message().encode().toByteArray(), approval.signature().toByteArray());
    if (!valid) {
      throw new InvalidSignatureException(approval.holder());
    }
  }

  private static void checkExpiry(Approval approval, Instant now) {
    Objects.requireNonNull(now, "now");
    if (!now.isBefore(approval.message().expiresAt())) {
      throw new ApprovalExpiredException(approval.holder(), approval.message().expiresAt(), now);
    }
  }
}
