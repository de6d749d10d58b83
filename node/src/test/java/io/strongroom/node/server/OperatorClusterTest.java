package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.EncodedRootToken;
import io.strongroom.client.GenerateRootProgress;
import io.strongroom.client.GenerateRootResult;
import io.strongroom.client.InitResult;
import io.strongroom.client.InvalidArgumentException;
import io.strongroom.client.NodeStatus;
import io.strongroom.client.RaftMembership;
import io.strongroom.client.RaftPeer;
import io.strongroom.client.RekeyProgress;
import io.strongroom.client.RekeyResult;
import io.strongroom.client.RekeyShares;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.Sys;
import io.strongroom.unseal.RootTokens;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * The operator operations end to end on a real 3-node cluster in this JVM, through the client
 * library over TCP: rekey, generate-root, and Raft administration (list, transfer, snapshot, add a
 * fourth node that catches up, remove it).
 */
class OperatorClusterTest {
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

  private InitResult initAndUnseal() throws IOException {
    cluster = new LocalCluster(dir, 3).startAll();
    return cluster.initAndUnsealAll(5, 3);
  }

  private String aFollower() {
    String leader = cluster.leader().orElseThrow();
    return cluster.running.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
  }

  @Test
  void rekeyWithVerificationThenGenerateRootWithTheNewShares() throws IOException {
    InitResult init = initAndUnseal();
    StrongroomClient root = cluster.client(init.rootToken());
    root.kv().put("app/db", Map.of("password", "before the rekey"));
    StrongroomClient anon = cluster.client(null);
    String ceremonyNode = cluster.leader().orElseThrow();
    Sys ceremony = anon.sys().node(cluster.address(ceremonyNode));

    // Start, look, cancel: nothing changes.
    RekeyProgress cancelled = ceremony.rekeyStart(3, 2, List.of(), true);
    assertThat(ceremony.rekeyStatus()).isEqualTo(cancelled);
    ceremony.rekeyCancel();
    assertThat(ceremony.rekeyStatus().inProgress()).isFalse();

    RekeyProgress started = ceremony.rekeyStart(3, 2, List.of(), true);
    assertThat(started).isEqualTo(new RekeyProgress(true, started.nonce(), "AUTHORIZE", 3, 5, 0, 3, 2, true));
    assertThat(started.nonce()).isNotEqualTo(cancelled.nonce());
    assertThatThrownBy(() -> ceremony.rekeySubmit(cancelled.nonce(), init.shares().get(0)))
        .as("the cancelled rekey's nonce").isInstanceOf(InvalidArgumentException.class);
    RekeyResult step = null;
    for (int i = 0; i < 3; i++) {
      step = ceremony.rekeySubmit(started.nonce(), init.shares().get(i));
      if (i < 2) {
        assertThat(((RekeyProgress) step).progress()).isEqualTo(i + 1);
      }
    }
    RekeyShares issued = (RekeyShares) step;
    assertThat(issued.shares()).hasSize(3);
    assertThat(issued.verificationPending()).isTrue();
    assertThat(issued.verificationNonce()).isNotEmpty();
    // Not in effect yet: the old shares still govern every node.
    assertThat(anon.sys().node(cluster.address(aFollower())).status().sealed()).isFalse();

    RekeyResult verifying = ceremony.rekeyVerify(issued.verificationNonce(), issued.shares().get(2));
    assertThat(verifying).isInstanceOf(RekeyProgress.class);
    assertThat(((RekeyProgress) verifying).phase()).isEqualTo("VERIFY");
    RekeyShares rekeyed = (RekeyShares) ceremony.rekeyVerify(issued.verificationNonce(), issued.shares().get(0));
    assertThat(rekeyed.verificationPending()).isFalse();
    assertThat(rekeyed.shares()).isEmpty();
    assertThat(rekeyed.keySetId()).isEqualTo(issued.keySetId());

    // Every other node learns of the new root key through the log and seals itself.
    String other = cluster.configs.keySet().stream().filter(id -> !id.equals(ceremonyNode)).findFirst().orElseThrow();
    Sys otherNode = anon.sys().node(cluster.address(other));
    await().atMost(Duration.ofSeconds(20)).until(() -> otherNode.status().sealed());
    assertThat(otherNode.status().threshold()).isEqualTo(2);
    assertThat(otherNode.status().shares()).isEqualTo(3);
    assertThatThrownBy(() -> otherNode.unseal(init.shares().get(0)))
        .as("an old share on a resealed node").isInstanceOf(InvalidArgumentException.class);
    cluster.unseal(other, issued.shares());
    StrongroomClient onOther = cluster.client(init.rootToken(), cluster.address(other));
    assertThat(onOther.kv().get("app/db")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("password", "before the rekey"));

    // Generate-root with the new shares: the token leaves the node only XORed with the pad.
    String otp = RootTokens.newOtp(new SecureRandom());
    GenerateRootProgress g = ceremony.generateRootStart(otp);
    assertThat(g).isEqualTo(new GenerateRootProgress(true, g.nonce(), 2, 3, 0));
    assertThat(ceremony.generateRootStatus()).isEqualTo(g);
    GenerateRootResult first = ceremony.generateRootSubmit(g.nonce(), issued.shares().get(1));
    assertThat(first).isEqualTo(new GenerateRootProgress(true, g.nonce(), 2, 3, 1));
    EncodedRootToken encoded = (EncodedRootToken) ceremony.generateRootSubmit(g.nonce(), issued.shares().get(2));
    assertThat(encoded.protection()).isEqualTo("otp");
    assertThat(ceremony.generateRootStatus().inProgress()).isFalse();
    String token = RootTokens.decodeOtp(encoded.encodedToken(), otp);
    assertThat(token).startsWith(RootTokens.PREFIX).isNotEqualTo(init.rootToken());
    assertThat(encoded.encodedToken()).doesNotContain(token);

    StrongroomClient withNewToken = cluster.client(token);
    assertThat(withNewToken.kv().put("app/by-new-root", Map.of("k", "v")).version()).isEqualTo(1);
    // The new token hash reached the other node with the seal record.
    StrongroomClient newTokenOnOther = cluster.client(token, cluster.address(other));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(newTokenOnOther.kv().get("app/by-new-root")).isPresent());
  }

  @Test
  void raftAdministrationListTransferSnapshotAddAndRemove() throws IOException {
    InitResult init = initAndUnseal();
    StrongroomClient root = cluster.client(init.rootToken());
    StrongroomClient anon = cluster.client(null);

    RaftMembership m = root.sys().raftPeers();
    assertThat(m.peers()).extracting(RaftPeer::id).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThat(m.peers()).allMatch(RaftPeer::voter);
    String leader = cluster.leader().orElseThrow();
    assertThat(m.leader()).contains(leader);
    for (RaftPeer p : m.peers()) {
      assertThat(p.clientAddress()).isEqualTo(cluster.address(p.id()));
      assertThat(p.raftAddress()).isEqualTo(cluster.configs.get(p.id()).raftAddress().toString());
      assertThat(p.region()).isEqualTo(p.id().equals("n3") ? "eu" : "us");
      assertThat(p.role()).isEqualTo(p.id().equals(leader) ? "LEADER" : "FOLLOWER");
    }
    assertThatThrownBy(() -> anon.sys().raftPeers()).as("no token").isInstanceOf(io.strongroom.client.PermissionDeniedException.class);

    for (int i = 0; i < 10; i++) {
      root.kv().put("app/k" + i, Map.of("v", "before-join-" + i));
    }
    assertThat(root.sys().raftSnapshot()).isGreaterThan(0);

    String target = aFollower();
    root.sys().raftTransferLeadership(target);
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.leader().equals(Optional.of(target)));
    assertThatThrownBy(() -> root.sys().raftTransferLeadership("n9")).isInstanceOf(InvalidArgumentException.class);

    // A fourth node starts empty (join: true), is added, catches up, and serves after unsealing.
    cluster.join("n4", "ap");
    RaftMembership withN4 = root.sys().raftAddPeer("n4", cluster.configs.get("n4").raftAddress().toString(), cluster.address("n4"), "ap");
    assertThat(withN4.peers()).extracting(RaftPeer::id).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
    assertThat(withN4.peers()).filteredOn(p -> p.id().equals("n4")).singleElement()
        .satisfies(p -> {
          assertThat(p.clientAddress()).isEqualTo(cluster.address("n4"));
          assertThat(p.region()).isEqualTo("ap");
          assertThat(p.voter()).isTrue();
        });
    assertThat(anon.sys().node(cluster.address("n4")).status().sealed()).as("every node starts sealed").isTrue();
    cluster.unseal("n4", init.shares());
    StrongroomClient onN4 = cluster.client(init.rootToken(), cluster.address("n4"));
    for (int i = 0; i < 10; i++) {
      String expected = "before-join-" + i;
      assertThat(onN4.kv().get("app/k" + i)).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", expected));
    }
    // The joined node knows every member's client address from the replicated address book.
    assertThat(onN4.sys().status().nodes()).extracting(NodeStatus::id).containsExactlyInAnyOrder("n1", "n2", "n3", "n4");
    assertThat(onN4.sys().status().nodes()).allSatisfy(n -> assertThat(n.address()).isEqualTo(cluster.address(n.id())));

    RaftMembership without = root.sys().raftRemovePeer("n4");
    assertThat(without.peers()).extracting(RaftPeer::id).containsExactlyInAnyOrder("n1", "n2", "n3");
    cluster.stop("n4");
    assertThat(root.kv().put("app/after-remove", Map.of("v", "1")).version()).isEqualTo(1);
    assertThat(root.sys().raftPeers().peers()).extracting(RaftPeer::id).containsExactlyInAnyOrder("n1", "n2", "n3");
    assertThatThrownBy(() -> root.sys().raftRemovePeer("n9")).isInstanceOf(io.strongroom.client.NotFoundException.class);
  }
}
