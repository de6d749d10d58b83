package io.strongroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Hello;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire numbers are a compatibility contract (frames.proto): renumbering breaks old clients. */
class WireContractTest {

  @Test
  void errorCodeNumbersNeverChange() {
    Map<String, Integer> numbers =
        Arrays.stream(ErrorCode.values())
            .filter(c -> c != ErrorCode.UNRECOGNIZED)
            .collect(Collectors.toMap(Enum::name, ErrorCode::getNumber));
    assertThat(numbers)
        .containsEntry("SEALED", 1)
        .containsEntry("UNINITIALIZED", 2)
        .containsEntry("PERMISSION_DENIED", 3)
        .containsEntry("NOT_FOUND", 4)
        .containsEntry("CAS_MISMATCH", 5)
        .containsEntry("INVALID_ARGUMENT", 6)
        .containsEntry("UNAVAILABLE", 7)
        .containsEntry("NOT_LEADER", 8)
        .containsEntry("UNSUPPORTED_VERSION", 9)
        .containsEntry("FRAME_TOO_LARGE", 10)
        .containsEntry("AUDIT_FAILED", 11)
        .containsEntry("ALREADY_INITIALIZED", 12)
        .containsEntry("INTERNAL", 13)
        .hasSize(14);
  }

  @Test
  void helloEncodingIsStable() {
    // field 1 varint 1, field 2 varint 1, field 3 "x": the proto3 wire format, byte for byte.
    byte[] wire = Hello.newBuilder().setMinVersion(1).setMaxVersion(1).setAgent("x").build().toByteArray();
    assertThat(wire).containsExactly(0x08, 0x01, 0x10, 0x01, 0x1a, 0x01, 'x');
  }

  @Test
  void operationNumbersNeverChange() {
    assertThat(fieldNumbers(Request.getDescriptor(), "op"))
        .containsEntry("kv_put", 10).containsEntry("kv_get", 11).containsEntry("kv_patch", 12)
        .containsEntry("kv_delete", 13).containsEntry("kv_undelete", 14).containsEntry("kv_destroy", 15)
        .containsEntry("kv_list", 16).containsEntry("kv_metadata_get", 17).containsEntry("kv_metadata_put", 18)
        .containsEntry("kv_metadata_delete", 19)
        .containsEntry("status", 40).containsEntry("init", 41).containsEntry("unseal", 42)
        .containsEntry("seal", 43).containsEntry("rotate", 44)
        .containsEntry("rekey_init", 45).containsEntry("rekey_submit", 46).containsEntry("rekey_verify", 47)
        .containsEntry("rekey_cancel", 48).containsEntry("rekey_status", 49)
        .containsEntry("generate_root_init", 50).containsEntry("generate_root_submit", 51)
        .containsEntry("generate_root_cancel", 52).containsEntry("generate_root_status", 53)
        .containsEntry("raft_list_peers", 60).containsEntry("raft_add_peer", 61).containsEntry("raft_remove_peer", 62)
        .containsEntry("raft_transfer_leadership", 63).containsEntry("raft_snapshot", 64)
        .containsEntry("raft_snapshot_save", 65).containsEntry("raft_snapshot_restore", 66)
        .containsEntry("audit_export", 70).containsEntry("audit_head", 71).containsEntry("audit_prove", 72)
        .containsEntry("audit_public_key", 73).containsEntry("audit_hash", 74)
        .containsEntry("token_create", 80).containsEntry("token_lookup", 81).containsEntry("token_renew", 82)
        .containsEntry("token_revoke", 83).containsEntry("policy_write", 85).containsEntry("policy_read", 86)
        .containsEntry("policy_list", 87).containsEntry("policy_delete", 88)
        .containsEntry("break_glass_open", 90).containsEntry("break_glass_approve", 91).containsEntry("break_glass_status", 92)
        .hasSize(47);
  }

