package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.InitResult;
import io.strongroom.protocol.v1.NodeStatus;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Request.OpCase;
import io.strongroom.protocol.v1.Response;
import io.strongroom.protocol.v1.Status;
import io.strongroom.protocol.v1.UnsealProgress;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code strongroom status} and the online operator ceremonies against a scripted node. */
class OperatorCommandTest {
  static final String SHARE = "srs1-THIS-IS-A-SECRET-SHARE-TEXT";
  static final String ROOT = "sr.ROOT-TOKEN-SECRET";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedNode node;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    node = ScriptedNode.start();
    cli = new CliRunner().env("STRONGROOM_ADDR", node.address());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static Response status() {
    return Response.newBuilder().setStatus(Status.newBuilder()
        .setInitialized(true).setSealed(false).setNodeId("n1").setLeader("n2")
        .addNodes(NodeStatus.newBuilder().setId("n1").setAddress("10.0.0.1:7200").setRegion("eu-west").setRole("FOLLOWER"))
        .addNodes(NodeStatus.newBuilder().setId("n2").setAddress("10.0.0.2:7200").setRegion("us-east").setZone("us-east-1b").setRole("LEADER"))
        .setThreshold(3).setShares(5).setCommitIndex(42).setAppliedIndex(41).setVersion("0.1.0")).build();
  }

  static Response progress(boolean sealed, int progress) {
    return Response.newBuilder().setUnseal(UnsealProgress.newBuilder()
        .setSealed(sealed).setThreshold(3).setShares(5).setProgress(progress).setNonce("nonce-1")).build();
  }

  @Test
  void statusJsonHasTheFieldsScriptsNeed() throws IOException {
    node.answer(OpCase.STATUS, status());
    CliRunner.Result r = cli.run("status", "--format", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("initialized").asBoolean()).isTrue();
    assertThat(j.get("sealed").asBoolean()).isFalse();
    assertThat(j.get("leader").asText()).isEqualTo("n2");
    assertThat(j.get("nodes")).hasSize(2);
    JsonNode n2 = j.get("nodes").get(1);
    assertThat(n2.get("id").asText()).isEqualTo("n2");
    assertThat(n2.get("address").asText()).isEqualTo("10.0.0.2:7200");
    assertThat(n2.get("region").asText()).isEqualTo("us-east");
    assertThat(n2.get("role").asText()).isEqualTo("LEADER");
    assertThat(n2.get("zone").asText()).isEqualTo("us-east-1b");
    assertThat(j.get("nodes").get(0).get("zone").asText()).isEmpty();
    assertThat(j.get("threshold").asInt()).isEqualTo(3);
    assertThat(j.get("commit_index").asLong()).isEqualTo(42);
  }

  @Test
  void statusTableShowsStateAndMembers() {
    node.answer(OpCase.STATUS, status());
    CliRunner.Result r = cli.run("status");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("initialized\\s+true").containsPattern("sealed\\s+false").containsPattern("leader\\s+n2")
        .containsPattern("Node\\s+Address\\s+Region\\s+Zone\\s+Role")
        .containsPattern("n1\\s+10.0.0.1:7200\\s+eu-west\\s+n/a\\s+FOLLOWER")
        .containsPattern("n2\\s+10.0.0.2:7200\\s+us-east\\s+us-east-1b\\s+LEADER");
  }

  @Test
  void statusOfOneNodeNeedsNoOtherAddress() {
    node.answer(OpCase.STATUS, status());
    CliRunner.Result r = new CliRunner().run("status", "--node", node.address());
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @Test
  void uninitializedIsReportedWithItsCode() {
    node.answer(OpCase.STATUS, ScriptedNode.error(ErrorCode.UNINITIALIZED, "the cluster is not initialized"));
    CliRunner.Result r = cli.run("status");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: UNINITIALIZED: the cluster is not initialized");
  }

  @Test
  void initJsonPrintsSharesAndRootToken() throws IOException {
    node.answer(OpCase.INIT, Response.newBuilder().setInit(InitResult.newBuilder()
        .addAllShares(List.of("srs1-a", "srs1-b", "srs1-c")).setRootToken(ROOT)).build());
    CliRunner.Result r = cli.run("operator", "init", "--key-shares", "3", "--key-threshold", "2", "--format", "json");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.INIT);
    assertThat(req.getInit().getShares()).isEqualTo(3);
    assertThat(req.getInit().getThreshold()).isEqualTo(2);
    assertThat(req.getInit().getHolderPublicKeysList()).isEmpty();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("shares").toString()).isEqualTo("[\"srs1-a\",\"srs1-b\",\"srs1-c\"]");
    assertThat(j.get("root_token").asText()).isEqualTo(ROOT);
    assertThat(j.get("key_threshold").asInt()).isEqualTo(2);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void initTablePrintsEachShareAndTheToken() {
    node.answer(OpCase.INIT, Response.newBuilder().setInit(InitResult.newBuilder()
        .addAllShares(List.of("srs1-a", "srs1-b")).setRootToken(ROOT)).build());
    CliRunner.Result r = cli.run("operator", "init", "--key-shares", "2", "--key-threshold", "2");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Unseal share 1: srs1-a", "Unseal share 2: srs1-b", "Root token: " + ROOT, "only time");
  }

