package io.strongroom.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a new token should be. Unset fields take the cluster's defaults: the caller's policies, a
 * 24-hour TTL, not renewable, unlimited uses, a child of the caller.
 *
 * @param policies its policies (empty: the caller's)
 * @param ttl how long it lives before it must be renewed (zero: the default)
 * @param explicitMaxTtl a limit no renewal passes (zero: none beyond the system's)
 * @param renewable whether it may be renewed
 * @param numUses how many requests it may make (0: unlimited)
 * @param noDefaultPolicy leave out the {@code default} policy
 * @param orphan no parent, so revoking the caller leaves it (needs sudo on auth/token/create)
 * @param displayName a label for people
 * @param meta labels
 */
public record TokenSpec(
    List<String> policies, Duration ttl, Duration explicitMaxTtl, boolean renewable, int numUses,
    boolean noDefaultPolicy, boolean orphan, String displayName, Map<String, String> meta) {

  public TokenSpec {
    policies = List.copyOf(policies);
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(explicitMaxTtl, "explicitMaxTtl");
    Objects.requireNonNull(displayName, "displayName");
    meta = Map.copyOf(meta);
    if (ttl.isNegative() || explicitMaxTtl.isNegative() || numUses < 0) {
      throw new IllegalArgumentException("ttl, explicit max TTL and uses must not be negative");
    }
  }

  /** A token with these policies and defaults for the rest. */
  public static TokenSpec withPolicies(String... policies) {
    return new TokenSpec(List.of(policies), Duration.ZERO, Duration.ZERO, false, 0, false, false, "", Map.of());
  }

  public TokenSpec ttl(Duration value) {
    return new TokenSpec(policies, value, explicitMaxTtl, renewable, numUses, noDefaultPolicy, orphan, displayName, meta);
  }

  public TokenSpec explicitMaxTtl(Duration value) {
    return new TokenSpec(policies, ttl, value, renewable, numUses, noDefaultPolicy, orphan, displayName, meta);
  }

  public TokenSpec renewable(boolean value) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, value, numUses, noDefaultPolicy, orphan, displayName, meta);
  }

  public TokenSpec numUses(int value) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, renewable, value, noDefaultPolicy, orphan, displayName, meta);
  }

  public TokenSpec orphan(boolean value) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, renewable, numUses, noDefaultPolicy, value, displayName, meta);
  }

  public TokenSpec displayName(String value) {
    return new TokenSpec(policies, ttl, explicitMaxTtl, renewable, numUses, noDefaultPolicy, orphan, value, meta);
  }
}
