package io.strongroom.access.policy;

import static io.strongroom.access.policy.Capability.CREATE;
import static io.strongroom.access.policy.Capability.DELETE;
import static io.strongroom.access.policy.Capability.DENY;
import static io.strongroom.access.policy.Capability.LIST;
import static io.strongroom.access.policy.Capability.PATCH;
import static io.strongroom.access.policy.Capability.READ;
import static io.strongroom.access.policy.Capability.SUDO;
import static io.strongroom.access.policy.Capability.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ACL decisions, checked against Vault's documented semantics
 * (developer.hashicorp.com/vault/docs/concepts/policies, "Policy syntax" and "Capabilities").
 */
class AclTest {
  private static final Set<Capability> GRANTABLE = EnumSet.complementOf(EnumSet.of(DENY));

  private static Policy policy(String name, PathRule... rules) {
    return new Policy(name, List.of(rules));
  }

  private static Acl acl(Policy... policies) {
    return Acl.of(List.of(policies));
  }

  // ------------------------------------------------------------------ the capability matrix

  /** For every capability: a policy granting exactly it, and the paths where it must or must not hold. */
  static Stream<Arguments> matrix() {
    List<Arguments> rows = new ArrayList<>();
    for (Capability c : GRANTABLE) {
      Acl a = acl(policy("p",
          PathRule.of("exact/path", c),
          PathRule.of("glob/*", c),
          PathRule.of("seg/+/leaf", c),
          PathRule.of("mixed/+/tail*", c),
          PathRule.of("glob/blocked", DENY),
          PathRule.of("seg/blocked/leaf", DENY)));
      rows.add(Arguments.of(c, a, "exact/path", true));
      rows.add(Arguments.of(c, a, "exact/path/child", false));
      rows.add(Arguments.of(c, a, "exact/pat", false));
      rows.add(Arguments.of(c, a, "glob/one", true));
      rows.add(Arguments.of(c, a, "glob/one/two/three", true));
      rows.add(Arguments.of(c, a, "glob/", true));
      rows.add(Arguments.of(c, a, "glob", false));
      rows.add(Arguments.of(c, a, "glob/blocked", false));
      rows.add(Arguments.of(c, a, "glob/blocked/child", true)); // the deny is exact, the glob still decides below it
      rows.add(Arguments.of(c, a, "seg/x/leaf", true));
      rows.add(Arguments.of(c, a, "seg/x/y/leaf", false));
      rows.add(Arguments.of(c, a, "seg/x/leaf/more", false));
      rows.add(Arguments.of(c, a, "seg/blocked/leaf", false));
      rows.add(Arguments.of(c, a, "mixed/x/tail", true));
      rows.add(Arguments.of(c, a, "mixed/x/tailgate/deep/er", true));
      rows.add(Arguments.of(c, a, "mixed/x/tai", false));
      rows.add(Arguments.of(c, a, "mixed/tail", false));
      rows.add(Arguments.of(c, a, "elsewhere", false));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} on {2}: {3}")
  @MethodSource("matrix")
  void capabilityMatrix(Capability c, Acl acl, String path, boolean allowed) {
    assertThat(acl.allows(path, c)).isEqualTo(allowed);
    for (Capability other : GRANTABLE) {
      if (other != c) {
        assertThat(acl.allows(path, other)).as("%s is not granted", other).isFalse();
      }
    }
  }

  @Test
  void denyBeatsEveryOtherCapabilityOnThePatternSudoIncluded() {
    Acl a = acl(policy("p", new PathRule("secret/x", EnumSet.of(READ, UPDATE, SUDO, DENY))));
    assertThat(a.capabilities("secret/x")).isEmpty();
    assertThat(a.decidingRule("secret/x")).hasValue("secret/x");
  }

  @Test
  void defaultIsDeny() {
    assertThat(Acl.of(List.of()).capabilities("anything")).isEmpty();
    assertThat(acl(policy("p", PathRule.of("a", READ))).capabilities("b")).isEmpty();
    assertThat(acl(policy("p", PathRule.of("a", READ))).decidingRule("b")).isEmpty();
  }

  @Test
  void denyIsNeverAskedFor() {
    assertThatThrownBy(() -> acl().allows("a", DENY)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------ Vault's documented examples

  /** Docs: "secret/*" grants all; "secret/super-secret" deny "takes precedence". */
  @Test
  void docsExampleExactDenyInsideAGlob() {
    Acl a = acl(policy("p",
        new PathRule("secret/*", EnumSet.of(CREATE, READ, UPDATE, PATCH, DELETE, LIST)),
        PathRule.of("secret/super-secret", DENY)));
    assertThat(a.capabilities("secret/anything")).containsExactlyInAnyOrder(CREATE, READ, UPDATE, PATCH, DELETE, LIST);
    assertThat(a.capabilities("secret/super-secret")).isEmpty();
  }

  /** Docs: "secret/foo" does not give "secret/food" or "secret/foo/bar"; "secret/bar/*" not "secret/bars/zip". */
  @Test
  void docsExamplePrefixMatching() {
    Acl a = acl(policy("p", PathRule.of("secret/foo", READ), PathRule.of("secret/bar/*", READ),
        PathRule.of("secret/zip-*", READ)));
    assertThat(a.allows("secret/foo", READ)).isTrue();
    assertThat(a.allows("secret/food", READ)).isFalse();
    assertThat(a.allows("secret/foo/bar", READ)).isFalse();
    assertThat(a.allows("secret/bar/zip", READ)).isTrue();
    assertThat(a.allows("secret/bar/zip/zap", READ)).isTrue();
    assertThat(a.allows("secret/bars/zip", READ)).isFalse();
    assertThat(a.allows("secret/zip-zap", READ)).isTrue();
    assertThat(a.allows("secret/zip-zap/zong", READ)).isTrue();
    assertThat(a.allows("secret/zip/zap", READ)).isFalse();
  }

  /** Docs: "secret/+/teamb" and "secret/+/+/teamb". */
  @Test
  void docsExampleSegmentWildcards() {
    Acl a = acl(policy("p", PathRule.of("secret/+/teamb", READ), PathRule.of("secret/+/+/teamb", LIST)));
    assertThat(a.capabilities("secret/foo/teamb")).containsExactly(READ);
    assertThat(a.capabilities("secret/foo/bar/teamb")).containsExactly(LIST);
    assertThat(a.capabilities("secret/teamb")).isEmpty();
    assertThat(a.capabilities("secret/a/b/c/teamb")).isEmpty();
  }

  /**
   * Docs: given "secret/*" and "secret/+/+/foo/*", the first wildcard is in the same place, both
   * end in *, and the latter has two wildcard segments: it gets lower priority (rule 3).
   */
  @Test
  void docsExampleRuleThree() {
    Acl a = acl(policy("p", PathRule.of("secret/*", READ), PathRule.of("secret/+/+/foo/*", UPDATE)));
    assertThat(a.capabilities("secret/a/b/foo/c")).containsExactly(READ);
    assertThat(a.decidingRule("secret/a/b/foo/c")).hasValue("secret/*");
  }

  /** Rule 1: the pattern whose first wildcard comes later wins, even if it grants less. */
  @Test
  void ruleOneLaterFirstWildcardWins() {
    Acl a = acl(policy("p", PathRule.of("foo/+/bar/baz", READ, UPDATE), PathRule.of("foo/bar/+/baz", LIST)));
    assertThat(a.capabilities("foo/bar/bar/baz")).containsExactly(LIST);
    Acl b = acl(policy("p", PathRule.of("foo/+", READ), PathRule.of("foo/a*", LIST)));
    assertThat(b.capabilities("foo/abc")).containsExactly(LIST);
    Acl longest = acl(policy("p", PathRule.of("secret/*", READ), PathRule.of("secret/foo*", LIST)));
    assertThat(longest.capabilities("secret/foobar")).containsExactly(LIST);
    assertThat(longest.capabilities("secret/fo")).containsExactly(READ);
  }

  /** Rule 2: of two otherwise equal candidates, the one not ending in * wins. */
  @Test
  void ruleTwoNonGlobWins() {
    Acl a = acl(policy("p", PathRule.of("foo/+/bar", READ), PathRule.of("foo/+/*", LIST)));
    assertThat(a.capabilities("foo/x/bar")).containsExactly(READ);
    assertThat(a.capabilities("foo/x/baz")).containsExactly(LIST);
  }

  /** Rule 3: fewer + segments win. */
  @Test
  void ruleThreeFewerWildcardsWin() {
    Acl a = acl(policy("p", PathRule.of("x/+/+/z", READ), PathRule.of("x/+/y/z", LIST)));
    assertThat(a.capabilities("x/a/y/z")).containsExactly(LIST);
    assertThat(a.capabilities("x/a/q/z")).containsExactly(READ);
  }

  /** Rule 4: the longer pattern wins. */
  @Test
  void ruleFourLongerWins() {
    Acl a = acl(policy("p", PathRule.of("x/+/ab*", READ), PathRule.of("x/+/abc*", LIST)));
    assertThat(a.capabilities("x/q/abcd")).containsExactly(LIST);
    assertThat(a.capabilities("x/q/abd")).containsExactly(READ);
  }

  /** Rule 5: the lexicographically larger pattern wins. */
  @Test
  void ruleFiveLexicographicallyLargerWins() {
    Acl a = acl(policy("p", PathRule.of("x/+/y/+", READ), PathRule.of("x/+/+/z", LIST)));
    assertThat(a.capabilities("x/a/y/z")).containsExactly(READ); // 'y' > '+'
  }

  /** An exact match wins over every glob and wildcard. */
  @Test
  void exactMatchWins() {
    Acl a = acl(policy("p", PathRule.of("a/b", READ), PathRule.of("a/b*", LIST), PathRule.of("a/+", UPDATE),
        PathRule.of("*", DELETE)));
    assertThat(a.capabilities("a/b")).containsExactly(READ);
    assertThat(a.capabilities("a/bc")).containsExactly(LIST);
    assertThat(a.capabilities("a/c")).containsExactly(UPDATE);
    assertThat(a.capabilities("z")).containsExactly(DELETE);
    assertThat(a.capabilities("")).containsExactly(DELETE);
  }

  /** Docs: "if different patterns appear in the applicable policies, we take only the highest-priority match". */
  @Test
  void aLowerPriorityMatchGrantsNothingEvenIfItWouldGrantMore() {
    Acl a = acl(policy("p", new PathRule("secret/*", EnumSet.of(READ, UPDATE))), policy("q", PathRule.of("secret/foo", READ)));
    assertThat(a.allows("secret/foo", UPDATE)).isFalse();
    assertThat(a.allows("secret/bar", UPDATE)).isTrue();
  }

  // ------------------------------------------------------------------ several policies

  /** Docs: "if the same pattern appears in multiple policies, we take the union of the capabilities". */
  @Test
  void samePatternInSeveralPoliciesIsMerged() {
    Acl a = acl(policy("p", PathRule.of("app/*", READ)), policy("q", PathRule.of("app/*", LIST)),
        policy("r", PathRule.of("/app/*", SUDO)));
    assertThat(a.capabilities("app/x")).containsExactlyInAnyOrder(READ, LIST, SUDO);
    assertThat(a.policyNames()).containsExactly("p", "q", "r");
  }

  @Test
  void denyInOnePolicyBeatsGrantsOfTheSamePatternInOthers() {
    Acl a = acl(policy("p", PathRule.of("app/db", READ, UPDATE)), policy("q", PathRule.of("app/db", DENY)));
    assertThat(a.capabilities("app/db")).isEmpty();
    // Order does not matter.
    assertThat(acl(policy("q", PathRule.of("app/db", DENY)), policy("p", PathRule.of("app/db", READ))).capabilities("app/db"))
        .isEmpty();
  }

  @Test
  void aMoreSpecificPatternInAnotherPolicyWins() {
    Acl a = acl(policy("broad", PathRule.of("app/*", DENY)), policy("narrow", PathRule.of("app/public/*", READ)));
    assertThat(a.capabilities("app/public/x")).containsExactly(READ);
    assertThat(a.capabilities("app/private/x")).isEmpty();
  }

  // ------------------------------------------------------------------ root and canonical paths

  @Test
  void rootAllowsEverythingAndIgnoresDeny() {
    Acl a = acl(BuiltinPolicies.ROOT, policy("p", PathRule.of("*", DENY)));
    assertThat(a.isRoot()).isTrue();
    assertThat(a.capabilities("sys/anything/at/all")).isEqualTo(GRANTABLE);
    assertThat(a.allows("", SUDO)).isTrue();
    assertThat(a.policyNames()).containsExactly("root");
  }

  @Test
  void nonCanonicalPathsGetNothingEvenUnderRoot() {
    Acl a = acl(policy("p", PathRule.of("*", READ), PathRule.of("secret/admin", DENY)));
    for (String bad : List.of("/secret/admin", "secret//admin", "secret/./admin", "secret/x/../admin", "secret/..",
        "./x", "secret/admin\n", "secret/\u0000", "a\ud800b", "x".repeat(5000))) {
      assertThat(a.capabilities(bad)).as(bad).isEmpty();
      assertThat(acl(BuiltinPolicies.ROOT).capabilities(bad)).as(bad).isEmpty();
    }
    assertThat(a.capabilities("secret/admin/")).containsExactly(READ); // a list of the folder
    assertThat(a.capabilities("secret/\ud83d\ude00")).containsExactly(READ);
  }

  /** As in Vault, a + may match the empty last segment of a list path. */
  @Test
  void listPathsWithTrailingSlash() {
    Acl a = acl(policy("p", PathRule.of("secret/metadata/", LIST), PathRule.of("kv/+", LIST)));
    assertThat(a.allows("secret/metadata/", LIST)).isTrue();
    assertThat(a.allows("secret/metadata", LIST)).isFalse();
    assertThat(a.allows("kv/", LIST)).isTrue();
  }

  @Test
  void literalPlusInsideASegmentIsNotAWildcard() {
    Acl a = acl(policy("p", PathRule.of("a+c/x", READ)));
    assertThat(a.allows("a+c/x", READ)).isTrue();
    assertThat(a.allows("abc/x", READ)).isFalse();
  }

  @Test
  void defaultPolicyLetsATokenManageOnlyItself() {
    Acl a = acl(BuiltinPolicies.DEFAULT);
    assertThat(a.allows("auth/token/lookup-self", READ)).isTrue();
    assertThat(a.allows("auth/token/renew-self", UPDATE)).isTrue();
    assertThat(a.allows("auth/token/revoke-self", UPDATE)).isTrue();
    assertThat(a.allows("sys/capabilities-self", UPDATE)).isTrue();
    assertThat(a.allows("auth/token/create", UPDATE)).isFalse();
    assertThat(a.allows("secret/x", READ)).isFalse();
  }
}
