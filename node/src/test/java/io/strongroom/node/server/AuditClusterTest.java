package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.audit.AuditJson;
import io.strongroom.audit.AuditPublicKey;
import io.strongroom.audit.AuditVerifier;
import io.strongroom.audit.ProofResult;
import io.strongroom.audit.VerificationResult;
import io.strongroom.client.AuditFailedException;
import io.strongroom.client.AuditHead;
import io.strongroom.client.CasMismatchException;
import io.strongroom.client.InitResult;
import io.strongroom.client.PermissionDeniedException;
import io.strongroom.client.StrongroomClient;
import io.strongroom.node.config.NodeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log end to end on a real 3-node cluster: every answered request leaves exactly one
 * entry, committed before the answer; the export verifies offline under the cluster's public key;
 * no entry carries a secret or a token; replicas agree on the head after a leader is killed and
 * restarted; and a node that cannot commit its record refuses to answer.
 */
class AuditClusterTest {
  private static final String CANARY = "canary-audit-5ecret-value-77";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LocalCluster cluster;

  @BeforeAll
  static void setUp() {
    ExitUtils.disableSystemExit();
    System.setProperty("strongroom.audit.checkpointEveryEntries", "10");
    System.setProperty("strongroom.audit.checkpointEveryMs", "500");
  }

