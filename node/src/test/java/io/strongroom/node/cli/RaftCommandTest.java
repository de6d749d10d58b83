package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.RaftPeer;
import io.strongroom.protocol.v1.RaftPeers;
import io.strongroom.protocol.v1.RaftSnapshot;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Request.OpCase;
import io.strongroom.protocol.v1.Response;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code operator raft ...} against a scripted node. */
class RaftCommandTest {
  static final String TOKEN = "sr.ROOT-TOKEN-SECRET";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScriptedNode node;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    node = ScriptedNode.start();
    cli = new CliRunner().env("STRONGROOM_ADDR", node.address()).env("STRONGROOM_TOKEN", TOKEN);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static Response peers(String... extra) {
    RaftPeers.Builder b = RaftPeers.newBuilder().setLeader("n1")
        .addPeers(RaftPeer.newBuilder().setId("n1").setRaftAddress("10.0.0.1:7100").setClientAddress("10.0.0.1:7200")
            .setRegion("eu-west").setZone("eu-west-1a").setRole("LEADER").setVoter(true).setPriority(1))
        .addPeers(RaftPeer.newBuilder().setId("n2").setRaftAddress("10.0.0.2:7100").setClientAddress("10.0.0.2:7200")
            .setRegion("us-east").setRole("FOLLOWER").setVoter(true));
    for (String id : extra) {
      b.addPeers(RaftPeer.newBuilder().setId(id).setRaftAddress("10.0.0.4:7100").setRole("FOLLOWER").setVoter(true));
    }
    return Response.newBuilder().setRaftPeers(b).build();
  }

  @Test
  void listPeersTableAndJson() throws IOException {
    node.answer(OpCase.RAFT_LIST_PEERS, peers());
    CliRunner.Result r = cli.run("operator", "raft", "list-peers");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("Node\\s+Raft address\\s+Client address\\s+Region\\s+Zone\\s+Role\\s+Voter\\s+Priority")
        .containsPattern("n1\\s+10.0.0.1:7100\\s+10.0.0.1:7200\\s+eu-west\\s+eu-west-1a\\s+LEADER\\s+true\\s+1")
        .containsPattern("n2\\s+10.0.0.2:7100\\s+10.0.0.2:7200\\s+us-east\\s+n/a\\s+FOLLOWER\\s+true\\s+0");
    assertThat(node.only(OpCase.RAFT_LIST_PEERS).getToken()).isEqualTo(TOKEN);
    assertThat(r.out() + r.err()).doesNotContain(TOKEN);

    JsonNode j = JSON.readTree(cli.run("operator", "raft", "list-peers", "--format", "json").out());
    assertThat(j.get("leader").asText()).isEqualTo("n1");
    assertThat(j.get("peers")).hasSize(2);
    JsonNode n2 = j.get("peers").get(1);
    assertThat(n2.get("id").asText()).isEqualTo("n2");
    assertThat(n2.get("raft_address").asText()).isEqualTo("10.0.0.2:7100");
    assertThat(n2.get("client_address").asText()).isEqualTo("10.0.0.2:7200");
    assertThat(n2.get("region").asText()).isEqualTo("us-east");
    assertThat(n2.get("role").asText()).isEqualTo("FOLLOWER");
    assertThat(n2.get("voter").asBoolean()).isTrue();
    assertThat(n2.get("zone").asText()).isEmpty();
    assertThat(n2.get("priority").asInt()).isZero();
    assertThat(j.get("peers").get(0).get("zone").asText()).isEqualTo("eu-west-1a");
    assertThat(j.get("peers").get(0).get("priority").asInt()).isEqualTo(1);
  }

