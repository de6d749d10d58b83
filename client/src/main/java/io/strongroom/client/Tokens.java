package io.strongroom.client;

import io.strongroom.protocol.v1.Response.ResultCase;
import io.strongroom.protocol.v1.TokenCreateRequest;
import io.strongroom.protocol.v1.TokenLookupRequest;
import io.strongroom.protocol.v1.TokenRenewRequest;
import io.strongroom.protocol.v1.TokenRevokeRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * Tokens: create children of the calling token, look up, renew and revoke them, by accessor or the
 * caller's own ("self"). Each call is authorized by the caller's policies on its Vault path
 * ({@code auth/token/create}, {@code auth/token/lookup-self}, {@code auth/token/renew-accessor}, ...).
 * Blocking; thread-safe.
 */
public final class Tokens {
  private final Caller caller;
  private final Caller.Route route;

  Tokens(Caller caller, Caller.Route route) {
    this.caller = caller;
    this.route = route;
  }

  /** Creates a token; the answer carries its text, shown this once. */
  public TokenInfo create(TokenSpec spec) {
    Objects.requireNonNull(spec, "spec");
    TokenCreateRequest.Builder b = TokenCreateRequest.newBuilder()
        .addAllPolicies(spec.policies()).setTtlMs(spec.ttl().toMillis()).setExplicitMaxTtlMs(spec.explicitMaxTtl().toMillis())
        .setRenewable(spec.renewable()).setNumUses(spec.numUses()).setNoDefaultPolicy(spec.noDefaultPolicy())
        .setOrphan(spec.orphan()).setDisplayName(spec.displayName()).putAllMeta(spec.meta());
    return call("token create", r -> r.setTokenCreate(b));
  }

  /** The calling token's record. */
  public TokenInfo lookupSelf() {
    return lookup("");
  }

  /** The record of the token with {@code accessor} (empty: the caller's). */
  public TokenInfo lookup(String accessor) {
    Objects.requireNonNull(accessor, "accessor");
    return call("token lookup", r -> r.setTokenLookup(TokenLookupRequest.newBuilder().setAccessor(accessor)));
  }

  /** Extends the token with {@code accessor} (empty: the caller's) by {@code increment} (zero: its TTL). */
  public TokenInfo renew(String accessor, Duration increment) {
    Objects.requireNonNull(accessor, "accessor");
    return call("token renew", r -> r.setTokenRenew(TokenRenewRequest.newBuilder().setAccessor(accessor).setIncrementMs(increment.toMillis())));
  }

  /** Revokes the token with {@code accessor} (empty: the caller's) and all its descendants. */
  public TokenInfo revoke(String accessor) {
    Objects.requireNonNull(accessor, "accessor");
    return call("token revoke", r -> r.setTokenRevoke(TokenRevokeRequest.newBuilder().setAccessor(accessor)));
  }

  private TokenInfo call(String op, java.util.function.Consumer<io.strongroom.protocol.v1.Request.Builder> body) {
    return caller.await(caller.call(op, route, body, r -> TokenInfo.of(Wire.expect(r, ResultCase.TOKEN_INFO, op).getTokenInfo())));
  }

  @Override
  public String toString() {
    return "Tokens";
  }
}
