package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.InitResult;
import io.strongroom.client.StrongroomClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/sys/health answers with Vault's codes through the lifecycle; /metrics is Prometheus text. */
class HealthEndpointTest {
  @TempDir Path dir;
  private LocalCluster cluster;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void noSystemExit() {
    ExitUtils.disableSystemExit();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private HttpResponse<String> get(String id, String path) {
    try {
      URI uri = URI.create("http://127.0.0.1:" + cluster.running.get(id).httpPort() + path);
      return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double gauge(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
  }

  @Test
  void vaultQueryParametersParseLikeVault() {
    assertThat(HealthServer.Codes.parse(null)).isEqualTo(HealthServer.Codes.DEFAULT);
    assertThat(HealthServer.Codes.parse("standbyok")).as("an empty value is false, as in Vault").isEqualTo(HealthServer.Codes.DEFAULT);
    assertThat(HealthServer.Codes.parse("standbyok=T&standbyok=false&sealedcode=%32%30%30&unrelated=x"))
        .as("the first occurrence counts; values are URL-decoded; unknown parameters are ignored")
        .isEqualTo(new HealthServer.Codes(true, 200, 429, 200, 501));
    assertThat(HealthServer.Codes.parse("perfstandbyok=true&performancestandbycode=473&drsecondarycode=472"))
        .as("accepted, and nothing in Strongroom is a performance standby or a DR secondary").isEqualTo(HealthServer.Codes.DEFAULT);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthServer.Codes.parse("uninitcode=600"))
        .hasMessage("bad value for uninitcode: '600' (an HTTP status code, 200-599)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthServer.Codes.parse("drsecondarycode=-1")).hasMessageContaining("drsecondarycode");
    HealthServer.Health standby = new HealthServer.Health(true, false, false, "n1");
    assertThat(standby.httpStatus(HealthServer.Codes.parse("standbyok=1"))).isEqualTo(200);
    assertThat(new HealthServer.Health(false, true, false, "n1").httpStatus(HealthServer.Codes.parse("standbyok=1&uninitcode=503"))).isEqualTo(503);
  }

  @Test
  void healthFollowsTheSealLifecycleAndMetricsCountRequests() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    for (String id : cluster.configs.keySet()) {
      HttpResponse<String> r = get(id, "/v1/sys/health");
      assertThat(r.statusCode()).as("uninitialized %s", id).isEqualTo(501);
      assertThat(r.body()).contains("\"initialized\":false", "\"node_id\":\"" + id + "\"");
      assertThat(get(id, "/v1/sys/health?uninitcode=200").statusCode()).isEqualTo(200);
      assertThat(get(id, "/v1/sys/health?uninitcode=204").statusCode()).as("a code without a body").isEqualTo(204);
    }
    StrongroomClient anon = cluster.client(null);
    InitResult init = anon.sys().init(3, 2);
    String sealedNode = cluster.configs.keySet().iterator().next();
    await().atMost(Duration.ofSeconds(20)).until(() -> get(sealedNode, "/v1/sys/health").statusCode() == 503);
    assertThat(get(sealedNode, "/v1/sys/health?sealedcode=200").statusCode()).isEqualTo(200);
    assertThat(get(sealedNode, "/v1/sys/health?standbyok=true").statusCode()).as("standbyok does not make a sealed node healthy").isEqualTo(503);
    for (String id : cluster.configs.keySet()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> get(id, "/v1/sys/health").statusCode() == 503);
      for (int i = 0; i < 2; i++) {
        anon.sys().node(cluster.address(id)).unseal(init.shares().get(i));
      }
    }
    String leader = cluster.stableLeader();
    for (String id : cluster.configs.keySet()) {
      assertThat(get(id, "/v1/sys/health").statusCode()).as("unsealed %s", id).isEqualTo(id.equals(leader) ? 200 : 429);
      // Vault's query parameters: a load balancer probe that accepts standbys, or custom codes.
      assertThat(get(id, "/v1/sys/health?standbyok=true").statusCode()).as("standbyok on %s", id).isEqualTo(200);
      assertThat(get(id, "/v1/sys/health?standbyok=true&activecode=204").statusCode()).isEqualTo(204);
      assertThat(get(id, "/v1/sys/health?standbycode=473&activecode=201").statusCode()).isEqualTo(id.equals(leader) ? 201 : 473);
      assertThat(get(id, "/v1/sys/health?standbyok=false").statusCode()).isEqualTo(id.equals(leader) ? 200 : 429);
    }
    HttpResponse<String> bad = get(leader, "/v1/sys/health?standbycode=abc");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("bad value for standbycode: 'abc'");
    assertThat(get(leader, "/v1/sys/health?standbyok=maybe").statusCode()).isEqualTo(400);
    assertThat(get(leader, "/v1/sys/health?sealedcode=99").statusCode()).isEqualTo(400);

    cluster.client(init.rootToken()).kv().put("app/x", Map.of("k", "v"));
    // At rest every replica has applied what is committed, configuration entries included.
    for (String id : cluster.configs.keySet()) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(gauge(get(id, "/metrics").body(), "strongroom_raft_apply_lag")).as("apply lag on %s", id).isZero());
      String m = get(id, "/metrics").body();
      assertThat(gauge(m, "strongroom_raft_applied_index")).isEqualTo(gauge(m, "strongroom_raft_commit_index")).isPositive();
    }
    String metrics = get(leader, "/metrics").body();
    assertThat(metrics)
        .contains("strongroom_requests_seconds_count{op=\"kv_put\",outcome=\"OK\"}")
        .contains("strongroom_raft_applied_index", "strongroom_raft_commit_index", "strongroom_raft_apply_lag", "strongroom_raft_term")
        .contains("strongroom_sealed 0.0")
        .contains("strongroom_raft_leader 1.0");
    assertThat(get(leader, "/nope").statusCode()).isEqualTo(404);
  }
}
