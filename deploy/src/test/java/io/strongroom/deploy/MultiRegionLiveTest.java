package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs deploy/local/multi-region.sh for real: five node processes from node/target/strongroom.jar,
 * health on every node, status, then down, and every PID gone.
 *
 * <p>The jar must exist: the reactor builds node before deploy (root pom module order). Without it
 * this test fails, it does not skip: a deploy kit that was never started against the node proves
 * little. {@code -Dstrongroom.jar=FILE} points it at another build.
 */
class MultiRegionLiveTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
  private static final List<String> REGIONS = List.of("us-east", "us-east", "eu-west", "eu-west", "ap-south");
  private static final Duration SCRIPT_LIMIT = Duration.ofSeconds(150);

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void upStatusDown() throws IOException {
    // -Dstrongroom.jar=FILE runs the kit against another build of the node (default: this tree's).
    Path jar = Path.of(System.getProperty("strongroom.jar", DeployFiles.repoRoot().resolve("node/target/strongroom.jar").toString()));
    assertThat(Files.isRegularFile(jar))
        .as("%s is missing: build the node module first (mvn -B -pl node -am package -DskipTests, or run the whole reactor:"
            + " node comes before deploy)", jar)
        .isTrue();
    long started = System.nanoTime();
    Path state = DeployFiles.deployDir().resolve("target/multi-region-live");
    String script = DeployFiles.deploy("local/multi-region.sh").toString();
    int base = freeBlock();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STRONGROOM_MR_DIR", state.toString());
    env.put("STRONGROOM_JAR", jar.toString());
    env.put("BASE_PORT", Integer.toString(base));
    env.put("UP_TIMEOUT_SECONDS", "120");
    env.put("STOP_GRACE_SECONDS", "20");
    env.put("DELAY_PROXY", "off");

    // Whatever an earlier, interrupted run left is stopped and removed first.
    DeployFiles.Result leftover = DeployFiles.run(env, SCRIPT_LIMIT, script, "down", "--purge");
    assertThat(leftover.exitCode()).as(leftover.both()).isZero();

    List<Long> pids = new ArrayList<>();
    DeployFiles.Result down;
    try {
      DeployFiles.Result up = DeployFiles.run(env, SCRIPT_LIMIT, script, "up");
      for (String id : NODES) {
        Path pidFile = state.resolve(id).resolve("pid");
        if (Files.isRegularFile(pidFile)) {
          pids.add(Long.parseLong(Files.readString(pidFile).strip()));
        }
      }
      assertThat(up.exitCode()).as(up.both()).isZero();
      assertThat(pids).as("a PID per node").hasSize(5).allMatch(MultiRegionLiveTest::alive);

      // Every node answers on /v1/sys/health; a new cluster is uninitialized (501).
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      Map<String, Integer> codes = new LinkedHashMap<>();
      await("all 5 nodes answer on /v1/sys/health").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> {
            codes.clear();
            for (int i = 0; i < NODES.size(); i++) {
              Optional<Integer> code = healthCode(http, base + 21 + i);
              if (code.isEmpty()) {
                return false;
              }
              codes.put(NODES.get(i), code.get());
            }
            return true;
          });
      assertThat(codes.values()).as("health codes %s", codes).allMatch(c -> c == 501 || c == 503 || c == 429 || c == 200);

      // The probe the image uses: alive, not ready (not unsealed).
      String health = DeployFiles.deploy("container/strongroom-health").toString();
      String url = "http://127.0.0.1:" + (base + 21) + "/v1/sys/health";
      assertThat(DeployFiles.run(Map.of(), Duration.ofSeconds(30), health, "live", url).exitCode()).isZero();
      DeployFiles.Result ready = DeployFiles.run(Map.of(), Duration.ofSeconds(30), health, "ready", url);
      assertThat(ready.exitCode()).as(ready.both()).isEqualTo(1);
      assertThat(ready.stdout()).contains("501 uninitialized");
      DeployFiles.Result query = DeployFiles.run(Map.of(), Duration.ofSeconds(30), health, "active", url + "?standbyok=true&uninitcode=200");
      assertThat(query.exitCode()).as("the script sends a URL's query as given: %s", query.both()).isZero();

      // The Kubernetes probes' paths, asked of a real node: uninitialized is alive, and not ready.
      Map<String, String> probes = KubernetesManifestsTest.probePaths();
      for (String probe : List.of("startupProbe", "livenessProbe")) {
        assertThat(healthCode(http, base + 21, probes.get(probe))).as("%s %s on an uninitialized node", probe, probes.get(probe))
            .hasValueSatisfying(c -> assertThat(HealthEndpointRules.kubeletSuccess(c)).as("answered %d", c).isTrue());
      }
      assertThat(healthCode(http, base + 21, probes.get("readinessProbe"))).as("readinessProbe %s on an uninitialized node", probes.get("readinessProbe"))
          .contains(501);

      DeployFiles.Result status = DeployFiles.run(env, SCRIPT_LIMIT, script, "status");
      assertThat(status.exitCode()).as(status.both()).isZero();
      List<String> rows = status.stdout().lines().toList();
      for (int i = 0; i < NODES.size(); i++) {
        String prefix = NODES.get(i) + " ";
        String region = REGIONS.get(i);
        assertThat(rows).as("a status row for %s in %s", NODES.get(i), region)
            .anyMatch(l -> l.startsWith(prefix) && l.contains(" " + region + " ") && l.contains("running") && l.contains("uninitialized"));
      }
      assertThat(status.stdout()).contains("LAG").contains("The cluster's view (strongroom status)").contains("initialized");
      assertThat(status.stdout().lines().filter(l -> l.matches("n[1-5] .*(leader|follower).*"))).as("roles from /metrics").hasSize(5);
    } finally {
      down = DeployFiles.run(env, SCRIPT_LIMIT, script, "down");
    }
    assertThat(down.exitCode()).as(down.both()).isZero();
    await("every node process is gone").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
        .until(() -> pids.stream().noneMatch(MultiRegionLiveTest::alive));
    for (String id : NODES) {
      assertThat(state.resolve(id).resolve("pid")).as("%s pid file removed", id).doesNotExist();
      assertThat(down.stdout()).contains("stopped " + id);
    }
    DeployFiles.Result purge = DeployFiles.run(env, SCRIPT_LIMIT, script, "down", "--purge");
    assertThat(purge.exitCode()).as(purge.both()).isZero();
    assertThat(state).doesNotExist();
    System.out.printf("multi-region up/status/down took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Optional<Integer> healthCode(HttpClient http, int port) {
    return healthCode(http, port, "/v1/sys/health");
  }

  private static Optional<Integer> healthCode(HttpClient http, int port, String pathAndQuery) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
          .timeout(Duration.ofSeconds(2)).GET().build();
      return Optional.of(http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A base port whose block BASE+1..BASE+25 is free on 127.0.0.1, in 20000-32767 (below the ephemeral range). */
  private static int freeBlock() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(1_270) * 10;
      if (blockFree(base)) {
        return base;
      }
    }
    throw new AssertionError("no free block of 25 ports in 20000-32767 on 127.0.0.1");
  }

  private static boolean blockFree(int base) {
    for (int port = base + 1; port <= base + 25; port++) {
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        s.setReuseAddress(true);
      } catch (IOException inUse) {
        return false;
      }
    }
    return true;
  }
}