  @Test
  void addPeerAsAListenerWithAZone() {
    node.answer(OpCase.RAFT_ADD_PEER, Response.newBuilder().setRaftPeers(peers().getRaftPeers().toBuilder()
        .addPeers(RaftPeer.newBuilder().setId("r1").setRaftAddress("10.9.0.1:7100").setClientAddress("10.9.0.1:7200")
            .setRegion("ap-south").setZone("ap-south-1a").setRole("LISTENER").setVoter(false))).build());
    CliRunner.Result r = cli.run("operator", "raft", "add-peer", "--listener", "--id", "r1", "--raft-address", "10.9.0.1:7100",
        "--client-address", "10.9.0.1:7200", "--region", "ap-south", "--zone", "ap-south-1a");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.RAFT_ADD_PEER);
    assertThat(req.getRaftAddPeer().getListener()).isTrue();
    assertThat(req.getRaftAddPeer().getZone()).isEqualTo("ap-south-1a");
    assertThat(r.out()).startsWith("added r1 as a listener")
        .containsPattern("r1\\s+10.9.0.1:7100\\s+10.9.0.1:7200\\s+ap-south\\s+ap-south-1a\\s+LISTENER\\s+false\\s+0");
  }

  @Test
  void addPeerSendsItsAddressesAndShowsTheNewMembership() {
    node.answer(OpCase.RAFT_ADD_PEER, peers("n4"));
    CliRunner.Result r = cli.run("operator", "raft", "add-peer", "--id", "n4", "--raft-address", "10.0.0.4:7100",
        "--client-address", "10.0.0.4:7200", "--region", "ap-south");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.RAFT_ADD_PEER);
    assertThat(req.getRaftAddPeer().getId()).isEqualTo("n4");
    assertThat(req.getRaftAddPeer().getRaftAddress()).isEqualTo("10.0.0.4:7100");
    assertThat(req.getRaftAddPeer().getClientAddress()).isEqualTo("10.0.0.4:7200");
    assertThat(req.getRaftAddPeer().getRegion()).isEqualTo("ap-south");
    assertThat(req.getRaftAddPeer().getListener()).as("a voter unless --listener").isFalse();
    assertThat(r.out()).startsWith("added n4\n").containsPattern("n4\\s+10.0.0.4:7100\\s+n/a\\s+n/a\\s+n/a\\s+FOLLOWER");
  }

  @Test
  void addPeerNeedsItsAddresses() {
    CliRunner.Result r = cli.run("operator", "raft", "add-peer", "--id", "n4");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--raft-address").contains("--client-address");
    CliRunner.Result bad = cli.run("operator", "raft", "add-peer", "--id", "n4", "--raft-address", "nowhere", "--client-address", "10.0.0.4:7200");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("error: INVALID_ARGUMENT: ");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void removePeerAndTransferLeadership() {
    node.answer(OpCase.RAFT_REMOVE_PEER, peers());
    CliRunner.Result removed = cli.run("operator", "raft", "remove-peer", "--id", "n4");
    assertThat(removed.exit()).as(removed.toString()).isZero();
    assertThat(node.only(OpCase.RAFT_REMOVE_PEER).getRaftRemovePeer().getId()).isEqualTo("n4");
    assertThat(removed.out()).startsWith("removed n4");

    node.answer(OpCase.RAFT_TRANSFER_LEADERSHIP, peers());
    CliRunner.Result moved = cli.run("operator", "raft", "transfer-leadership", "--to", "n2");
    assertThat(moved.exit()).as(moved.toString()).isZero();
    assertThat(node.only(OpCase.RAFT_TRANSFER_LEADERSHIP).getRaftTransferLeadership().getTo()).isEqualTo("n2");
    assertThat(moved.out()).startsWith("leadership handed to n2");
  }

  @Test
  void snapshotTakePrintsTheIndex() throws IOException {
    node.answer(OpCase.RAFT_SNAPSHOT, Response.newBuilder().setRaftSnapshot(RaftSnapshot.newBuilder().setIndex(1234).setNodeId("n1")).build());
    CliRunner.Result r = cli.run("operator", "raft", "snapshot", "take");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().strip()).isEqualTo("snapshot taken at log index 1234");
    assertThat(JSON.readTree(cli.run("operator", "raft", "snapshot", "take", "--format", "json").out()).get("index").asLong()).isEqualTo(1234);
  }

  @Test
  void errorsAreOneLine() {
    node.answer(OpCase.RAFT_LIST_PEERS, ScriptedNode.error(ErrorCode.PERMISSION_DENIED, "the token is unknown or not allowed this operation"));
    CliRunner.Result r = cli.run("operator", "raft", "list-peers");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: PERMISSION_DENIED: the token is unknown or not allowed this operation (node " + node.address() + ")"
        + System.lineSeparator());
  }
}
