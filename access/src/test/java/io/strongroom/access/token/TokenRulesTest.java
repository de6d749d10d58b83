package io.strongroom.access.token;

import static io.strongroom.access.token.Fixtures.CHILD_ACC;
import static io.strongroom.access.token.Fixtures.HOUR;
import static io.strongroom.access.token.Fixtures.PARENT_ACC;
import static io.strongroom.access.token.Fixtures.ROOT_ACC;
import static io.strongroom.access.token.Fixtures.T0;
import static io.strongroom.access.token.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.policy.Acl;
import io.strongroom.access.policy.BuiltinPolicies;
import io.strongroom.access.policy.Capability;
import io.strongroom.access.policy.PathRule;
import io.strongroom.access.policy.Policy;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Creation, validity, use counting, renewal and revocation (see {@link TokenRules}). */
class TokenRulesTest {
  private static final TokenLimits LIMITS = new TokenLimits(HOUR, 10 * HOUR);
  private static final Acl NO_SUDO = Acl.of(List.of(new Policy("app", List.of(PathRule.of("app/*", Capability.READ)))));
  private static final Acl SUDO = Acl.of(List.of(new Policy("admin",
      List.of(PathRule.of("auth/token/create", Capability.UPDATE, Capability.SUDO)))));
  private static final TokenRecord ROOT = TokenRules.root(ROOT_ACC, T0, "root");
  private static final Acl ROOT_ACL = Acl.of(List.of(BuiltinPolicies.ROOT));

  /** A renewable service parent with policies app and ops, 8 h left, 9 h hard limit. */
  private static TokenRecord parent() {
    return service(PARENT_ACC, T0, 8 * HOUR, T0 + 9 * HOUR, true, 0, "app", "ops", "default");
  }

  private static CreateResult.Created created(CreateResult r) {
    assertThat(r).isInstanceOf(CreateResult.Created.class);
    return (CreateResult.Created) r;
  }

  private static CreateResult.Refused refused(CreateResult r) {
    assertThat(r).isInstanceOf(CreateResult.Refused.class);
    return (CreateResult.Refused) r;
  }

  // ------------------------------------------------------------------ create

  @Test
  void aChildGetsTheRequestedSubsetPlusDefault() {
    TokenRequest req = TokenRequest.builder().policies("app").ttlMillis(2 * HOUR).displayName("ci").build();
    TokenRecord child = created(TokenRules.create(parent(), NO_SUDO, req, T0 + 1000, CHILD_ACC, LIMITS)).record();
    assertThat(child.policies()).containsExactly("app", "default");
    assertThat(child.kind()).isEqualTo(TokenKind.SERVICE);
    assertThat(child.parentAccessor()).isEqualTo(PARENT_ACC);
    assertThat(child.issuedAt()).isEqualTo(T0 + 1000);
    assertThat(child.expiresAt()).isEqualTo(T0 + 1000 + 2 * HOUR);
    assertThat(child.ttlMillis()).isEqualTo(2 * HOUR);
    assertThat(child.renewable()).isTrue();
    assertThat(child.displayName()).isEqualTo("ci");
  }

  @Test
  void noPoliciesMeansTheParentsAndNoDefaultLeavesItOut() {
    TokenRecord inherit = created(TokenRules.create(parent(), NO_SUDO, TokenRequest.builder().build(), T0, CHILD_ACC,
        LIMITS)).record();
    assertThat(inherit.policies()).containsExactly("app", "default", "ops");
    TokenRecord bare = created(TokenRules.create(parent(), NO_SUDO,
        TokenRequest.builder().policies("ops").noDefaultPolicy(true).build(), T0, CHILD_ACC, LIMITS)).record();
    assertThat(bare.policies()).containsExactly("ops");
    TokenRecord onlyDefault = service(PARENT_ACC, T0, HOUR, T0 + HOUR, true, 0, "default");
    assertThat(refused(TokenRules.create(onlyDefault, NO_SUDO, TokenRequest.builder().noDefaultPolicy(true).build(),
        T0, CHILD_ACC, LIMITS)).reason()).isEqualTo(CreateResult.Reason.NO_POLICIES);
  }

