package io.strongroom.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the cluster holds about a token: never the token itself, except right after creation.
 *
 * @param token the token text, present only in the answer to {@link Tokens#create}; keep it secret
 * @param accessor names the token for lookup, renewal and revocation without holding it
 * @param policies its policies
 * @param issuedAtMs when it was created (leader time, epoch ms)
 * @param expiresAtMs when it stops working unless renewed; empty: never
 * @param maxExpiresAtMs the limit no renewal passes; empty: none
 * @param renewable whether it may be renewed
 * @param numUses how many requests it may make; 0 for unlimited
 * @param usesRemaining how many of those are left (0 when unlimited)
 * @param kind service, root or break-glass
 * @param parentAccessor the token that created it; empty for an orphan
 * @param displayName a label for people
 * @param meta labels
 * @param revoked on revocation: how many tokens went (it and its descendants)
 */
public record TokenInfo(
    Optional<String> token, String accessor, List<String> policies, long issuedAtMs, Optional<Long> expiresAtMs,
    Optional<Long> maxExpiresAtMs, boolean renewable, int numUses, int usesRemaining, String kind,
    Optional<String> parentAccessor, String displayName, Map<String, String> meta, int revoked) {

  public TokenInfo {
    policies = List.copyOf(policies);
    meta = Map.copyOf(meta);
  }

  static TokenInfo of(io.strongroom.protocol.v1.TokenInfo t) {
    return new TokenInfo(
        t.getToken().isEmpty() ? Optional.empty() : Optional.of(t.getToken()), t.getAccessor(), t.getPoliciesList(),
        t.getIssuedAtMs(), t.getExpiresAtMs() == 0 ? Optional.empty() : Optional.of(t.getExpiresAtMs()),
        t.getMaxExpiresAtMs() == 0 ? Optional.empty() : Optional.of(t.getMaxExpiresAtMs()), t.getRenewable(), t.getNumUses(),
        t.getUsesRemaining(), t.getKind(), t.getParentAccessor().isEmpty() ? Optional.empty() : Optional.of(t.getParentAccessor()),
        t.getDisplayName(), t.getMetaMap(), t.getRevoked());
  }

  /** Redacts the token: records print in logs and test failures. */
  @Override
  public String toString() {
    return "TokenInfo[accessor=" + accessor + ", policies=" + policies + ", kind=" + kind + ", expiresAtMs=" + expiresAtMs
        + ", renewable=" + renewable + ", numUses=" + numUses + ", usesRemaining=" + usesRemaining
        + (token.isPresent() ? ", token=<redacted>" : "") + "]";
  }
}