  @Test
  void initRejectsAThresholdAboveTheShares() {
    CliRunner.Result r = cli.run("operator", "init", "--key-shares", "2", "--key-threshold", "3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--key-threshold must be in 1..2");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void alreadyInitialized() {
    node.answer(OpCase.INIT, ScriptedNode.error(ErrorCode.ALREADY_INITIALIZED, "the cluster is already initialized"));
    CliRunner.Result r = cli.run("operator", "init");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ALREADY_INITIALIZED: the cluster is already initialized");
    assertThat(node.only(OpCase.INIT).getInit().getShares()).isEqualTo(5);
  }

  @Test
  void unsealReadsOneLineOfStdinAndPrintsProgress() throws IOException {
    node.answer(OpCase.UNSEAL, progress(true, 1));
    CliRunner.Result r = cli.stdin(SHARE + "\nnext line is not read\n").run("operator", "unseal", "-");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.UNSEAL).getUnseal().getShare()).isEqualTo(SHARE);
    assertThat(r.out()).containsPattern("progress\\s+1/3").containsPattern("threshold\\s+3").containsPattern("shares\\s+5");
    assertThat(r.out() + r.err()).doesNotContain(SHARE);

    JsonNode j = JSON.readTree(cli.stdin(SHARE).run("operator", "unseal", "--format", "json", "-").out());
    assertThat(j.get("progress").asInt()).isEqualTo(1);
    assertThat(j.get("threshold").asInt()).isEqualTo(3);
    assertThat(j.get("sealed").asBoolean()).isTrue();
  }

  @Test
  void unsealPromptsWithoutEchoAndSaysUnsealed() {
    node.answer(OpCase.UNSEAL, progress(false, 0));
    CliRunner runner = cli.console(SHARE);
    CliRunner.Result r = runner.run("operator", "unseal");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(runner.prompts()).containsExactly("Unseal share (input hidden): ");
    assertThat(node.only(OpCase.UNSEAL).getUnseal().getShare()).isEqualTo(SHARE);
    assertThat(r.out()).isEqualTo("unsealed" + System.lineSeparator());
  }

  @Test
  void unsealWithoutConsoleOrShareFailsClearly() {
    CliRunner.Result r = cli.run("operator", "unseal");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: no console to prompt on: pass SHARE, or - to read it from standard input");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void unsealTargetsTheNamedNode() throws IOException {
    try (ScriptedNode other = ScriptedNode.start()) {
      other.answer(OpCase.UNSEAL, progress(true, 2));
      CliRunner.Result r = cli.run("operator", "unseal", "--node", other.address(), SHARE);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(other.only(OpCase.UNSEAL).getUnseal().getShare()).isEqualTo(SHARE);
      assertThat(node.requests()).isEmpty();
    }
  }

  @Test
  void unsealReset() {
    node.answer(OpCase.UNSEAL, progress(true, 0));
    CliRunner.Result r = cli.run("operator", "unseal", "--reset");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.UNSEAL).getUnseal().getReset()).isTrue();
    assertThat(node.only(OpCase.UNSEAL).getUnseal().getShare()).isEmpty();
    assertThat(cli.run("operator", "unseal", "--reset", SHARE).exit()).isEqualTo(2);
  }

  @Test
  void aWrongShareIsReportedWithoutEchoingIt() {
    node.answer(OpCase.UNSEAL, ScriptedNode.error(ErrorCode.INVALID_ARGUMENT, "share 2 does not match the key set"));
    CliRunner.Result r = cli.stdin(SHARE).run("operator", "unseal", "-");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: share 2 does not match the key set").doesNotContain(SHARE);
  }

  @Test
  void anEnvelopeGivenToUnsealGetsAHint() {
    CliRunner.Result r = cli.run("operator", "unseal", "srse1-AAAA");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("open it first with strongroom operator open-share");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void sealTheNamedNodeAndRotate() throws IOException {
    node.answer(OpCase.SEAL, KvCommandTest.done()).answer(OpCase.ROTATE, KvCommandTest.done());
    CliRunner.Result r = new CliRunner().run("operator", "seal", "--node", node.address());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("sealed");
    node.only(OpCase.SEAL);
    CliRunner.Result rot = cli.run("operator", "rotate", "--format", "json");
    assertThat(rot.exit()).as(rot.toString()).isZero();
    assertThat(JSON.readTree(rot.out()).get("rotated").asBoolean()).isTrue();
    node.only(OpCase.ROTATE);
  }

  @Test
  void sealedNodeRefusesWithSealed() {
    node.answer(OpCase.ROTATE, ScriptedNode.error(ErrorCode.SEALED, "node n1 is sealed"));
    CliRunner.Result r = cli.run("operator", "rotate");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: SEALED: node n1 is sealed");
  }
}
