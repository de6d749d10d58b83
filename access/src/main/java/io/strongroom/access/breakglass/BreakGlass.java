package io.strongroom.access.breakglass;

import io.strongroom.access.token.TokenKind;
import io.strongroom.access.token.TokenRecord;
import io.strongroom.access.token.Tokens;
import io.strongroom.crypto.Approval;
import io.strongroom.crypto.ApprovalExpiredException;
import io.strongroom.crypto.ApprovalMismatchException;
import io.strongroom.crypto.ApprovalVerifier;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.InvalidSignatureException;
import io.strongroom.crypto.UnknownHolderException;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The rules of a break-glass request, as pure functions of a state, an input and the leader's
 * time ({@code now}, epoch ms). Stateless and thread-safe.
 *
 * <p>{@link #approve} checks, in this order, and refuses with the holder's name: the request is
 * still open ({@code ALREADY_ISSUED}); through threshold-crypto's {@link ApprovalVerifier}, the
 * holder is in the quorum ({@code UNKNOWN_HOLDER}), the signature verifies ({@code
 * FORGED_SIGNATURE}), the approval is of exactly this request's message ({@code OTHER_REQUEST}),
 * and {@code now} is before its expiry ({@code EXPIRED}); the holder has not approved already
 * ({@code DUPLICATE}); the holder did not make the request ({@code SELF_APPROVAL}).
 *
 * <p>{@link #issue} needs {@code threshold} approvals, an open window and no earlier issue.
 */
public final class BreakGlass {
  /** Meta key of the issued token that names the request. */
  public static final String META_REQUEST = "break_glass_request";
  /** Meta key of the issued token that counts the approvals. */
  public static final String META_APPROVALS = "break_glass_approvals";

  private BreakGlass() {}

  /** Applies {@code approval} to {@code state} at {@code now}. */
  public static ApprovalResult approve(BreakGlassState state, Approval approval, long now) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(approval, "approval");
    String holder = approval.holder();
    BreakGlassRequest request = state.request();
    if (state.isIssued()) {
      return rejected(ApprovalResult.Reason.ALREADY_ISSUED, holder,
          "break-glass request " + request.id() + " is closed: its token was issued");
    }
    ApprovalVerifier verifier = new ApprovalVerifier(state.quorum().holders());
    try {
      verifier.verify(approval, request.approvalMessage(), Instant.ofEpochMilli(now));
    } catch (UnknownHolderException e) {
      return rejected(ApprovalResult.Reason.UNKNOWN_HOLDER, holder,
          "holder '" + holder + "' is not in the quorum of break-glass request " + request.id());
    } catch (InvalidSignatureException e) {
      return rejected(ApprovalResult.Reason.FORGED_SIGNATURE, holder,
          "the signature of holder '" + holder + "' does not verify");
    } catch (ApprovalMismatchException e) {
      return rejected(ApprovalResult.Reason.OTHER_REQUEST, holder, e.getMessage() + " (not " + request.id() + ")");
    } catch (ApprovalExpiredException e) {
      return rejected(ApprovalResult.Reason.EXPIRED, holder, "the approval of holder '" + holder
          + "' came after break-glass request " + request.id() + " closed at " + e.expiresAt());
    }
    if (state.approvals().containsKey(holder)) {
      return rejected(ApprovalResult.Reason.DUPLICATE, holder,
          "holder '" + holder + "' already approved break-glass request " + request.id());
    }
    HolderPublicKeys keys = state.quorum().holders().get(holder);
    if (keys.encryptionKey().equals(request.requesterKey())) {
      return rejected(ApprovalResult.Reason.SELF_APPROVAL, holder,
          "holder '" + holder + "' made break-glass request " + request.id() + " and cannot approve it");
    }
    return new ApprovalResult.Accepted(state.withApproval(approval));
  }

  /**
   * Issues the token of an approved request.
   *
   * @param accessor the token's accessor, from {@link Tokens#newAccessor} at the edge
   * @param sealedToken the token sealed to the requester by {@link TokenSeal#seal} at the edge
   * @throws IllegalArgumentException if {@code accessor} is not well-formed
   */
  public static IssueResult issue(BreakGlassState state, long now, String accessor, SealedToken sealedToken) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sealedToken, "sealedToken");
    if (!Tokens.isAccessor(accessor)) {
      throw new IllegalArgumentException("accessor is not well-formed");
    }
    BreakGlassRequest request = state.request();
    if (state.isIssued()) {
      return new IssueResult.Refused(IssueResult.Reason.ALREADY_ISSUED,
          "break-glass request " + request.id() + " already issued its token");
    }
    if (!state.isApproved()) {
      return new IssueResult.Refused(IssueResult.Reason.NOT_APPROVED, "break-glass request " + request.id()
          + " has " + state.approvals().size() + " of " + state.quorum().threshold() + " approvals");
    }
    if (now >= request.approvalsExpireAt()) {
      return new IssueResult.Refused(IssueResult.Reason.EXPIRED,
          "break-glass request " + request.id() + " closed at " + Instant.ofEpochMilli(request.approvalsExpireAt()));
    }
    long expiresAt = now + request.ttlMillis();
    TreeMap<String, String> meta = new TreeMap<>();
    meta.put(META_REQUEST, request.id());
    meta.put(META_APPROVALS, Integer.toString(state.approvals().size()));
    TokenRecord record = new TokenRecord(accessor, TokenKind.BREAK_GLASS, request.policies(), null, now,
        request.ttlMillis(), expiresAt, expiresAt, false, 0, 0, 0, "break-glass " + request.id(), meta);
    return new IssueResult.Issued(state.withIssuance(new BreakGlassState.Issuance(accessor, now, sealedToken)), record);
  }

  private static ApprovalResult rejected(ApprovalResult.Reason reason, String holder, String message) {
    return new ApprovalResult.Rejected(reason, holder, message);
  }
}
