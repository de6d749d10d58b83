package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.InitResult;
import io.strongroom.client.InvalidArgumentException;
import io.strongroom.client.PermissionDeniedException;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.TokenInfo;
import io.strongroom.client.TokenSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access control end to end through the real client on a 3-node cluster: the capability matrix,
 * token expiry, renewal limits, use counts and revocation cascades, and the policy documents
 * themselves. One cluster serves every test (each works under its own paths).
 */
class AccessControlClusterTest {
  @TempDir static Path dir;
  private static LocalCluster cluster;
  private static InitResult init;
  private static StrongroomClient root;

  @BeforeAll
  static void start() throws Exception {
    ExitUtils.disableSystemExit();
    cluster = new LocalCluster(dir, 3).startAll();
    init = cluster.initAndUnsealAll(3, 2);
    root = cluster.client(init.rootToken());
    root.policies().write("matrix", """
        {"path": {
          "team/*": {"capabilities": ["create", "read", "update", "patch", "delete", "list"]},
          "team/locked/*": {"capabilities": ["deny"]},
          "svc/+/config": {"capabilities": ["read"]},
          "ro/exact": {"capabilities": ["read"]},
          "co/*": {"capabilities": ["create"]},
          "sys/raft/*": {"capabilities": ["sudo"]}
        }}""");
    root.policies().write("minter", """
        {"path": {"auth/token/create": {"capabilities": ["update"]}, "team/*": {"capabilities": ["read"]}}}""");
    for (String p : List.of("team/a", "team/locked/x", "svc/web/config", "svc/web/other", "ro/exact", "ro/exact2", "other/x")) {
      root.kv().put(p, Map.of("k", "v"));
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static void allowed(Executable call) throws Throwable {
    call.execute();
  }

  private static void denied(Executable call) {
    assertThatThrownBy(call::execute).isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void eachCapabilityAgainstAllowedDeniedGlobbedAndDenyOverriddenPaths() throws Throwable {
    StrongroomClient t = cluster.client(root.tokens().create(TokenSpec.withPolicies("matrix")).token().orElseThrow());
    // create / update: new path, then existing path
    allowed(() -> t.kv().put("team/new", Map.of("k", "1")));
    allowed(() -> t.kv().put("team/a", Map.of("k", "2")));
    allowed(() -> t.kv().patch("team/a", Map.of("k", "3"), List.of()));
    allowed(() -> assertThat(t.kv().get("team/a")).isPresent());
    allowed(() -> assertThat(t.kv().list("team/")).contains("a"));
    allowed(() -> t.kv().delete("team/new"));
    // deny wins over the broader grant
    denied(() -> t.kv().get("team/locked/x"));
    denied(() -> t.kv().put("team/locked/y", Map.of("k", "v")));
    denied(() -> t.kv().list("team/locked/"));
    denied(() -> t.kv().delete("team/locked/x"));
    // + matches one segment, and grants only read
    allowed(() -> assertThat(t.kv().get("svc/web/config")).isPresent());
    denied(() -> t.kv().get("svc/web/other"));
    denied(() -> t.kv().get("svc/a/b/config"));
    denied(() -> t.kv().put("svc/web/config", Map.of("k", "v")));
    // exact path: read, nothing else, nothing beside it
    allowed(() -> assertThat(t.kv().get("ro/exact")).isPresent());
    denied(() -> t.kv().put("ro/exact", Map.of("k", "v")));
    denied(() -> t.kv().get("ro/exact2"));
    // default deny
    denied(() -> t.kv().get("other/x"));
    denied(() -> t.kv().list(""));
    // create is not update
    allowed(() -> t.kv().put("co/one", Map.of("k", "v")));
    denied(() -> t.kv().put("co/one", Map.of("k", "again")));
    denied(() -> t.kv().get("co/one"));
    // operator endpoints need sudo on their sys/ path
    allowed(() -> assertThat(t.sys().raftPeers().peers()).hasSize(3));
    denied(() -> t.sys().seal());
    denied(() -> t.sys().auditPublicKey());
    denied(() -> t.policies().write("x", "{\"path\": {}}"));
    denied(() -> t.tokens().create(TokenSpec.withPolicies("matrix")));
    // the default policy lets a token see itself
    assertThat(t.tokens().lookupSelf().policies()).containsExactlyInAnyOrder("default", "matrix");
  }

  @Test
  void tokensExpireOnEveryNodeAndRenewalStopsAtTheExplicitMax() throws Throwable {
    TokenInfo shortLived = root.tokens().create(TokenSpec.withPolicies("matrix").ttl(Duration.ofSeconds(2)));
    String token = shortLived.token().orElseThrow();
    for (String id : cluster.running.keySet()) {
      StrongroomClient one = cluster.client(token, cluster.address(id));
      allowed(() -> one.kv().get("team/a"));
    }
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      for (String id : cluster.running.keySet()) {
        StrongroomClient one = cluster.client(token, cluster.address(id));
        assertThatThrownBy(() -> one.kv().get("team/a")).isInstanceOf(PermissionDeniedException.class).hasMessageContaining("expired");
      }
    });

    TokenInfo renewable = root.tokens().create(TokenSpec.withPolicies("matrix").ttl(Duration.ofSeconds(30)).explicitMaxTtl(Duration.ofSeconds(40)).renewable(true));
    StrongroomClient r = cluster.client(renewable.token().orElseThrow());
    TokenInfo renewed = r.tokens().renew("", Duration.ofMinutes(10));
    assertThat(renewed.expiresAtMs().orElseThrow()).isLessThanOrEqualTo(renewable.maxExpiresAtMs().orElseThrow());
    assertThat(renewed.expiresAtMs().orElseThrow()).isGreaterThan(renewable.expiresAtMs().orElseThrow() - 1);

    TokenInfo fixed = root.tokens().create(TokenSpec.withPolicies("matrix").ttl(Duration.ofMinutes(5)));
    StrongroomClient f = cluster.client(fixed.token().orElseThrow());
    assertThatThrownBy(() -> f.tokens().renew("", Duration.ofMinutes(1))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("renew");
  }

  @Test
  void useCountsRunOutAndRevokingAParentRevokesItsDescendantsEverywhere() throws Throwable {
    TokenInfo twice = root.tokens().create(TokenSpec.withPolicies("matrix").numUses(2));
    StrongroomClient c = cluster.client(twice.token().orElseThrow());
    allowed(() -> c.kv().get("team/a"));
    allowed(() -> c.kv().get("team/a"));
    assertThatThrownBy(() -> c.kv().get("team/a")).isInstanceOf(PermissionDeniedException.class);

    TokenInfo parent = root.tokens().create(TokenSpec.withPolicies("minter"));
    StrongroomClient p = cluster.client(parent.token().orElseThrow());
    TokenInfo child = p.tokens().create(TokenSpec.withPolicies("minter"));
    StrongroomClient ch = cluster.client(child.token().orElseThrow());
    TokenInfo grandchild = ch.tokens().create(TokenSpec.withPolicies("minter"));
    assertThat(grandchild.parentAccessor()).contains(child.accessor());
    // a child cannot get more than its parent holds
    assertThatThrownBy(() -> p.tokens().create(TokenSpec.withPolicies("matrix"))).isInstanceOf(PermissionDeniedException.class);

    assertThat(root.tokens().revoke(parent.accessor()).revoked()).isEqualTo(3);
    for (String token : List.of(parent.token().orElseThrow(), child.token().orElseThrow(), grandchild.token().orElseThrow())) {
      for (String id : cluster.running.keySet()) {
        StrongroomClient one = cluster.client(token, cluster.address(id));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
            assertThatThrownBy(() -> one.kv().get("team/a")).isInstanceOf(PermissionDeniedException.class));
      }
    }
  }

  @Test
  void policiesAreCheckedStoredCanonicallyAndDeletable() {
    assertThatThrownBy(() -> root.policies().write("bad", "{\"path\": {\"a/*\": {\"capabilities\": [\"fly\"]}}}"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("fly");
    assertThatThrownBy(() -> root.policies().write("root", "{\"path\": {}}")).isInstanceOf(InvalidArgumentException.class);
    root.policies().write("temp", "{\"path\": {\"tmp/*\": {\"capabilities\": [\"read\"]}}}");
    assertThat(root.policies().list()).contains("default", "root", "matrix", "temp");
    assertThat(root.policies().read("temp").orElseThrow()).contains("tmp/*").contains("read");
    StrongroomClient t = cluster.client(root.tokens().create(TokenSpec.withPolicies("temp")).token().orElseThrow());
    root.kv().put("tmp/x", Map.of("k", "v"));
    assertThat(t.kv().get("tmp/x")).isPresent();
    root.policies().delete("temp");
    assertThat(root.policies().read("temp")).isEmpty();
    assertThatThrownBy(() -> t.kv().get("tmp/x")).isInstanceOf(PermissionDeniedException.class);
  }

  @Test
  void unknownTokensAreRefusedAndRepeatedFailuresAreSlowedDown() {
    StrongroomClient guess = cluster.client("sr.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> guess.kv().get("team/a")).isInstanceOf(PermissionDeniedException.class).hasMessageContaining("unknown");
    }
    // three free failures, then 1 s and 2 s held back: at least 3 s for five guesses
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    root.kv().get("team/a"); // a valid token from the same address is never held up, and clears the count
  }

  @Test
  void theCliWritesPoliciesAndCreatesLooksUpAndRevokesTokens() throws Exception {
    io.strongroom.node.cli.CliRunner cli = new io.strongroom.node.cli.CliRunner()
        .env("STRONGROOM_ADDR", String.join(",", cluster.addresses()))
        .env("STRONGROOM_TOKEN", init.rootToken());
    assertThat(cli.stdin("{\"path\": {\"cli/*\": {\"capabilities\": [\"read\"]}}}").run("policy", "write", "cli-read", "-").exit()).isZero();
    assertThat(cli.run("policy", "list").out()).contains("cli-read");
    var created = cli.run("token", "create", "--policy", "cli-read", "--ttl", "10m", "--format", "json");
    assertThat(created.exit()).as(created.err()).isZero();
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.out());
    String token = json.get("token").asText();
    String accessor = json.get("accessor").asText();
    assertThat(token).startsWith("sr.");
    assertThat(accessor).startsWith("ac.");
    assertThat(created.err()).doesNotContain(token);
    root.kv().put("cli/x", Map.of("k", "v"));
    assertThat(cluster.client(token).kv().get("cli/x")).isPresent();
    var lookup = cli.run("token", "lookup", accessor, "--format", "json");
    assertThat(lookup.out()).contains("cli-read").doesNotContain(token);
    assertThat(cli.run("token", "revoke", accessor).exit()).isZero();
    assertThatThrownBy(() -> cluster.client(token).kv().get("cli/x")).isInstanceOf(PermissionDeniedException.class);
    var denied = new io.strongroom.node.cli.CliRunner().env("STRONGROOM_ADDR", String.join(",", cluster.addresses()))
        .env("STRONGROOM_TOKEN", token).run("kv", "get", "cli/x");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err()).startsWith("error: PERMISSION_DENIED: ");
  }
}
