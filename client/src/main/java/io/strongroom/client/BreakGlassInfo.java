package io.strongroom.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of a break-glass request.
 *
 * @param id the request's id ({@code bg-...})
 * @param policies what the emergency token gets
 * @param ttlMs how long it lives once issued (at most an hour)
 * @param reason why, as the requester gave it
 * @param approvals valid approvals so far
 * @param threshold approvals needed
 * @param approvers holder names that approved, in order
 * @param approvalsExpireAtMs leader time after which approvals are refused
 * @param issued whether the token was issued
 * @param sealedToken once issued: the token sealed to the requester's key (open it with {@code break-glass claim})
 * @param approvalMessage the exact bytes a holder signs
 * @param request the request record (to open the sealed token)
 * @param holders holder name to public keys (64 bytes: X25519 then Ed25519)
 * @param accessor once issued: the token's accessor (to look it up or revoke it)
 */
public record BreakGlassInfo(
    String id, List<String> policies, long ttlMs, String reason, int approvals, int threshold, List<String> approvers,
    long approvalsExpireAtMs, boolean issued, Optional<byte[]> sealedToken, byte[] approvalMessage, byte[] request,
    Map<String, byte[]> holders, Optional<String> accessor) {

  static BreakGlassInfo of(io.strongroom.protocol.v1.BreakGlassStatus s) {
    Map<String, byte[]> holders = new java.util.TreeMap<>();
    s.getHoldersMap().forEach((k, v) -> holders.put(k, v.toByteArray()));
    return new BreakGlassInfo(s.getId(), List.copyOf(s.getPoliciesList()), s.getTtlMs(), s.getReason(), s.getApprovals(),
        s.getThreshold(), List.copyOf(s.getApproversList()), s.getApprovalsExpireAtMs(), s.getIssued(),
        s.getSealedToken().isEmpty() ? Optional.empty() : Optional.of(s.getSealedToken().toByteArray()),
        s.getApprovalMessage().toByteArray(), s.getRequest().toByteArray(), java.util.Collections.unmodifiableMap(holders),
        s.getAccessor().isEmpty() ? Optional.empty() : Optional.of(s.getAccessor()));
  }

  @Override
  public String toString() {
    return "BreakGlassInfo[" + id + ", policies=" + policies + ", approvals=" + approvals + "/" + threshold + ", issued=" + issued + "]";
  }
}
