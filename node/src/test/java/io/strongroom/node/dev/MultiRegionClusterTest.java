package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.RaftPeer;
import io.strongroom.client.StrongroomClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five real node processes in three simulated regions (2/2/1, {@link MultiRegionHarness}): the
 * delay is in effect, the primary region leads, losing the minority region keeps writes going, and
 * losing the leader's region moves the leadership and writes resume. Election timeouts of 1-2 s
 * (an override of the multi-region profile) keep it short; the measurements with the profile's own
 * timeouts are {@code MultiRegionBenchmarkTest} ({@code -Pmulti-region}).
 */
class MultiRegionClusterTest {
  @TempDir Path dir;
  private MultiRegionHarness mr;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);

  @AfterEach
  void stop() throws java.io.IOException {
    if (mr != null) {
      mr.close();
      // Keep the nodes' logs (INFO) for a look after the run: the data directory is deleted.
      Path logs = Path.of("target", "multi-region-cluster-test-logs");
      java.nio.file.Files.createDirectories(logs);
      for (String id : MultiRegionHarness.IDS) {
        java.nio.file.Files.copy(mr.dir.resolve(id).resolve("node.log"), logs.resolve(id + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  void losingTheMinorityRegionKeepsWritesGoingAndLosingTheLeadersRegionMovesTheLeadership() throws Exception {
    mr = MultiRegionHarness.start(dir,
        "profile: multi-region\ntimeouts: {election_min: 1s, election_max: 2s, request: 5s}\nprimary_region: us-east\n", "127.0.3", progress);
    try (StrongroomClient client = mr.client(Duration.ofSeconds(60))) {
      await("the primary region leads").atMost(Duration.ofSeconds(40)).until(() -> mr.leader().filter(List.of("n1", "n2")::contains).isPresent());
      List<RaftPeer> peers = client.sys().raftPeers().peers();
      assertThat(peers).extracting(RaftPeer::region).containsExactlyInAnyOrder("us-east", "us-east", "eu-west", "eu-west", "ap-south");
      assertThat(peers).extracting(RaftPeer::zone).contains("ap-south-1a");
      assertThat(client.sys().status().nodes()).extracting(n -> n.zone()).contains("eu-west-1b");

      // The delay is real: a commit needs a third voter, and the nearest is 40 ms away (80 ms there and back).
      long fastest = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        client.kv().put("app/k", Map.of("v", Integer.toString(i)));
        fastest = Math.min(fastest, System.nanoTime() - start);
      }
      assertThat(Duration.ofNanos(fastest)).as("a write committed by us-east + eu-west").isGreaterThanOrEqualTo(Duration.ofMillis(78));
      assertThat(mr.relayedBytes()).isPositive();

      // The minority region (ap-south, one voter) goes: 4 of 5 remain; writes carry on.
      mr.kill("n5");
      for (int i = 0; i < 3; i++) {
        client.kv().put("app/without-ap", Map.of("v", Integer.toString(i)));
      }
      mr.restartAndUnseal("n5", progress);

      // The leader's region (us-east, two voters) goes: 3 of 5 remain, in eu-west and ap-south.
      String oldLeader = mr.leader().orElseThrow();
      long lost = System.nanoTime();
      mr.kill("n1");
      mr.kill("n2");
      client.kv().put("app/after-us-east", Map.of("v", "1")); // retries until a new leader commits it
      Duration resumed = Duration.ofNanos(System.nanoTime() - lost);
      await().atMost(Duration.ofSeconds(20)).until(() -> mr.leader().filter(List.of("n3", "n4", "n5")::contains).isPresent());
      assertThat(client.kv().get("app/after-us-east")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", "1"));
      assertThat(client.kv().get("app/without-ap")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", "2"));
      System.out.printf("multi-region: leader %s lost with us-east; writes resumed after %d ms on %s%n", oldLeader, resumed.toMillis(), mr.leader().orElse("?"));
    } catch (AssertionError | RuntimeException e) {
      System.out.println(log.toString(StandardCharsets.UTF_8));
      throw e;
    }
  }
}
