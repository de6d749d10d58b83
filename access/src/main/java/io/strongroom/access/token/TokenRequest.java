package io.strongroom.access.token;

import io.strongroom.access.InvalidRequestException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What a caller asks for when it creates a token, as in Vault's {@code auth/token/create}. Checked
 * by the constructor; {@link TokenRules#create} decides what the caller may actually get.
 *
 * @param policies the policies wanted; empty means "the same as mine" (the parent's)
 * @param ttlMillis the TTL wanted; 0 means the default ({@link TokenLimits#defaultTtlMillis})
 * @param explicitMaxTtlMillis a hard limit from creation that renewals never pass; 0 for none
 * @param renewable whether the token may be renewed (still subject to the parent)
 * @param numUses how many requests the token may serve; 0 for unlimited
 * @param noDefaultPolicy leave out the {@code default} policy
 * @param orphan make a token without a parent, which survives the revocation of its creator
 * @param displayName a label for people
 * @param meta labels
 */
public record TokenRequest(
    SortedSet<String> policies,
    long ttlMillis,
    long explicitMaxTtlMillis,
    boolean renewable,
    int numUses,
    boolean noDefaultPolicy,
    boolean orphan,
    String displayName,
    SortedMap<String, String> meta) {

  /** @throws InvalidRequestException naming the field that is out of range */
  public TokenRequest {
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(meta, "meta");
    check("policies", Labels.checkPolicies(policies));
    if (ttlMillis < 0) {
      throw new InvalidRequestException("ttl", "ttl must be >= 0, was " + ttlMillis + " ms");
    }
    if (explicitMaxTtlMillis < 0) {
      throw new InvalidRequestException("explicit_max_ttl",
          "explicit max ttl must be >= 0, was " + explicitMaxTtlMillis + " ms");
    }
    if (numUses < 0) {
      throw new InvalidRequestException("num_uses", "num_uses must be >= 0, was " + numUses);
    }
    check("display_name", Labels.checkDisplayName(displayName));
    check("meta", Labels.checkMeta(meta));
    policies = Labels.sortedSet(policies);
    meta = Labels.sortedMap(meta);
  }

  private static void check(String field, String problem) {
    if (problem != null) {
      throw new InvalidRequestException(field, problem);
    }
  }

  /** A builder with Vault's defaults: inherit policies, default TTL, renewable, unlimited uses. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TokenRequest}; not thread-safe. */
  public static final class Builder {
    private Set<String> policies = Set.of();
    private long ttlMillis;
    private long explicitMaxTtlMillis;
    private boolean renewable = true;
    private int numUses;
    private boolean noDefaultPolicy;
    private boolean orphan;
    private String displayName = "";
    private Map<String, String> meta = Map.of();

    private Builder() {}

    public Builder policies(String... names) {
      this.policies = Set.copyOf(java.util.Arrays.asList(names));
      return this;
    }

    public Builder policies(Set<String> names) {
      this.policies = Objects.requireNonNull(names, "names");
      return this;
    }

    public Builder ttlMillis(long ttl) {
      this.ttlMillis = ttl;
      return this;
    }

    public Builder explicitMaxTtlMillis(long maxTtl) {
      this.explicitMaxTtlMillis = maxTtl;
      return this;
    }

    public Builder renewable(boolean renewable) {
      this.renewable = renewable;
      return this;
    }

    public Builder numUses(int uses) {
      this.numUses = uses;
      return this;
    }

    public Builder noDefaultPolicy(boolean noDefault) {
      this.noDefaultPolicy = noDefault;
      return this;
    }

    public Builder orphan(boolean orphan) {
      this.orphan = orphan;
      return this;
    }

    public Builder displayName(String name) {
      this.displayName = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder meta(Map<String, String> meta) {
      this.meta = Objects.requireNonNull(meta, "meta");
      return this;
    }

    /** @throws InvalidRequestException naming the field that is out of range */
    public TokenRequest build() {
      String problem = Labels.checkPolicies(policies);
      if (problem != null) {
        throw new InvalidRequestException("policies", problem);
      }
      return new TokenRequest(Labels.sortedSet(policies), ttlMillis, explicitMaxTtlMillis, renewable, numUses,
          noDefaultPolicy, orphan, displayName, Labels.sortedMap(meta));
    }
  }
}
