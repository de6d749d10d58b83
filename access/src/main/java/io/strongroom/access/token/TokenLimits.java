package io.strongroom.access.token;

/**
 * Cluster-wide token lifetime settings, as Vault's {@code default_lease_ttl} and
 * {@code max_lease_ttl}.
 *
 * @param defaultTtlMillis the TTL of a token whose request names none; > 0
 * @param maxTtlMillis no token lives longer than this from its creation, and no renewal reaches
 *     further than this from now; >= defaultTtlMillis
 */
public record TokenLimits(long defaultTtlMillis, long maxTtlMillis) {
  /** 24 hours by default, 32 days (Vault's 768h) at most. */
  public static final TokenLimits DEFAULTS = new TokenLimits(24L * 3600_000, 768L * 3600_000);

  public TokenLimits {
    if (defaultTtlMillis <= 0) {
      throw new IllegalArgumentException("default TTL must be > 0, was " + defaultTtlMillis + " ms");
    }
    if (maxTtlMillis < defaultTtlMillis) {
      throw new IllegalArgumentException("max TTL must be >= the default TTL (" + defaultTtlMillis
          + " ms), was " + maxTtlMillis + " ms");
    }
  }
}