  @Test
  void resultNumbersNeverChange() {
    assertThat(fieldNumbers(Response.getDescriptor(), "result"))
        .containsEntry("kv_written", 10).containsEntry("kv_secret", 11).containsEntry("kv_keys", 12)
        .containsEntry("kv_metadata", 13).containsEntry("done", 14)
        .containsEntry("status", 40).containsEntry("init", 41).containsEntry("unseal", 42)
        .containsEntry("rekey_progress", 43).containsEntry("rekey_shares", 44)
        .containsEntry("generate_root_progress", 45).containsEntry("generate_root_token", 46)
        .containsEntry("raft_peers", 60).containsEntry("raft_snapshot", 61)
        .containsEntry("raft_snapshot_chunk", 62).containsEntry("raft_snapshot_restored", 63)
        .containsEntry("audit_export", 70).containsEntry("audit_head", 71).containsEntry("audit_proof", 72)
        .containsEntry("audit_public_key", 73).containsEntry("audit_hash", 74)
        .containsEntry("token_info", 80).containsEntry("policy", 85).containsEntry("policy_names", 86)
        .containsEntry("break_glass", 90)
        .hasSize(25);
  }

  @Test
  void ceremonyAndRaftMessageFieldsNeverChange() {
    Map<String, Map<String, Integer>> expected = Map.of(
        "RekeyInitRequest", Map.of("shares", 1, "threshold", 2, "holder_public_keys", 3, "require_verification", 4),
        "RekeySubmitRequest", Map.of("nonce", 1, "share", 2),
        "RekeyProgress", Map.of("in_progress", 1, "nonce", 2, "phase", 3, "threshold", 4, "shares", 5, "progress", 6,
            "new_shares", 7, "new_threshold", 8, "verification_required", 9),
        "RekeyShares", Map.of("shares", 1, "key_set_id", 2, "verification_pending", 3, "verification_nonce", 4),
        "GenerateRootInitRequest", Map.of("otp", 1, "recipient_public_key", 2),
        "GenerateRootSubmitRequest", Map.of("nonce", 1, "share", 2),
        "GenerateRootProgress", Map.of("in_progress", 1, "nonce", 2, "threshold", 3, "shares", 4, "progress", 5),
        "GenerateRootToken", Map.of("encoded_token", 1, "protection", 2),
        "RaftAddPeerRequest", Map.of("id", 1, "raft_address", 2, "client_address", 3, "region", 4, "zone", 5, "listener", 6),
        "RaftPeer", Map.of("id", 1, "raft_address", 2, "client_address", 3, "region", 4, "role", 5, "voter", 6, "zone", 7,
            "priority", 8));
    expected.forEach((message, fields) -> {
      Descriptor d = Request.getDescriptor().getFile().findMessageTypeByName(message);
      Map<String, Integer> actual = d.getFields().stream().collect(Collectors.toMap(FieldDescriptor::getName, FieldDescriptor::getNumber));
      assertThat(actual).as(message).isEqualTo(fields);
    });
    Descriptor nodeStatus = Request.getDescriptor().getFile().findMessageTypeByName("NodeStatus");
    assertThat(nodeStatus.getFields().stream().collect(Collectors.toMap(FieldDescriptor::getName, FieldDescriptor::getNumber)))
        .as("NodeStatus").isEqualTo(Map.of("id", 1, "address", 2, "region", 3, "role", 4, "zone", 5));
    Descriptor peers = Request.getDescriptor().getFile().findMessageTypeByName("RaftPeers");
    assertThat(peers.findFieldByName("peers").getNumber()).isEqualTo(1);
    assertThat(peers.findFieldByName("leader").getNumber()).isEqualTo(2);
    Descriptor snapshot = Request.getDescriptor().getFile().findMessageTypeByName("RaftSnapshot");
    assertThat(snapshot.findFieldByName("index").getNumber()).isEqualTo(1);
    assertThat(snapshot.findFieldByName("node_id").getNumber()).isEqualTo(2);
    assertThat(Request.getDescriptor().getFile().findMessageTypeByName("RaftTransferLeadershipRequest").findFieldByName("to").getNumber()).isEqualTo(1);
    assertThat(Request.getDescriptor().getFile().findMessageTypeByName("RaftRemovePeerRequest").findFieldByName("id").getNumber()).isEqualTo(1);
  }

  private static Map<String, Integer> fieldNumbers(Descriptor message, String oneof) {
    return message.getOneofs().stream().filter(o -> o.getName().equals(oneof)).findFirst().orElseThrow()
        .getFields().stream().collect(Collectors.toMap(FieldDescriptor::getName, FieldDescriptor::getNumber));
  }
}
