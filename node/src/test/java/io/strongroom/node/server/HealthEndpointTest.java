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

  @Test
  void healthFollowsTheSealLifecycleAndMetricsCountRequests() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    for (String id : cluster.configs.keySet()) {
      HttpResponse<String> r = get(id, "/v1/sys/health");
      assertThat(r.statusCode()).as("uninitialized %s", id).isEqualTo(501);
      assertThat(r.body()).contains("\"initialized\":false", "\"node_id\":\"" + id + "\"");
    }
    StrongroomClient anon = cluster.client(null);
    InitResult init = anon.sys().init(3, 2);
    for (String id : cluster.configs.keySet()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> get(id, "/v1/sys/health").statusCode() == 503);
      for (int i = 0; i < 2; i++) {
        anon.sys().node(cluster.address(id)).unseal(init.shares().get(i));
      }
    }
    String leader = cluster.leader().orElseThrow();
    for (String id : cluster.configs.keySet()) {
      assertThat(get(id, "/v1/sys/health").statusCode()).as("unsealed %s", id).isEqualTo(id.equals(leader) ? 200 : 429);
    }

    cluster.client(init.rootToken()).kv().put("app/x", Map.of("k", "v"));
    String metrics = get(leader, "/metrics").body();
    assertThat(metrics)
        .contains("strongroom_requests_seconds_count{op=\"kv_put\",outcome=\"OK\"}")
        .contains("strongroom_raft_applied_index", "strongroom_raft_commit_index", "strongroom_raft_apply_lag", "strongroom_raft_term")
        .contains("strongroom_sealed 0.0")
        .contains("strongroom_raft_leader 1.0");
    assertThat(get(leader, "/nope").statusCode()).isEqualTo(404);
  }
}