  @Test
  void policiesBeyondTheParentsNeedRootOrSudo() {
    TokenRequest req = TokenRequest.builder().policies("app", "finance", "hr").build();
    CreateResult.Refused r = refused(TokenRules.create(parent(), NO_SUDO, req, T0, CHILD_ACC, LIMITS));
    assertThat(r.reason()).isEqualTo(CreateResult.Reason.POLICIES_NOT_SUBSET);
    assertThat(r.message()).contains("[finance, hr]");
    assertThat(created(TokenRules.create(parent(), SUDO, req, T0, CHILD_ACC, LIMITS)).record().policies())
        .containsExactly("app", "default", "finance", "hr");
    assertThat(created(TokenRules.create(ROOT, ROOT_ACL, req, T0, CHILD_ACC, LIMITS)).record().policies())
        .containsExactly("app", "default", "finance", "hr");
  }

  @Test
  void onlyRootCreatesRootAndARootChildStillExpires() {
    TokenRequest req = TokenRequest.builder().policies("root", "app").build();
    assertThat(refused(TokenRules.create(parent(), SUDO, req, T0, CHILD_ACC, LIMITS)).reason())
        .isEqualTo(CreateResult.Reason.ROOT_REQUIRES_ROOT);
    TokenRecord child = created(TokenRules.create(ROOT, ROOT_ACL, req, T0, CHILD_ACC, LIMITS)).record();
    assertThat(child.policies()).containsExactly("root");
    assertThat(child.kind()).isEqualTo(TokenKind.ROOT);
    assertThat(child.expiresAt()).isEqualTo(T0 + HOUR);
    assertThat(child.maxExpiresAt()).isEqualTo(T0 + 10 * HOUR);
    assertThat(child.renewable()).isTrue(); // a child of a never-expiring root may be renewable
  }

  @Test
  void orphansNeedRootOrSudo() {
    TokenRequest req = TokenRequest.builder().policies("app").orphan(true).build();
    assertThat(refused(TokenRules.create(parent(), NO_SUDO, req, T0, CHILD_ACC, LIMITS)).reason())
        .isEqualTo(CreateResult.Reason.ORPHAN_REQUIRES_SUDO);
    TokenRecord orphan = created(TokenRules.create(parent(), SUDO, req, T0, CHILD_ACC, LIMITS)).record();
    assertThat(orphan.parentAccessor()).isNull();
    assertThat(orphan.maxExpiresAt()).isEqualTo(T0 + 9 * HOUR); // still within the creator's hard limit
  }

