package io.strongroom.client;

import io.strongroom.protocol.v1.Done;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.GenerateRootProgress;
import io.strongroom.protocol.v1.GenerateRootToken;
import io.strongroom.protocol.v1.InitResult;
import io.strongroom.protocol.v1.KvKeys;
import io.strongroom.protocol.v1.KvMetadata;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.KvWritten;
import io.strongroom.protocol.v1.NodeStatus;
import io.strongroom.protocol.v1.RaftPeer;
import io.strongroom.protocol.v1.RaftPeers;
import io.strongroom.protocol.v1.RaftSnapshot;
import io.strongroom.protocol.v1.RekeyProgress;
import io.strongroom.protocol.v1.RekeyShares;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import io.strongroom.protocol.v1.Status;
import io.strongroom.protocol.v1.UnsealProgress;
import io.strongroom.protocol.v1.VersionInfo;

/** Canned node answers for the fake node. */
final class Responses {

  static final long CREATED_MS = 1_700_000_000_000L;

  private Responses() {}

  static Response.Builder error(ErrorCode code, String message, String leaderHint) {
    return Response.newBuilder().setError(Error.newBuilder()
        .setCode(code).setMessage(message).setLeaderHint(leaderHint));
  }

  /**
   * A plausible success for the request's operation. A get answers with {@code {"path": <path>}}
   * so tests can tell answers apart.
   */
  static Response.Builder ok(Request request, String nodeId) {
    Response.Builder r = Response.newBuilder().setAppliedIndex(42);
    return switch (request.getOpCase()) {
      case KV_PUT, KV_PATCH -> r.setKvWritten(
          KvWritten.newBuilder().setVersion(1).setCreatedTimeMs(CREATED_MS));
      case KV_GET -> r.setKvSecret(KvSecret.newBuilder()
          .putData("path", request.getKvGet().getPath())
          .setVersion(VersionInfo.newBuilder().setVersion(
              request.getKvGet().getVersion() == 0 ? 3 : request.getKvGet().getVersion())
              .setCreatedTimeMs(CREATED_MS)));
      case KV_DELETE, KV_UNDELETE, KV_DESTROY, KV_METADATA_PUT, KV_METADATA_DELETE, SEAL, ROTATE ->
          r.setDone(Done.getDefaultInstance());
      case KV_LIST -> r.setKvKeys(KvKeys.newBuilder().addKeys("a").addKeys("b/"));
      case KV_METADATA_GET -> r.setKvMetadata(KvMetadata.newBuilder()
          .setPath(request.getKvMetadataGet().getPath())
          .setCurrentVersion(2).setOldestVersion(1).setMaxVersions(10)
          .setCreatedTimeMs(CREATED_MS).setUpdatedTimeMs(CREATED_MS + 1000)
          .putCustomMetadata("owner", "team-a")
          .addVersions(VersionInfo.newBuilder().setVersion(1).setCreatedTimeMs(CREATED_MS)
              .setDeletionTimeMs(CREATED_MS + 500))
          .addVersions(VersionInfo.newBuilder().setVersion(2).setCreatedTimeMs(CREATED_MS + 1000)));
      case STATUS -> r.setStatus(Status.newBuilder()
          .setInitialized(true).setSealed(false).setNodeId(nodeId).setLeader(nodeId)
          .addNodes(NodeStatus.newBuilder().setId(nodeId).setAddress("127.0.0.1:1")
              .setRegion("eu").setRole("LEADER"))
          .setCommitIndex(7).setAppliedIndex(6).setThreshold(3).setShares(5)
          .setVersion("0.1.0"));
      case INIT -> r.setInit(InitResult.newBuilder()
          .addShares("share-one-SECRET").addShares("share-two-SECRET")
          .setRootToken("root-token-SECRET"));
      case UNSEAL -> r.setUnseal(UnsealProgress.newBuilder()
          .setSealed(!request.getUnseal().getReset()).setThreshold(3).setShares(5)
          .setProgress(request.getUnseal().getReset() ? 0 : 1).setNonce("n-1"));
      case REKEY_INIT, REKEY_STATUS -> r.setRekeyProgress(RekeyProgress.newBuilder()
          .setInProgress(true).setNonce("rk-1").setPhase("AUTHORIZE").setThreshold(3).setShares(5)
          .setNewShares(4).setNewThreshold(2));
      case REKEY_SUBMIT -> r.setRekeyShares(RekeyShares.newBuilder()
          .addShares("new-share-1-SECRET").addShares("new-share-2-SECRET").setKeySetId("ks-2")
          .setVerificationPending(true).setVerificationNonce("vn-1"));
      case REKEY_VERIFY -> r.setRekeyShares(RekeyShares.newBuilder().setKeySetId("ks-2"));
      case GENERATE_ROOT_INIT, GENERATE_ROOT_STATUS -> r.setGenerateRootProgress(GenerateRootProgress.newBuilder()
          .setInProgress(true).setNonce("gr-1").setThreshold(3).setShares(5));
      case GENERATE_ROOT_SUBMIT -> r.setGenerateRootToken(GenerateRootToken.newBuilder()
          .setEncodedToken("encoded-SECRET").setProtection("otp"));
      case RAFT_LIST_PEERS, RAFT_ADD_PEER, RAFT_REMOVE_PEER, RAFT_TRANSFER_LEADERSHIP -> r.setRaftPeers(RaftPeers.newBuilder()
          .setLeader(nodeId)
          .addPeers(RaftPeer.newBuilder().setId(nodeId).setRaftAddress("127.0.0.1:2").setClientAddress("127.0.0.1:1")
              .setRegion("eu").setRole("LEADER").setVoter(true)));
      case RAFT_SNAPSHOT -> r.setRaftSnapshot(RaftSnapshot.newBuilder().setIndex(99).setNodeId(nodeId));
      case REKEY_CANCEL, GENERATE_ROOT_CANCEL -> r.setDone(Done.getDefaultInstance());
      case OP_NOT_SET -> error(ErrorCode.INVALID_ARGUMENT, "no operation", "");
    };
  }
}
