package io.strongroom.access.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.access.PolicyException;
import io.strongroom.access.PolicyException.Problem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Vault's JSON policy form, strictly. */
class PolicyParserTest {

  @Test
  void parsesVaultsJsonForm() {
    Policy p = PolicyParser.parse("app", """
        {
          "path": {
            "app/*": {"capabilities": ["read", "list"]},
            "/app/admin": {"capabilities": ["deny"]},
            "app/+/config": {"capabilities": ["update", "create", "update"]}
          }
        }
        """);
    assertThat(p.name()).isEqualTo("app");
    assertThat(p.rules()).containsExactly(
        PathRule.of("app/*", Capability.READ, Capability.LIST),
        PathRule.of("app/+/config", Capability.CREATE, Capability.UPDATE),
        PathRule.of("app/admin", Capability.DENY));
  }

  @Test
  void canonicalJsonIsPinnedAndRoundTrips() {
    Policy p = new Policy("p", List.of(
        PathRule.of("z/\"quoted\"", Capability.SUDO, Capability.READ),
        PathRule.of("a/*", Capability.LIST, Capability.CREATE)));
    String json = PolicyParser.toJson(p);
    assertThat(json).isEqualTo("{\"path\":{\"a/*\":{\"capabilities\":[\"create\",\"list\"]},"
        + "\"z/\\\"quoted\\\"\":{\"capabilities\":[\"read\",\"sudo\"]}}}");
    assertThat(PolicyParser.parse("p", json)).isEqualTo(p);
    assertThat(PolicyParser.toJson(BuiltinPolicies.DEFAULT)).isEqualTo("{\"path\":{"
        + "\"auth/token/lookup-self\":{\"capabilities\":[\"read\"]},"
        + "\"auth/token/renew-self\":{\"capabilities\":[\"update\"]},"
        + "\"auth/token/revoke-self\":{\"capabilities\":[\"update\"]},"
        + "\"sys/capabilities-self\":{\"capabilities\":[\"update\"]}}}");
  }

  @Test
  void anEmptyPolicyIsAllowedAndGrantsNothing() {
    assertThat(PolicyParser.parse("nothing", "{\"path\": {}}").rules()).isEmpty();
  }