  @Test
  void theParentMustBeValidAndAbleToCreate() {
    TokenRequest req = TokenRequest.builder().build();
    CreateResult.Refused expired = refused(TokenRules.create(parent(), NO_SUDO, req, T0 + 8 * HOUR, CHILD_ACC, LIMITS));
    assertThat(expired.reason()).isEqualTo(CreateResult.Reason.PARENT_INVALID);
    assertThat(expired.message()).contains("EXPIRED");
    assertThat(refused(TokenRules.create(TokenRules.revoke(parent(), T0), NO_SUDO, req, T0, CHILD_ACC, LIMITS)).reason())
        .isEqualTo(CreateResult.Reason.PARENT_INVALID);
    TokenRecord limited = service(PARENT_ACC, T0, HOUR, T0 + HOUR, true, 3, "app");
    assertThat(refused(TokenRules.create(limited, NO_SUDO, req, T0, CHILD_ACC, LIMITS)).reason())
        .isEqualTo(CreateResult.Reason.PARENT_USE_LIMITED);
    TokenRecord glass = new TokenRecord(PARENT_ACC, TokenKind.BREAK_GLASS, Fixtures.set("app"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, false, 0, 0, 0, "bg", new TreeMap<>());
    assertThat(refused(TokenRules.create(glass, SUDO, req, T0, CHILD_ACC, LIMITS)).reason())
        .isEqualTo(CreateResult.Reason.PARENT_IS_BREAK_GLASS);
  }

  @Test
  void ttlIsDefaultedAndCappedByTheLimitsTheParentAndTheExplicitMax() {
    CreateResult.Created dflt = created(TokenRules.create(parent(), NO_SUDO, TokenRequest.builder().build(), T0,
        CHILD_ACC, LIMITS));
    assertThat(dflt.record().expiresAt()).isEqualTo(T0 + HOUR);
    assertThat(dflt.ttlCapped()).isFalse();

    CreateResult.Created byParent = created(TokenRules.create(parent(), NO_SUDO,
        TokenRequest.builder().ttlMillis(20 * HOUR).build(), T0, CHILD_ACC, LIMITS));
    assertThat(byParent.record().expiresAt()).isEqualTo(T0 + 9 * HOUR);
    assertThat(byParent.record().maxExpiresAt()).isEqualTo(T0 + 9 * HOUR);
    assertThat(byParent.ttlCapped()).isTrue();

    CreateResult.Created byLimit = created(TokenRules.create(ROOT, ROOT_ACL,
        TokenRequest.builder().policies("app").ttlMillis(20 * HOUR).build(), T0, CHILD_ACC, LIMITS));
    assertThat(byLimit.record().expiresAt()).isEqualTo(T0 + 10 * HOUR);
    assertThat(byLimit.ttlCapped()).isTrue();

    CreateResult.Created explicit = created(TokenRules.create(parent(), NO_SUDO,
        TokenRequest.builder().ttlMillis(3 * HOUR).explicitMaxTtlMillis(2 * HOUR).build(), T0, CHILD_ACC, LIMITS));
    assertThat(explicit.record().expiresAt()).isEqualTo(T0 + 2 * HOUR);
    assertThat(explicit.record().maxExpiresAt()).isEqualTo(T0 + 2 * HOUR);
  }

  @Test
  void aChildOfANonRenewableParentIsNotRenewable() {
    TokenRecord fixed = service(PARENT_ACC, T0, 2 * HOUR, T0 + 2 * HOUR, false, 0, "app");
    assertThat(created(TokenRules.create(fixed, NO_SUDO, TokenRequest.builder().renewable(true).build(), T0,
        CHILD_ACC, LIMITS)).record().renewable()).isFalse();
    assertThat(created(TokenRules.create(parent(), NO_SUDO, TokenRequest.builder().renewable(false).build(), T0,
        CHILD_ACC, LIMITS)).record().renewable()).isFalse();
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> TokenRequest.builder().ttlMillis(-1).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
    assertThatThrownBy(() -> TokenRequest.builder().numUses(-1).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("num_uses"));
    assertThatThrownBy(() -> TokenRequest.builder().policies("Bad Name").build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("policies"))
        .hasMessageContaining("'Bad Name'");
    assertThatThrownBy(() -> TokenRequest.builder().meta(java.util.Map.of("a/b", "x")).build())
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("meta"));
    assertThatThrownBy(() -> TokenRules.create(parent(), NO_SUDO, TokenRequest.builder().build(), T0, "nope", LIMITS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ validity and uses

  @Test
  void expiryIsExclusive() {
    TokenRecord t = parent();
    assertThat(TokenRules.validity(t, t.expiresAt() - 1)).isEqualTo(Validity.VALID);
    assertThat(TokenRules.validity(t, t.expiresAt())).isEqualTo(Validity.EXPIRED);
    assertThat(TokenRules.isValid(ROOT, Long.MAX_VALUE - 1)).isTrue();
  }

  @Test
  void revokedIsReportedBeforeExhaustedBeforeExpired() {
    TokenRecord t = service(PARENT_ACC, T0, HOUR, T0 + HOUR, true, 1, "app").withUsesConsumed(1);
    assertThat(TokenRules.validity(t, T0 + 2 * HOUR)).isEqualTo(Validity.USES_EXHAUSTED);
    assertThat(TokenRules.validity(TokenRules.revoke(t, T0), T0 + 2 * HOUR)).isEqualTo(Validity.REVOKED);
  }

  @Test
  void usesAreCountedDownAndTheLastUseIsFlagged() {
    TokenRecord t = service(PARENT_ACC, T0, HOUR, T0 + HOUR, true, 3, "app");
    assertThat(t.usesRemaining()).hasValue(3);
    for (int i = 1; i <= 3; i++) {
      UseResult.Allowed a = (UseResult.Allowed) TokenRules.consumeUse(t, T0 + i);
      t = a.record();
      assertThat(t.usesRemaining()).hasValue(3 - i);
      assertThat(a.lastUse()).isEqualTo(i == 3);
    }
    assertThat(TokenRules.consumeUse(t, T0 + 4)).isEqualTo(new UseResult.Denied(Validity.USES_EXHAUSTED));
    TokenRecord unlimited = parent();
    assertThat(unlimited.usesRemaining()).isEmpty();
    assertThat(TokenRules.consumeUse(unlimited, T0)).isEqualTo(new UseResult.Allowed(unlimited, false));
    assertThat(TokenRules.consumeUse(unlimited, T0 + 8 * HOUR)).isEqualTo(new UseResult.Denied(Validity.EXPIRED));
  }

  // ------------------------------------------------------------------ renew

  @Test
  void renewalMovesTheExpiryFromNowWithinTheHardLimit() {
    TokenRecord t = service(PARENT_ACC, T0, 2 * HOUR, T0 + 5 * HOUR, true, 0, "app");
    RenewResult.Renewed byTtl = (RenewResult.Renewed) TokenRules.renew(t, 0, T0 + HOUR, LIMITS);
    assertThat(byTtl.record().expiresAt()).isEqualTo(T0 + 3 * HOUR);
    assertThat(byTtl.capped()).isFalse();
    RenewResult.Renewed capped = (RenewResult.Renewed) TokenRules.renew(t, 10 * HOUR, T0 + HOUR, LIMITS);
    assertThat(capped.record().expiresAt()).isEqualTo(T0 + 5 * HOUR);
    assertThat(capped.capped()).isTrue();
    RenewResult.Renewed shorter = (RenewResult.Renewed) TokenRules.renew(t, 1000, T0 + HOUR, LIMITS);
    assertThat(shorter.record().expiresAt()).isEqualTo(T0 + HOUR + 1000); // as in Vault, a renewal may shorten
    assertThat(shorter.record().ttlMillis()).isEqualTo(2 * HOUR);
  }

  @Test
  void renewalIsRefusedForInvalidNonRenewableRootAndBreakGlassTokens() {
    TokenRecord t = service(PARENT_ACC, T0, HOUR, T0 + 5 * HOUR, true, 0, "app");
    assertThat(TokenRules.renew(t, 0, T0 + HOUR, LIMITS))
        .isEqualTo(new RenewResult.Refused(RenewResult.Reason.INVALID, Validity.EXPIRED));
    TokenRecord fixed = service(PARENT_ACC, T0, HOUR, T0 + 5 * HOUR, false, 0, "app");
    assertThat(TokenRules.renew(fixed, 0, T0, LIMITS))
        .isEqualTo(new RenewResult.Refused(RenewResult.Reason.NOT_RENEWABLE, Validity.VALID));
    assertThat(TokenRules.renew(ROOT, 0, T0, LIMITS))
        .isEqualTo(new RenewResult.Refused(RenewResult.Reason.NOT_RENEWABLE, Validity.VALID));
    TokenRecord glass = new TokenRecord(PARENT_ACC, TokenKind.BREAK_GLASS, Fixtures.set("app"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, false, 0, 0, 0, "bg", new TreeMap<>());
    assertThat(TokenRules.renew(glass, HOUR, T0, LIMITS))
        .isEqualTo(new RenewResult.Refused(RenewResult.Reason.BREAK_GLASS, Validity.VALID));
    assertThatThrownBy(() -> TokenRules.renew(t, -1, T0, LIMITS))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("increment"));
  }

  @Test
  void revocationMarksOnce() {
    TokenRecord r = TokenRules.revoke(parent(), T0 + 5);
    assertThat(r.isRevoked()).isTrue();
    assertThat(r.revokedAt()).isEqualTo(T0 + 5);
    assertThat(TokenRules.revoke(r, T0 + 9)).isSameAs(r);
  }
}
