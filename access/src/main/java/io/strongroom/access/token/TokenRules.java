package io.strongroom.access.token;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.policy.Acl;
import io.strongroom.access.policy.Capability;
import io.strongroom.access.policy.Policy;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lifetime rules of tokens, as pure functions of a record, a request and the leader's time
 * ({@code now}, epoch milliseconds). No clock, no randomness: what is new (the accessor) comes in
 * as an argument, so every replica reaches the same result. Stateless and thread-safe.
 *
 * <h2>Creating a token ({@link #create})</h2>
 * Vault's {@code auth/token/create}, with these choices:
 * <ul>
 *   <li>The parent must be valid, must not be a break-glass token, and must not have a use limit
 *       (Vault: "restricted use token cannot generate child tokens").</li>
 *   <li>No policies asked for means the parent's policies. {@code default} is added unless
 *       {@code noDefaultPolicy}; a token holding {@code root} holds only {@code root}.</li>
 *   <li>Policies must be a subset of the parent's ({@code default} always allowed) unless the
 *       parent is <em>privileged</em>: it holds {@code root}, or its ACL grants {@code sudo} on
 *       {@code auth/token/create} (Vault's documented rule). Only a root parent can create a root
 *       token; only a privileged parent can create an orphan.</li>
 *   <li>TTL: the request's, else {@link TokenLimits#defaultTtlMillis}, capped at
 *       {@link TokenLimits#maxTtlMillis}. The hard limit ({@code maxExpiresAt}) is the smallest of
 *       {@code now + maxTtl}, {@code now + explicitMaxTtl} and the parent's {@code maxExpiresAt}
 *       (also for orphans: nobody mints a token that outlives their own hard limit). A created
 *       token always expires, even a root child (stricter than Vault).</li>
 *   <li>A child of a non-renewable expiring parent is not renewable.</li>
 *   <li>Whether the caller may call {@code auth/token/create} at all is the ACL check the node does
 *       for every request path; it is not repeated here.</li>
 * </ul>
 *
 * <h2>Validity, use, renewal, revocation</h2>
 * {@link #validity} reports REVOKED, then USES_EXHAUSTED, then EXPIRED ({@code now >= expiresAt}).
 * {@link #consumeUse} counts a use of a use-limited token. {@link #renew} moves the expiry to
 * {@code now + increment} (the token's TTL when the increment is 0), never past
 * {@code maxExpiresAt} or {@code now + maxTtl}; break-glass and non-renewable tokens refuse. As in
 * Vault, a renewal may also shorten the lease. {@link #revoke} marks the record; the node then
 * revokes the descendants given by {@link RevocationPlan}. Expiry of a parent does not reach its
 * children by itself: the node's expiry sweep revokes expired tokens with their trees.
 */
public final class TokenRules {
  /** The path whose {@code sudo} capability makes a parent privileged. */
  public static final String CREATE_PATH = "auth/token/create";

  private TokenRules() {}

  /**
   * The initial root token's record, as made by init or generate-root: policy {@code root}, no
   * parent, no expiry, not renewable.
   */
  public static TokenRecord root(String accessor, long now, String displayName) {
    return new TokenRecord(accessor, TokenKind.ROOT, new TreeSet<>(Set.of(Policy.ROOT)), null, now, 0,
        TokenRecord.NEVER, TokenRecord.NEVER, false, 0, 0, 0, displayName, new java.util.TreeMap<>());
  }

  /**
   * Decides whether {@code parent} may create the token {@code request} asks for, and makes its
   * record.
   *
   * @param parent the calling token's record
   * @param parentAcl the calling token's compiled policies
   * @param accessor the new token's accessor, made at the edge by {@link Tokens#newAccessor}
   * @throws IllegalArgumentException if {@code accessor} is not well-formed or {@code now <= 0}
   */
  public static CreateResult create(TokenRecord parent, Acl parentAcl, TokenRequest request, long now,
      String accessor, TokenLimits limits) {
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(parentAcl, "parentAcl");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(limits, "limits");
    if (!Tokens.isAccessor(accessor)) {
      throw new IllegalArgumentException("accessor is not well-formed");
    }
    if (now <= 0) {
      throw new IllegalArgumentException("now must be > 0, was " + now);
    }
    Validity v = validity(parent, now);
    if (v != Validity.VALID) {
      return refused(CreateResult.Reason.PARENT_INVALID, "the calling token is not valid: " + v);
    }
    if (parent.kind() == TokenKind.BREAK_GLASS) {
      return refused(CreateResult.Reason.PARENT_IS_BREAK_GLASS, "a break-glass token cannot create tokens");
    }
    if (parent.numUses() > 0) {
      return refused(CreateResult.Reason.PARENT_USE_LIMITED, "a token with a use limit cannot create tokens");
    }
    boolean parentIsRoot = parent.policies().contains(Policy.ROOT);
    boolean privileged = parentIsRoot || parentAcl.allows(CREATE_PATH, Capability.SUDO);

    TreeSet<String> policies = new TreeSet<>(request.policies().isEmpty() ? parent.policies() : request.policies());
    if (policies.contains(Policy.ROOT)) {
      if (!parentIsRoot) {
        return refused(CreateResult.Reason.ROOT_REQUIRES_ROOT, "only a root token can create a root token");
      }
      policies = new TreeSet<>(Set.of(Policy.ROOT));
    } else if (request.noDefaultPolicy()) {
      policies.remove(Policy.DEFAULT);
    } else {
      policies.add(Policy.DEFAULT);
    }
    if (!privileged) {
      TreeSet<String> missing = new TreeSet<>(policies);
      missing.removeAll(parent.policies());
      missing.remove(Policy.DEFAULT);
      if (!missing.isEmpty()) {
        return refused(CreateResult.Reason.POLICIES_NOT_SUBSET, "the calling token does not hold " + missing
            + "; without root or sudo on " + CREATE_PATH + " a child can only get its parent's policies");
      }
    }
    if (policies.isEmpty()) {
      return refused(CreateResult.Reason.NO_POLICIES, "the token would have no policy");
    }
    if (request.orphan() && !privileged) {
      return refused(CreateResult.Reason.ORPHAN_REQUIRES_SUDO,
          "an orphan token needs a root token or sudo on " + CREATE_PATH);
    }

    long wanted = request.ttlMillis() > 0 ? request.ttlMillis() : limits.defaultTtlMillis();
    long ttl = Math.min(wanted, limits.maxTtlMillis());
    long maxExpiresAt = Math.min(plus(now, limits.maxTtlMillis()), parent.maxExpiresAt());
    if (request.explicitMaxTtlMillis() > 0) {
      maxExpiresAt = Math.min(maxExpiresAt, plus(now, request.explicitMaxTtlMillis()));
    }
    long expiresAt = Math.min(plus(now, ttl), maxExpiresAt);
    boolean capped = expiresAt < plus(now, wanted)
        || (request.explicitMaxTtlMillis() > 0 && maxExpiresAt < plus(now, request.explicitMaxTtlMillis()));
    boolean renewable = request.renewable() && (parent.renewable() || parent.expiresAt() == TokenRecord.NEVER);
    TokenKind kind = policies.contains(Policy.ROOT) ? TokenKind.ROOT : TokenKind.SERVICE;

    TokenRecord record = new TokenRecord(accessor, kind, policies, request.orphan() ? null : parent.accessor(),
        now, expiresAt - now, maxExpiresAt, expiresAt, renewable, request.numUses(), 0, 0,
        request.displayName(), request.meta());
    return new CreateResult.Created(record, capped);
  }

  /** Whether {@code record} may serve a request at {@code now}, and if not, why. */
  public static Validity validity(TokenRecord record, long now) {
    Objects.requireNonNull(record, "record");
    if (record.isRevoked()) {
      return Validity.REVOKED;
    }
    if (record.numUses() > 0 && record.usesConsumed() >= record.numUses()) {
      return Validity.USES_EXHAUSTED;
    }
    if (now >= record.expiresAt()) {
      return Validity.EXPIRED;
    }
    return Validity.VALID;
  }

  /** {@code validity(record, now) == VALID}. */
  public static boolean isValid(TokenRecord record, long now) {
    return validity(record, now) == Validity.VALID;
  }

  /**
   * Counts one use of {@code record} at {@code now}. For an unlimited token the record comes back
   * unchanged.
   */
  public static UseResult consumeUse(TokenRecord record, long now) {
    Validity v = validity(record, now);
    if (v != Validity.VALID) {
      return new UseResult.Denied(v);
    }
    if (record.numUses() == 0) {
      return new UseResult.Allowed(record, false);
    }
    TokenRecord used = record.withUsesConsumed(record.usesConsumed() + 1);
    return new UseResult.Allowed(used, used.usesConsumed() == used.numUses());
  }

  /**
   * Renews {@code record} at {@code now} by {@code incrementMillis} (0: by its TTL).
   *
   * @throws InvalidRequestException if {@code incrementMillis < 0}
   */
  public static RenewResult renew(TokenRecord record, long incrementMillis, long now, TokenLimits limits) {
    Objects.requireNonNull(limits, "limits");
    if (incrementMillis < 0) {
      throw new InvalidRequestException("increment", "increment must be >= 0, was " + incrementMillis + " ms");
    }
    Validity v = validity(record, now);
    if (v != Validity.VALID) {
      return new RenewResult.Refused(RenewResult.Reason.INVALID, v);
    }
    if (record.kind() == TokenKind.BREAK_GLASS) {
      return new RenewResult.Refused(RenewResult.Reason.BREAK_GLASS, Validity.VALID);
    }
    if (!record.renewable() || record.expiresAt() == TokenRecord.NEVER) {
      return new RenewResult.Refused(RenewResult.Reason.NOT_RENEWABLE, Validity.VALID);
    }
    long wanted = incrementMillis > 0 ? incrementMillis : record.ttlMillis();
    long inc = Math.min(wanted, limits.maxTtlMillis());
    // Leader time may step back a little across a leader change; never end before the issue time.
    long from = Math.max(now, record.issuedAt());
    long expiresAt = Math.min(plus(from, inc), record.maxExpiresAt());
    return new RenewResult.Renewed(record.withExpiry(expiresAt), expiresAt < plus(from, wanted));
  }

  /** {@code record} marked revoked at {@code now}; a record already revoked comes back unchanged. */
  public static TokenRecord revoke(TokenRecord record, long now) {
    Objects.requireNonNull(record, "record");
    if (now <= 0) {
      throw new IllegalArgumentException("now must be > 0, was " + now);
    }
    return record.isRevoked() ? record : record.withRevokedAt(now);
  }

  private static CreateResult refused(CreateResult.Reason reason, String message) {
    return new CreateResult.Refused(reason, message);
  }

  /** {@code a + b} for non-negative {@code b}, saturating at {@link TokenRecord#NEVER}. */
  static long plus(long a, long b) {
    long r = a + b;
    return r < a ? TokenRecord.NEVER : r;
  }
}
