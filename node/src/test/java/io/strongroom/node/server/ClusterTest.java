package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.InitResult;
import io.strongroom.client.SealedException;
import io.strongroom.client.Status;
import io.strongroom.client.StrongroomClient;
import io.strongroom.node.DiskScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real 3-node cluster in this JVM, driven through the client library over TCP. */
class ClusterTest {
  @TempDir Path dir;
  private LocalCluster cluster;

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

  /** Starts 3 nodes, initializes through one, unseals every node; returns the root token and shares. */
  private InitResult initAndUnseal() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    Status before = cluster.client(null).sys().status();
    assertThat(before.initialized()).isFalse();
    InitResult init = cluster.initAndUnsealAll(5, 3);
    assertThat(init.shares()).hasSize(5);
    assertThat(init.rootToken()).startsWith("sr.");
    return init;
  }

  @Test
  void writesAreReadableOnEveryNodeAndASealedNodeRefusesButReplicates() throws IOException {
    InitResult init = initAndUnseal();
    StrongroomClient client = cluster.client(init.rootToken());
    assertThat(client.kv().put("app/db", Map.of("password", "correct horse")).version()).isEqualTo(1);
    assertThat(client.kv().put("app/db", Map.of("password", "battery staple"), 1).version()).isEqualTo(2);
    for (String id : cluster.configs.keySet()) {
      StrongroomClient one = cluster.client(init.rootToken(), cluster.address(id));
      assertThat(one.kv().get("app/db")).as("read on %s", id).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("password", "battery staple"));
      assertThat(one.kv().get("app/db", 1)).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("password", "correct horse"));
    }

    String follower = cluster.configs.keySet().stream().filter(id -> !id.equals(cluster.leader().orElseThrow())).findFirst().orElseThrow();
    StrongroomClient onFollower = cluster.client(init.rootToken(), cluster.address(follower));
    onFollower.sys().seal();
    assertThatThrownBy(() -> onFollower.kv().get("app/db")).isInstanceOf(SealedException.class);
    long appliedBefore = onFollower.sys().status().appliedIndex();
    client.kv().put("app/while-sealed", Map.of("k", "v"));
    await().atMost(Duration.ofSeconds(20)).until(() -> onFollower.sys().status().appliedIndex() > appliedBefore);
    cluster.unseal(follower, init.shares());
    assertThat(onFollower.kv().get("app/while-sealed")).isPresent();
  }

  @Test
  void acknowledgedWritesSurviveLosingTheLeaderAndItsRestart() throws IOException {
    InitResult init = initAndUnseal();
    StrongroomClient client = cluster.client(init.rootToken());
    for (int i = 0; i < 20; i++) {
      client.kv().put("app/k" + i, Map.of("v", "before-" + i));
    }
    String leader = cluster.leader().orElseThrow();
    cluster.stop(leader);
    for (int i = 20; i < 40; i++) {
      client.kv().put("app/k" + i, Map.of("v", "after-" + i)); // the client fails over to the new leader
    }
    cluster.start(leader);
    StrongroomClient anon = cluster.client(null);
    assertThat(anon.sys().node(cluster.address(leader)).status().sealed()).as("a node always starts sealed").isTrue();
    cluster.unseal(leader, init.shares());
    StrongroomClient onRestarted = cluster.client(init.rootToken(), cluster.address(leader));
    for (int i = 0; i < 40; i++) {
      String expected = (i < 20 ? "before-" : "after-") + i;
      assertThat(onRestarted.kv().get("app/k" + i)).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", expected));
    }
  }

  @Test
  void staleReadsAreServedLocallyWithinTheirBoundAndRefusedBeyondIt() throws IOException {
    InitResult init = initAndUnseal();
    cluster.client(init.rootToken()).kv().put("app/x", Map.of("k", "v1"));
    String leader = cluster.leader().orElseThrow();
    String follower = cluster.configs.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    try (StrongroomClient one =
        StrongroomClient.builder()
            .addresses(cluster.address(follower))
            .token(init.rootToken().toCharArray())
            // A refusal waits up to AuditTrail.REFUSAL_WAIT (1 s) for its audit record first.
            .retryDeadline(Duration.ofSeconds(5))
            .maxAttempts(1)
            .build()) {
      var stale = one.kv().staleReads(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stale.get("app/x")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("k", "v1")));
      // The other follower first, then the leader: this node can never be elected (no majority),
      // so its last word from a leader only ages.
      for (String other : cluster.configs.keySet()) {
        if (!other.equals(follower) && !other.equals(leader)) {
          cluster.stop(other);
        }
      }
      cluster.stop(leader);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> stale.get("app/x"))
                      .isInstanceOf(io.strongroom.client.UnavailableException.class)
                      .hasMessageContaining("cannot serve a read within 5000 ms of staleness"));
    }
  }

  /** Invariant 1: the plaintext of a secret never reaches any file of any node. */
  @Test
  void noPlaintextSecretReachesAnyFile() throws IOException {
    InitResult init = initAndUnseal();
    StrongroomClient client = cluster.client(init.rootToken());
    String canary = "canary-7f3c9b1e-plaintext-must-never-hit-disk";
    for (int i = 0; i < 30; i++) {
      client.kv().put("app/canary" + i, Map.of("secret", canary));
    }
    client.kv().put("app/control", Map.of("x", "y"));
    cluster.close(); // flush and close every store: whatever is on disk is there now
    cluster = null;
    List<Path> files = DiskScan.files(dir);
    assertThat(files).as("the nodes wrote their log, state and snapshots").hasSizeGreaterThan(10);
    byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
    byte[] token = init.rootToken().getBytes(StandardCharsets.UTF_8);
    boolean pathSeen = false;
    for (Path f : files) {
      byte[] content = DiskScan.read(f);
      assertThat(DiskScan.contains(content, needle)).as("canary in %s", f).isFalse();
      assertThat(DiskScan.contains(content, token)).as("root token in %s", f).isFalse();
      for (String share : init.shares()) {
        assertThat(DiskScan.contains(content, share.getBytes(StandardCharsets.UTF_8))).as("a share in %s", f).isFalse();
      }
      pathSeen |= DiskScan.contains(content, "app/canary".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(pathSeen).as("the scan does find what is stored in the clear (paths), so it can see the files").isTrue();
  }

  /**
   * A rotation holds the seal's lock until its keyring commits, and the leader opens read values on
   * the thread that hands out every Raft answer, the rotation's included. Opening them there while
   * the rotation held the lock stalled that thread, so the rotation waited for its own answer until
   * it timed out, and every read in flight failed closed.
   */
  @Test
  void keyRotationsUnderReadLoadFailNeitherTheRotationNorAnyRead() throws Exception {
    InitResult init = initAndUnseal();
    StrongroomClient client = cluster.client(init.rootToken());
    int readers = 16;
    for (int i = 0; i < readers; i++) {
      client.kv().put("app/r" + i, Map.of("v", "value-" + i));
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(readers);
    try {
      for (int t = 0; t < readers; t++) {
        String path = "app/r" + t;
        String expected = "value-" + t;
        pool.execute(() -> {
          while (!stop.get()) {
            try {
              String v = client.kv().get(path).orElseThrow().data().get("v");
              if (!expected.equals(v)) {
                failures.add(new AssertionError(path + " read " + v));
              }
              reads.incrementAndGet();
            } catch (RuntimeException e) {
              failures.add(e);
            }
          }
        });
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > 200);
      for (int i = 0; i < 3; i++) {
        client.sys().rotate();
        long after = reads.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > after + 100);
      }
    } finally {
      stop.set(true);
      pool.shutdown();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(failures).as("reads that failed during the rotations").isEmpty();
    client.kv().put("app/after", Map.of("v", "sealed under the newest term"));
    assertThat(client.kv().get("app/after")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", "sealed under the newest term"));
  }
}