  @Test
  void theDefaultPolicyMayBeOverwrittenButRootNever() {
    assertThat(PolicyParser.parse("default", "{\"path\":{\"a\":{\"capabilities\":[\"read\"]}}}").name())
        .isEqualTo("default");
    assertThatThrownBy(() -> PolicyParser.parse("root", "{\"path\":{}}"))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.RESERVED_NAME))
        .hasMessage("policy 'root' is built in and cannot be written");
  }

  /** name, json, problem, offending path (or null), text the message must contain. */
  static Stream<Arguments> badInput() {
    String ok = "{\"path\":{\"a\":{\"capabilities\":[\"read\"]}}}";
    List<Arguments> rows = new ArrayList<>(List.of(
        Arguments.of("Bad", ok, Problem.INVALID_NAME, null, "'Bad'"),
        Arguments.of("", ok, Problem.INVALID_NAME, null, "policy name must be"),
        Arguments.of("a/b", ok, Problem.INVALID_NAME, null, "'a/b'"),
        Arguments.of("..", ok, Problem.INVALID_NAME, null, "'..'"),
        Arguments.of("x".repeat(129), ok, Problem.INVALID_NAME, null, "1..128"),
        Arguments.of("p", "{\"path\": ", Problem.MALFORMED_JSON, null, "not valid JSON"),
        Arguments.of("p", "{\"path\": {}} {}", Problem.MALFORMED_JSON, null, "after the policy object"),
        Arguments.of("p", "{\"path\": {}, \"path\": {}}", Problem.MALFORMED_JSON, null, "path"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [\"read\"]}, \"a\": {\"capabilities\": [\"list\"]}}}",
            Problem.MALFORMED_JSON, null, "'a'"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [\"read\"]}, \"/a\": {\"capabilities\": [\"list\"]}}}",
            Problem.MALFORMED_JSON, "/a", "listed twice"),
        Arguments.of("p", "[]", Problem.WRONG_TYPE, null, "the policy must be an object, found an array"),
        Arguments.of("p", "", Problem.WRONG_TYPE, null, "found end of input"),
        Arguments.of("p", "{}", Problem.MISSING_KEY, null, "no \"path\" key"),
        Arguments.of("p", "{\"paths\": {}}", Problem.UNKNOWN_KEY, null, "'paths'"),
        Arguments.of("p", "{\"path\": []}", Problem.WRONG_TYPE, null, "\"path\" must be an object"),
        Arguments.of("p", "{\"path\": {\"a\": [\"read\"]}}", Problem.WRONG_TYPE, "a", "path 'a' must be an object"),
        Arguments.of("p", "{\"path\": {\"a\": {}}}", Problem.MISSING_KEY, "a", "no \"capabilities\" key"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [\"read\"], \"allowed_parameters\": {\"x\": []}}}}",
            Problem.UNKNOWN_KEY, "a", "'allowed_parameters'"),
        Arguments.of("p", "{\"path\": {\"a\": {\"policy\": \"read\"}}}", Problem.UNKNOWN_KEY, "a", "'policy'"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": \"read\"}}}", Problem.WRONG_TYPE, "a",
            "capabilities of path 'a' must be an array, found a string"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [1]}}}", Problem.WRONG_TYPE, "a", "found a number"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [null]}}}", Problem.WRONG_TYPE, "a", "found null"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [\"write\"]}}}", Problem.UNKNOWN_CAPABILITY, "a",
            "path 'a': unknown capability 'write'"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": [\"READ\"]}}}", Problem.UNKNOWN_CAPABILITY, "a", "'READ'"),
        Arguments.of("p", "{\"path\": {\"a\": {\"capabilities\": []}}}", Problem.EMPTY_CAPABILITIES, "a",
            "path 'a' lists no capabilities"),
        Arguments.of("p", rule("a/*/b"), Problem.INVALID_PATH, "a/*/b", "only allowed as the last character"),
        Arguments.of("p", rule("a*b"), Problem.INVALID_PATH, "a*b", "index 1"),
        Arguments.of("p", rule("a/+*"), Problem.INVALID_PATH, "a/+*", "'+*' is not allowed"),
        Arguments.of("p", rule(""), Problem.INVALID_PATH, "", "must not be empty"),
        Arguments.of("p", rule("/"), Problem.INVALID_PATH, "/", "must not be empty"),
        Arguments.of("p", rule("a//b"), Problem.INVALID_PATH, "a//b", "empty segment"),
        Arguments.of("p", rule("//a"), Problem.INVALID_PATH, "//a", "empty segment"),
        Arguments.of("p", rule("a/../b"), Problem.INVALID_PATH, "a/../b", "'..' segment"),
        Arguments.of("p", rule("a/."), Problem.INVALID_PATH, "a/.", "'.' segment"),
        Arguments.of("p", rule("a\\u0001"), Problem.INVALID_PATH, "a\u0001", "control character"),
        Arguments.of("p", rule("x".repeat(513)), Problem.TOO_LARGE, "x".repeat(513), "longer than 512 bytes"),
        Arguments.of("p", "{\"path\":{" + " ".repeat(PolicyParser.MAX_TEXT_CHARS) + "}}", Problem.TOO_LARGE, null,
            "the limit is 65536")));
    StringBuilder many = new StringBuilder("{\"path\":{");
    for (int i = 0; i <= Policy.MAX_RULES; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":{\"capabilities\":[\"read\"]}");
    }
    rows.add(Arguments.of("p", many.append("}}").toString(), Problem.TOO_LARGE, "p1024", "more than 1024 paths"));
    return rows.stream();
  }

  private static String rule(String path) {
    return "{\"path\": {\"" + path + "\": {\"capabilities\": [\"read\"]}}}";
  }

  @ParameterizedTest(name = "[{index}] {2}: {4}")
  @MethodSource("badInput")
  void badInputIsRefusedWithATypedError(String name, String json, Problem problem, String path, String text) {
    assertThatThrownBy(() -> PolicyParser.parse(name, json))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.problem()).isEqualTo(problem);
          if (path != null) {
            assertThat(e.path()).hasValue(path);
          }
        })
        .hasMessageContaining(text);
  }

  @Test
  void errorsNameTheLineAndColumn() {
    String json = "{\n  \"path\": {\n    \"ok\": {\"capabilities\": [\"read\"]},\n"
        + "    \"app/*\": {\"capabilities\": [\"read\", \"wrte\"]}\n  }\n}";
    assertThatThrownBy(() -> PolicyParser.parse("p", json))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_CAPABILITY);
          assertThat(e.path()).hasValue("app/*");
          assertThat(e.line()).isEqualTo(4);
          assertThat(e.column()).isEqualTo(40);
        })
        .hasMessage("path 'app/*': unknown capability 'wrte' (line 4, column 40)");
    assertThatThrownBy(() -> PolicyParser.parse("p", "{\n\"path\": {\n  \"a/*/b\": {\"capabilities\": [\"read\"]}}}"))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(3);
        });
  }

  @Test
  void pathRulesAndPoliciesCheckTheirValues() {
    assertThatThrownBy(() -> new PathRule("a", EnumSet.noneOf(Capability.class)))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problem()).isEqualTo(Problem.EMPTY_CAPABILITIES));
    assertThat(new PathRule("/a/b", EnumSet.of(Capability.READ)).path()).isEqualTo("a/b");
    Policy merged = new Policy("p", List.of(PathRule.of("a", Capability.READ), PathRule.of("/a", Capability.LIST)));
    assertThat(merged.rules()).containsExactly(PathRule.of("a", Capability.READ, Capability.LIST));
    assertThat(Policy.isValidName("ops.team_1-x")).isTrue();
    assertThat(Policy.isValidName("Ops")).isFalse();
    assertThat(Policy.isValidName(null)).isFalse();
  }
}
