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
  /** A backup as the fake node hands it out: ten bytes, then their SHA-256. */
  static final byte[] BACKUP = backup();

  private static byte[] backup() {
    byte[] body = "SRDUMP-ten".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try {
      byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      byte[] all = java.util.Arrays.copyOf(body, body.length + 32);
      System.arraycopy(sha, 0, all, body.length, 32);
      return all;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

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
      case RAFT_SNAPSHOT_SAVE -> r.setRaftSnapshotChunk(io.strongroom.protocol.v1.RaftSnapshotChunk.newBuilder()
          .setSaveId("0123456789abcdef0123456789abcdef").setData(com.google.protobuf.ByteString.copyFrom(BACKUP))
          .setTotalBytes(BACKUP.length).setIndex(99)
          .setSha256(com.google.protobuf.ByteString.copyFrom(BACKUP, BACKUP.length - 32, 32)));
      case RAFT_SNAPSHOT_RESTORE -> r.setRaftSnapshotRestored(io.strongroom.protocol.v1.RaftSnapshotRestored.newBuilder()
          .setChunks(request.getRaftSnapshotRestore().getIndex() + 1)
          .setCommitted(request.getRaftSnapshotRestore().getCommit()).setRecords(request.getRaftSnapshotRestore().getCommit() ? 7 : 0));
      case REKEY_CANCEL, GENERATE_ROOT_CANCEL -> r.setDone(Done.getDefaultInstance());
      case AUDIT_EXPORT -> r.setAuditExport(io.strongroom.protocol.v1.AuditExportChunk.newBuilder()
          .setJsonl(com.google.protobuf.ByteString.copyFromUtf8("{\"type\":\"entry\",\"seq\":" + Math.max(1, request.getAuditExport().getFrom()) + "}\n"))
          .setNext(Math.max(1, request.getAuditExport().getFrom()) + 1).setDone(request.getAuditExport().getFrom() >= 2));
      case TOKEN_CREATE, TOKEN_LOOKUP, TOKEN_RENEW, TOKEN_REVOKE -> r.setTokenInfo(io.strongroom.protocol.v1.TokenInfo.newBuilder()
          .setToken(request.getOpCase() == io.strongroom.protocol.v1.Request.OpCase.TOKEN_CREATE ? "sr.token-SECRET" : "")
          .setAccessor("ac.0123456789abcdefghijkl").addPolicies("app").setKind("service").setIssuedAtMs(CREATED_MS)
          .setExpiresAtMs(CREATED_MS + 60_000).setRevoked(request.getOpCase() == io.strongroom.protocol.v1.Request.OpCase.TOKEN_REVOKE ? 2 : 0));
      case POLICY_WRITE, POLICY_DELETE -> r.setDone(Done.getDefaultInstance());
      case POLICY_READ -> "missing".equals(request.getPolicyRead().getName())
          ? error(ErrorCode.NOT_FOUND, "no policy missing", "")
          : r.setPolicy(io.strongroom.protocol.v1.PolicyDocument.newBuilder().setName(request.getPolicyRead().getName()).setJson("{\"path\":{}}"));
      case POLICY_LIST -> r.setPolicyNames(io.strongroom.protocol.v1.PolicyNames.newBuilder().addNames("default").addNames("root"));
      case BREAK_GLASS_OPEN, BREAK_GLASS_APPROVE, BREAK_GLASS_STATUS -> r.setBreakGlass(io.strongroom.protocol.v1.BreakGlassStatus.newBuilder()
          .setId("bg-1").setThreshold(2));
      case AUDIT_HEAD -> r.setAuditHead(io.strongroom.protocol.v1.AuditHead.newBuilder().setSeq(9).setHash("ab").setNodeId(nodeId).setTreeRoot("cd"));
      case AUDIT_PROVE -> r.setAuditProof(io.strongroom.protocol.v1.AuditProof.newBuilder().setJson("{\"type\":\"inclusion\"}"));
      case AUDIT_PUBLIC_KEY -> r.setAuditPublicKey(io.strongroom.protocol.v1.AuditPublicKey.newBuilder().setKey("ed25519:key").setKeyId("0011223344556677"));
      case AUDIT_HASH -> r.setAuditHash(io.strongroom.protocol.v1.AuditHash.newBuilder().setHmac("hmac-sha256:" + request.getAuditHash().getValue().length()));
      case OP_NOT_SET -> error(ErrorCode.INVALID_ARGUMENT, "no operation", "");
    };
  }
}