  @AfterAll
  static void tearDown() {
    System.clearProperty("strongroom.audit.checkpointEveryEntries");
    System.clearProperty("strongroom.audit.checkpointEveryMs");
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<JsonNode> lines(byte[] export) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : new String(export, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static byte[] export(StrongroomClient client) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    client.sys().auditExport(1, 0, out, last -> {});
    return out.toByteArray();
  }

  @Test
  void everyAnsweredRequestIsAuditedOnceAndTheExportVerifies() throws Exception {
    cluster = new LocalCluster(dir, 3).startAll();
    InitResult init = cluster.initAndUnsealAll(3, 2);
    StrongroomClient root = cluster.client(init.rootToken());
    for (int i = 0; i < 12; i++) {
      root.kv().put("app/db", Map.of("password", CANARY + i));
    }
    for (int i = 0; i < 7; i++) {
      assertThat(root.kv().get("app/db")).isPresent();
    }
    assertThatThrownBy(() -> root.kv().put("app/db", Map.of("password", "x"), 1)).isInstanceOf(CasMismatchException.class);
    StrongroomClient stranger = cluster.client("sr.not-a-real-token");
    assertThatThrownBy(() -> stranger.kv().get("app/db")).isInstanceOf(PermissionDeniedException.class);

    String publicKey = root.sys().auditPublicKey();
    String pathHmac = root.sys().auditHash("app/db");
    await().atMost(Duration.ofSeconds(20)).until(() -> lines(export(root)).stream().anyMatch(n -> n.get("type").asText().equals("checkpoint")));
    byte[] exported = export(root);
    List<JsonNode> lines = lines(exported);

    // exactly the operations we made, each once, with the outcome it was answered with
    Map<String, Integer> byOpAndOutcome = new HashMap<>();
    for (JsonNode n : lines) {
      if (n.get("type").asText().equals("entry")) {
        byOpAndOutcome.merge(n.get("op").asText() + " " + n.get("outcome").asText(), 1, Integer::sum);
      }
    }
    assertThat(byOpAndOutcome).containsEntry("kv.put ok", 12).containsEntry("kv.get ok", 7)
        .containsEntry("kv.put CAS_MISMATCH", 1).containsEntry("kv.get PERMISSION_DENIED", 1)
        .containsEntry("sys.init ok", 1);
    assertThat(byOpAndOutcome.get("sys.unseal ok")).isEqualTo(3 * 2); // k shares on each of 3 nodes
    Set<String> requestIds = new HashSet<>();
    for (JsonNode n : lines) {
      if (n.get("type").asText().equals("entry") && n.get("op").asText().startsWith("kv.")) {
        assertThat(requestIds.add(n.get("request_id").asText())).as("one entry per request").isTrue();
        assertThat(n.get("path_hmac").asText()).isEqualTo(pathHmac);
      }
    }

    // never a secret, a share or a token
    String text = new String(exported, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(CANARY).doesNotContain(init.rootToken()).doesNotContain("app/db");
    init.shares().forEach(s -> assertThat(text).doesNotContain(s));

    // verifies offline under the public key
    VerificationResult r = AuditVerifier.forKeys(AuditPublicKey.parse(publicKey)).verify(new ByteArrayInputStream(exported));
    assertThat(r).isInstanceOf(VerificationResult.Valid.class);
    assertThat(((VerificationResult.Valid) r).treeRootsChecked()).isTrue();

    // an inclusion proof for an entry checks out against the latest checkpoint
    String proof = root.sys().auditProve(3);
    assertThat(AuditVerifier.forKeys(AuditPublicKey.parse(publicKey)).verifyInclusion(proof)).isInstanceOf(ProofResult.InclusionProven.class);

    // a changed entry is caught
    String tampered = text.replaceFirst("\"outcome\":\"CAS_MISMATCH\"", "\"outcome\":\"ok\"");
    assertThat(AuditVerifier.forKeys(AuditPublicKey.parse(publicKey)).verify(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(VerificationResult.Invalid.class);
    assertThat(AuditJson.parseCheckpoint(lines.stream().filter(n -> n.get("type").asText().equals("checkpoint")).findFirst().orElseThrow().toString()).seq()).isPositive();
  }

  @Test
  void replicasAgreeOnTheHeadAfterALeaderIsKilledAndRestarted() throws Exception {
    cluster = new LocalCluster(dir, 3).startAll();
    InitResult init = cluster.initAndUnsealAll(3, 2);
    StrongroomClient root = cluster.client(init.rootToken());
    root.kv().put("app/a", Map.of("k", "v1"));
    String leader = cluster.leader().orElseThrow();
    cluster.stop(leader);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> root.kv().put("app/a", Map.of("k", "v2")));
    cluster.start(leader);
    cluster.unseal(leader, init.shares());
    root.kv().put("app/a", Map.of("k", "v3"));

    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      Set<String> heads = new HashSet<>();
      for (String id : cluster.running.keySet()) {
        AuditHead h = root.sys().node(cluster.address(id)).auditHead();
        heads.add(h.seq() + " " + h.hash() + " " + h.treeRoot());
      }
      assertThat(heads).hasSize(1);
    });
  }

  @Test
  void aNodeThatCannotCommitItsAuditRecordAnswersNothing() throws Exception {
    // A leader steps down an election timeout after it loses its majority, and then refuses stale
    // reads before they reach the audit step. The read below must arrive before that, after two
    // nodes have shut down (seconds on a loaded CI machine; the LAN profile's 1-2 s once lost the
    // race): election timeouts of 6-8 s leave room, and the 3 s request timeout still fails the
    // audit record first.
    cluster = new LocalCluster(dir, 3)
        .timeouts(new NodeConfig.Timeouts(Duration.ofSeconds(6), Duration.ofSeconds(8), NodeConfig.Profile.LAN.timeouts().request()))
        .startAll();
    InitResult init = cluster.initAndUnsealAll(3, 2);
    StrongroomClient root = cluster.client(init.rootToken());
    root.kv().put("app/a", Map.of("k", CANARY));
    // The settled leader: right after unsealing, leadership may still be moving to an unsealed
    // node, and a survivor that is not the leader has no recent leader to vouch for its staleness.
    String survivor = cluster.stableLeader();
    // Connected and served once before the others stop.
    StrongroomClient one = cluster.client(init.rootToken(), cluster.address(survivor));
    assertThat(one.kv().staleReads(Duration.ofHours(1)).get("app/a")).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("k", CANARY));
    for (String id : List.copyOf(cluster.running.keySet())) {
      if (!id.equals(survivor)) {
        cluster.stop(id);
      }
    }
    // a stale read would be served from local state, but its audit record cannot commit: no data leaves
    assertThatThrownBy(() -> one.kv().staleReads(Duration.ofHours(1)).get("app/a"))
        .isInstanceOf(AuditFailedException.class)
        .hasMessageContaining("failed closed")
        .hasMessageNotContaining(CANARY);
  }
}
