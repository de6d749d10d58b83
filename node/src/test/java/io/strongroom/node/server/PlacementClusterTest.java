package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.AuditFailedException;
import io.strongroom.client.InitResult;
import io.strongroom.client.NodeStatus;
import io.strongroom.client.RaftMembership;
import io.strongroom.client.RaftPeer;
import io.strongroom.client.SealedException;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.UnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the leadership sits (the primary region's unsealed voters, never a sealed node) and read
 * replicas (Raft listeners), on real 3-node clusters in this JVM: n1 and n2 in region us, n3 in eu.
 */
class PlacementClusterTest {
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

  private static int priority(RaftMembership m, String id) {
    return m.peers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().priority();
  }

  @Test
  void theLeadershipGoesToThePrimaryRegionAndComesBackOnceItsRestartedNodeIsUnsealed() throws IOException {
    cluster = new LocalCluster(dir, 3).primaryRegion("eu").startAll();
    InitResult init = cluster.initAndUnsealAll(5, 3);
    StrongroomClient root = cluster.client(init.rootToken());
    await("n3, the primary region's only voter, leads").atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().equals(Optional.of("n3")));
    RaftMembership m = root.sys().raftPeers();
    assertThat(m.peers()).extracting(RaftPeer::id, RaftPeer::zone, RaftPeer::priority)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("n1", "us-a", 0), org.assertj.core.groups.Tuple.tuple("n2", "us-b", 0),
            org.assertj.core.groups.Tuple.tuple("n3", "eu-c", 1));
    root.kv().put("app/a", Map.of("k", "1"));

    // The primary node dies: another region leads, writes go on, and n3's priority drops.
    cluster.stop("n3");
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().filter(l -> !l.equals("n3")).isPresent());
    root.kv().put("app/a", Map.of("k", "2"));
    await("n3's priority drops while it is away").atMost(Duration.ofSeconds(20)).ignoreExceptions()
        .until(() -> priority(root.sys().raftPeers(), "n3") == 0);

    // Back, but sealed: it must not take the leadership (a sealed leader refuses every write).
    cluster.start("n3");
    StrongroomClient anon = cluster.client(null);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> anon.sys().node(cluster.address("n3")).status().sealed());
    await("n3 has caught up").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> anon.sys().node(cluster.address("n3")).status().appliedIndex() >= anon.sys().status().commitIndex() - 2);
    await("a sealed n3 stays a follower").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
        .until(() -> cluster.leader().filter(l -> !l.equals("n3")).isPresent());
    root.kv().put("app/a", Map.of("k", "3"));
    assertThat(priority(root.sys().raftPeers(), "n3")).isZero();

    // Unsealed: priority 1 again, and the leader hands over to it.
    cluster.unseal("n3", init.shares());
    await("the leadership returns to the primary region").atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().equals(Optional.of("n3")));
    assertThat(priority(root.sys().raftPeers(), "n3")).isEqualTo(1);
    assertThat(root.kv().put("app/a", Map.of("k", "4")).version()).isEqualTo(4);
  }

  @Test
  void aSealedLeaderHandsTheLeadershipToAnUnsealedVoter() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    InitResult init = cluster.initAndUnsealAll(3, 2);
    StrongroomClient root = cluster.client(init.rootToken());
    String leader = cluster.leader().orElseThrow();
    root.sys().node(cluster.address(leader)).seal();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().filter(l -> !l.equals(leader)).isPresent());
    assertThat(root.kv().put("app/after-seal", Map.of("k", "v")).version()).isEqualTo(1);
  }

  @Test
  void aListenerServesStaleReadsNeverCountsTowardTheQuorumAndFailsClosedWithoutOne() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    InitResult init = cluster.initAndUnsealAll(3, 2);
    StrongroomClient root = cluster.client(init.rootToken());
    root.kv().put("app/x", Map.of("k", "before"));

    // A read replica joins (join: true) and is added as a listener.
    cluster.join("n4", "ap");
    RaftMembership m = root.sys().raftAddPeer("n4", cluster.configs.get("n4").raftAddress().toString(), cluster.address("n4"), "ap", "ap-1", true);
    assertThat(m.peers()).filteredOn(p -> p.id().equals("n4")).singleElement().satisfies(p -> {
      assertThat(p.role()).isEqualTo("LISTENER");
      assertThat(p.voter()).isFalse();
      assertThat(p.zone()).isEqualTo("ap-1");
      assertThat(p.region()).isEqualTo("ap");
    });
    assertThat(root.sys().raftAddPeer("n4", cluster.configs.get("n4").raftAddress().toString(), cluster.address("n4"), "ap", "ap-1", true).peers())
        .as("adding it again changes nothing").hasSize(4);

    // Sealed like any new node: it replicates but serves no data until unsealed.
    StrongroomClient onN4 = cluster.client(init.rootToken(), cluster.address("n4"));
    var stale = onN4.kv().staleReads(Duration.ofSeconds(5));
    assertThatThrownBy(() -> stale.get("app/x")).isInstanceOf(SealedException.class);
    cluster.unseal("n4", init.shares());
    assertThat(stale.get("app/x")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("k", "before"));
    assertThat(onN4.kv().get("app/x")).as("a linearizable read on a listener (read index from the leader)").isPresent();
    assertThat(onN4.sys().status().nodes()).filteredOn(n -> n.id().equals("n4")).extracting(NodeStatus::role).containsExactly("LISTENER");

    // Two of three voters gone: a voter and the listener are up, and that is no quorum.
    String survivor = cluster.leader().orElseThrow();
    for (String id : List.of("n1", "n2", "n3")) {
      if (!id.equals(survivor)) {
        cluster.stop(id);
      }
    }
    try (StrongroomClient impatient = io.strongroom.client.StrongroomClient.builder()
        .addresses(cluster.address(survivor), cluster.address("n4")).token(init.rootToken().toCharArray())
        .retryDeadline(Duration.ofSeconds(8)).build()) {
      assertThatThrownBy(() -> impatient.kv().put("app/x", Map.of("k", "lost"))).isInstanceOf(UnavailableException.class);
    }
    assertThat(onN4.sys().status().nodes()).filteredOn(n -> n.id().equals("n4")).extracting(NodeStatus::role)
        .as("the listener never stands for election").containsExactly("LISTENER");
    // Its data is there, but every answer's audit record must commit first: without a quorum the
    // stale read fails closed and returns nothing (invariant 5).
    try (StrongroomClient once = io.strongroom.client.StrongroomClient.builder()
        .addresses(cluster.address("n4")).token(init.rootToken().toCharArray()).maxAttempts(1).retryDeadline(Duration.ofSeconds(10)).build()) {
      assertThatThrownBy(() -> once.kv().staleReads(Duration.ofSeconds(5)).get("app/x"))
          .isInstanceOfAny(AuditFailedException.class, UnavailableException.class)
          .hasMessageNotContaining("before");
    }

    // A voter returns: a quorum again, writes resume and the listener serves them.
    String back = List.of("n1", "n2", "n3").stream().filter(id -> !id.equals(survivor)).findFirst().orElseThrow();
    cluster.start(back);
    await("a leader again").atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    cluster.unseal(back, init.shares());
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> root.kv().put("app/x", Map.of("k", "after")).version() >= 2);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .untilAsserted(() -> assertThat(stale.get("app/x")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("k", "after")));

    assertThat(root.sys().raftRemovePeer("n4").peers()).extracting(RaftPeer::id).doesNotContain("n4");
  }
}
