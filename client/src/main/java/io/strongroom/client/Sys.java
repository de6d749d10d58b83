package io.strongroom.client;

import com.google.protobuf.ByteString;
import io.strongroom.protocol.v1.GenerateRootCancelRequest;
import io.strongroom.protocol.v1.GenerateRootInitRequest;
import io.strongroom.protocol.v1.GenerateRootStatusRequest;
import io.strongroom.protocol.v1.GenerateRootSubmitRequest;
import io.strongroom.protocol.v1.InitRequest;
import io.strongroom.protocol.v1.RaftAddPeerRequest;
import io.strongroom.protocol.v1.RaftListPeersRequest;
import io.strongroom.protocol.v1.RaftRemovePeerRequest;
import io.strongroom.protocol.v1.RaftSnapshotRequest;
import io.strongroom.protocol.v1.RaftSnapshotRestoreRequest;
import io.strongroom.protocol.v1.RaftSnapshotSaveRequest;
import io.strongroom.protocol.v1.RaftTransferLeadershipRequest;
import io.strongroom.protocol.v1.RekeyCancelRequest;
import io.strongroom.protocol.v1.RekeyInitRequest;
import io.strongroom.protocol.v1.RekeyStatusRequest;
import io.strongroom.protocol.v1.RekeySubmitRequest;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.RotateRequest;
import io.strongroom.protocol.v1.SealRequest;
import io.strongroom.protocol.v1.StatusRequest;
import io.strongroom.protocol.v1.UnsealRequest;
import io.strongroom.protocol.v1.Response.ResultCase;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Cluster administration: status, the seal lifecycle (init, unseal, seal, key rotation), the rekey
 * and generate-root ceremonies, and Raft membership.
 *
 * <p>From {@link StrongroomClient#sys()} calls go to the leader like every other call. Seal state
 * is per node, so a ceremony that must reach every node (unsealing each one, reading each one's
 * status) uses {@link #node(String)}, a view pinned to one node that never fails over.
 *
 * <p>Rekey and generate-root progress is per node too, like unseal: every step of one ceremony
 * must reach the same node, so use a {@link #node(String)} view for them. They need no token: the
 * shares are the authorization. Raft administration needs a root token and is served by the
 * leader.
 *
 * <p>Blocking and {@code ...Async} forms as in {@link Kv}. Thread-safe. Unseal shares are sent to
 * the node and never kept, logged or shown in messages.
 */
public final class Sys {

  /** Restore chunk size: half a MiB fits any node's frame limit (at least 1 MiB) with room to spare. */
  private static final int RESTORE_CHUNK_BYTES = 1 << 19;

  private final Caller caller;
  private final Caller.Route route;

  Sys(Caller caller, Caller.Route route) {
    this.caller = caller;
    this.route = route;
  }

  /**
   * A view that talks only to the node at {@code address} (host:port), which need not be one of
   * the client's configured addresses: no leader redirect (a NOT_LEADER answer throws
   * {@link NotLeaderException}), retries only against that node.
   */
  public Sys node(String address) {
    return new Sys(caller, Caller.Route.pinned(Address.parse(address)));
  }

  /** The seal and replication state of the node that answers. */
  public Status status() {
    return caller.await(statusAsync());
  }

  /** Async form of {@link #status()}. */
  public CompletableFuture<Status> statusAsync() {
    return caller.call("sys status", route, r -> r.setStatus(StatusRequest.getDefaultInstance()),
        r -> Wire.status(Wire.expect(r, ResultCase.STATUS, "sys status").getStatus()));
  }

  /**
   * Initializes the cluster: makes a root key split into {@code shares} unseal shares of which
   * {@code threshold} unseal it, and a first root token. Throws
   * {@link AlreadyInitializedException} if the cluster is initialized.
   */
  public InitResult init(int shares, int threshold) {
    return caller.await(initAsync(shares, threshold, List.of()));
  }

  /**
   * Like {@link #init(int, int)}, with each share sealed to one holder's public key (one key per
   * share, in order; the arrays are copied).
   */
  public InitResult init(int shares, int threshold, List<byte[]> holderPublicKeys) {
    return caller.await(initAsync(shares, threshold, holderPublicKeys));
  }

  /** Async form of {@link #init(int, int, List)}; pass an empty list for plain shares. */
  public CompletableFuture<InitResult> initAsync(
      int shares, int threshold, List<byte[]> holderPublicKeys) {
    checkSplit(shares, threshold, holderPublicKeys);
    InitRequest.Builder body = InitRequest.newBuilder().setShares(shares).setThreshold(threshold);
    holderPublicKeys.forEach(k -> body.addHolderPublicKeys(ByteString.copyFrom(k)));
    return caller.call("sys init", route, r -> r.setInit(body),
        r -> Wire.init(Wire.expect(r, ResultCase.INIT, "sys init").getInit()));
  }

  /** Submits one unseal share; returns the progress, with {@code sealed=false} once unsealed. */
  public UnsealProgress unseal(CharSequence share) {
    return caller.await(unsealAsync(share));
  }

  /** Async form of {@link #unseal(CharSequence)}. */
  public CompletableFuture<UnsealProgress> unsealAsync(CharSequence share) {
    Objects.requireNonNull(share, "share");
    if (share.length() == 0) {
      throw new IllegalArgumentException("share must not be empty");
    }
    UnsealRequest body = UnsealRequest.newBuilder().setShare(share.toString()).build();
    return unsealCall("sys unseal", body);
  }

  /** Discards the shares submitted so far in the current unseal attempt. */
  public UnsealProgress unsealReset() {
    return caller.await(unsealResetAsync());
  }

  /** Async form of {@link #unsealReset()}. */
  public CompletableFuture<UnsealProgress> unsealResetAsync() {
    return unsealCall("sys unseal reset", UnsealRequest.newBuilder().setReset(true).build());
  }

  private CompletableFuture<UnsealProgress> unsealCall(String op, UnsealRequest body) {
    return caller.call(op, route, r -> r.setUnseal(body),
        r -> Wire.unseal(Wire.expect(r, ResultCase.UNSEAL, op).getUnseal()));
  }

  /** Seals the node (and with it the cluster's data operations until unsealed). */
  public void seal() {
    caller.await(sealAsync());
  }

  /** Async form of {@link #seal()}. */
  public CompletableFuture<Void> sealAsync() {
    return caller.call("sys seal", route, r -> r.setSeal(SealRequest.getDefaultInstance()),
        Kv::done);
  }

  /** Starts a new data key term; new writes use it, old data stays readable. */
  public void rotate() {
    caller.await(rotateAsync());
  }

  /** Async form of {@link #rotate()}. */
  public CompletableFuture<Void> rotateAsync() {
    return caller.call("sys rotate", route, r -> r.setRotate(RotateRequest.getDefaultInstance()),
        Kv::done);
  }

  // ------------------------------------------------------------------------ rekey

  /**
   * Starts a rekey of the node's seal to {@code shares} new shares with threshold
   * {@code threshold}; {@code k} current shares then authorize it ({@link #rekeySubmit}).
   *
   * @param holderPublicKeys empty for plain share texts, or one holder public key (64 bytes, as
   *     for init) per new share, in order; the arrays are copied
   * @param requireVerification if true, the new shares take effect only once {@code threshold} of
   *     them are handed back with {@link #rekeyVerify}
   * @return the progress, with the nonce every submission must name
   */
  public RekeyProgress rekeyStart(int shares, int threshold, List<byte[]> holderPublicKeys, boolean requireVerification) {
    return caller.await(rekeyStartAsync(shares, threshold, holderPublicKeys, requireVerification));
  }

  /** Async form of {@link #rekeyStart}. */
  public CompletableFuture<RekeyProgress> rekeyStartAsync(
      int shares, int threshold, List<byte[]> holderPublicKeys, boolean requireVerification) {
    checkSplit(shares, threshold, holderPublicKeys);
    RekeyInitRequest.Builder body = RekeyInitRequest.newBuilder()
        .setShares(shares).setThreshold(threshold).setRequireVerification(requireVerification);
    holderPublicKeys.forEach(k -> body.addHolderPublicKeys(ByteString.copyFrom(k)));
    return caller.call("sys rekey init", route, r -> r.setRekeyInit(body),
        r -> Wire.rekeyProgress(Wire.expect(r, ResultCase.REKEY_PROGRESS, "sys rekey init").getRekeyProgress()));
  }

  /**
   * Submits one current share to authorize the running rekey named by {@code nonce}. Returns the
   * progress, or at the threshold the new shares ({@link RekeyShares}, shown once).
   */
  public RekeyResult rekeySubmit(String nonce, CharSequence share) {
    return caller.await(rekeySubmitAsync(nonce, share));
  }

  /** Async form of {@link #rekeySubmit}. */
  public CompletableFuture<RekeyResult> rekeySubmitAsync(String nonce, CharSequence share) {
    RekeySubmitRequest body = shareStep(nonce, share);
    return caller.call("sys rekey submit", route, r -> r.setRekeySubmit(body), r -> Wire.rekey(r, "sys rekey submit"));
  }

  /**
   * Hands one NEW share back for the pending verification named by {@code verificationNonce}.
   * Returns the progress, or at the threshold {@link RekeyShares} without shares: the new key set
   * is in effect and the old shares are refused from now on.
   */
  public RekeyResult rekeyVerify(String verificationNonce, CharSequence newShare) {
    return caller.await(rekeyVerifyAsync(verificationNonce, newShare));
  }

  /** Async form of {@link #rekeyVerify}. */
  public CompletableFuture<RekeyResult> rekeyVerifyAsync(String verificationNonce, CharSequence newShare) {
    RekeySubmitRequest body = shareStep(verificationNonce, newShare);
    return caller.call("sys rekey verify", route, r -> r.setRekeyVerify(body), r -> Wire.rekey(r, "sys rekey verify"));
  }

  /** Cancels the node's running rekey: the current shares stay valid, new ones it issued are void. */
  public void rekeyCancel() {
    caller.await(rekeyCancelAsync());
  }

  /** Async form of {@link #rekeyCancel()}. */
  public CompletableFuture<Void> rekeyCancelAsync() {
    return caller.call("sys rekey cancel", route, r -> r.setRekeyCancel(RekeyCancelRequest.getDefaultInstance()), Kv::done);
  }

  /** Where the node's rekey stands ({@code inProgress=false} if none runs). */
  public RekeyProgress rekeyStatus() {
    return caller.await(rekeyStatusAsync());
  }

  /** Async form of {@link #rekeyStatus()}. */
  public CompletableFuture<RekeyProgress> rekeyStatusAsync() {
    return caller.call("sys rekey status", route, r -> r.setRekeyStatus(RekeyStatusRequest.getDefaultInstance()),
        r -> Wire.rekeyProgress(Wire.expect(r, ResultCase.REKEY_PROGRESS, "sys rekey status").getRekeyProgress()));
  }

  // ------------------------------------------------------------------------ generate-root

  /**
   * Starts minting a root token that will leave the node XORed with {@code otp}, a one-time pad
   * the caller made ({@code strongroom operator generate-root --generate-otp}) and keeps secret.
   */
  public GenerateRootProgress generateRootStart(CharSequence otp) {
    return caller.await(generateRootStartAsync(otp));
  }

  /** Async form of {@link #generateRootStart(CharSequence)}. */
  public CompletableFuture<GenerateRootProgress> generateRootStartAsync(CharSequence otp) {
    Objects.requireNonNull(otp, "otp");
    if (otp.length() == 0) {
      throw new IllegalArgumentException("otp must not be empty");
    }
    GenerateRootInitRequest body = GenerateRootInitRequest.newBuilder().setOtp(otp.toString()).build();
    return generateRootInit(body);
  }

  /**
   * Starts minting a root token that will leave the node sealed to {@code recipientPublicKey}: a
   * 32-byte X25519 key or a 64-byte holder public key (copied).
   */
  public GenerateRootProgress generateRootStartSealed(byte[] recipientPublicKey) {
    return caller.await(generateRootStartSealedAsync(recipientPublicKey));
  }

  /** Async form of {@link #generateRootStartSealed(byte[])}. */
  public CompletableFuture<GenerateRootProgress> generateRootStartSealedAsync(byte[] recipientPublicKey) {
    if (recipientPublicKey.length != 32 && recipientPublicKey.length != 64) {
      throw new IllegalArgumentException("a recipient public key is 32 bytes (X25519) or 64 (a holder key), was "
          + recipientPublicKey.length);
    }
    GenerateRootInitRequest body =
        GenerateRootInitRequest.newBuilder().setRecipientPublicKey(ByteString.copyFrom(recipientPublicKey)).build();
    return generateRootInit(body);
  }

  private CompletableFuture<GenerateRootProgress> generateRootInit(GenerateRootInitRequest body) {
    return caller.call("sys generate-root init", route, r -> r.setGenerateRootInit(body),
        r -> Wire.generateRootProgress(
            Wire.expect(r, ResultCase.GENERATE_ROOT_PROGRESS, "sys generate-root init").getGenerateRootProgress()));
  }

  /**
   * Submits one share to the running generation named by {@code nonce}. Returns the progress, or
   * at the threshold the {@link EncodedRootToken} (only its requester can decode it).
   */
  public GenerateRootResult generateRootSubmit(String nonce, CharSequence share) {
    return caller.await(generateRootSubmitAsync(nonce, share));
  }

  /** Async form of {@link #generateRootSubmit}. */
  public CompletableFuture<GenerateRootResult> generateRootSubmitAsync(String nonce, CharSequence share) {
    RekeySubmitRequest step = shareStep(nonce, share);
    GenerateRootSubmitRequest body = GenerateRootSubmitRequest.newBuilder().setNonce(step.getNonce()).setShare(step.getShare()).build();
    return caller.call("sys generate-root submit", route, r -> r.setGenerateRootSubmit(body),
        r -> Wire.generateRoot(r, "sys generate-root submit"));
  }

  /** Cancels the node's running root token generation. */
  public void generateRootCancel() {
    caller.await(generateRootCancelAsync());
  }

  /** Async form of {@link #generateRootCancel()}. */
  public CompletableFuture<Void> generateRootCancelAsync() {
    return caller.call("sys generate-root cancel", route,
        r -> r.setGenerateRootCancel(GenerateRootCancelRequest.getDefaultInstance()), Kv::done);
  }

  /** Where the node's root token generation stands ({@code inProgress=false} if none runs). */
  public GenerateRootProgress generateRootStatus() {
    return caller.await(generateRootStatusAsync());
  }

  /** Async form of {@link #generateRootStatus()}. */
  public CompletableFuture<GenerateRootProgress> generateRootStatusAsync() {
    return caller.call("sys generate-root status", route,
        r -> r.setGenerateRootStatus(GenerateRootStatusRequest.getDefaultInstance()),
        r -> Wire.generateRootProgress(
            Wire.expect(r, ResultCase.GENERATE_ROOT_PROGRESS, "sys generate-root status").getGenerateRootProgress()));
  }

  // ------------------------------------------------------------------------ raft

  /** The cluster's Raft members with their addresses, regions and roles. Needs a root token. */
  public RaftMembership raftPeers() {
    return caller.await(raftPeersAsync());
  }

  /** Async form of {@link #raftPeers()}. */
  public CompletableFuture<RaftMembership> raftPeersAsync() {
    return raftCall("sys raft list-peers", r -> r.setRaftListPeers(RaftListPeersRequest.getDefaultInstance()));
  }

  /**
   * Adds a voting member. The new node must already run with this cluster's name and no peers
   * ({@code join: true} in its node.yaml); the leader catches it up, then commits the new
   * configuration. Adding a member again at the same address changes nothing. Needs a root token.
   *
   * @param region its region label; empty for the leader's
   * @return the configuration afterwards
   */
  public RaftMembership raftAddPeer(String id, String raftAddress, String clientAddress, String region) {
    return caller.await(raftAddPeerAsync(id, raftAddress, clientAddress, region));
  }

  /** Async form of {@link #raftAddPeer(String, String, String, String)}. */
  public CompletableFuture<RaftMembership> raftAddPeerAsync(String id, String raftAddress, String clientAddress, String region) {
    return raftAddPeerAsync(id, raftAddress, clientAddress, region, "", false);
  }

  /**
   * Adds a member: a voter, or with {@code listener} a non-voting read replica (a Ratis listener)
   * that replicates the log and serves stale reads but never counts toward a quorum. The new node
   * must already run with this cluster's name and no peers ({@code join: true}); like every node
   * it starts sealed and serves data once unsealed. Adding a member again at the same address and
   * in the same role changes nothing. Needs a root token.
   *
   * @param region its region label; empty for the leader's
   * @param zone its zone label; empty if unknown
   * @return the configuration afterwards
   */
  public RaftMembership raftAddPeer(String id, String raftAddress, String clientAddress, String region, String zone, boolean listener) {
    return caller.await(raftAddPeerAsync(id, raftAddress, clientAddress, region, zone, listener));
  }

  /** Async form of {@link #raftAddPeer(String, String, String, String, String, boolean)}. */
  public CompletableFuture<RaftMembership> raftAddPeerAsync(
      String id, String raftAddress, String clientAddress, String region, String zone, boolean listener) {
    requireText(id, "id");
    Address.parse(raftAddress);
    Address.parse(clientAddress);
    RaftAddPeerRequest body = RaftAddPeerRequest.newBuilder()
        .setId(id).setRaftAddress(raftAddress).setClientAddress(clientAddress).setRegion(Objects.requireNonNull(region, "region"))
        .setZone(Objects.requireNonNull(zone, "zone")).setListener(listener)
        .build();
    return raftCall("sys raft add-peer", r -> r.setRaftAddPeer(body));
  }

  /**
   * Removes member {@code id} from the configuration (stop its process afterwards). Needs a root
   * token.
   *
   * @return the configuration afterwards
   */
  public RaftMembership raftRemovePeer(String id) {
    return caller.await(raftRemovePeerAsync(id));
  }

  /** Async form of {@link #raftRemovePeer}. */
  public CompletableFuture<RaftMembership> raftRemovePeerAsync(String id) {
    requireText(id, "id");
    return raftCall("sys raft remove-peer", r -> r.setRaftRemovePeer(RaftRemovePeerRequest.newBuilder().setId(id)));
  }

  /**
   * Hands leadership to voter {@code id}; returns once it moved. Needs a root token.
   *
   * @return the configuration afterwards, as the old leader sees it
   */
  public RaftMembership raftTransferLeadership(String id) {
    return caller.await(raftTransferLeadershipAsync(id));
  }

  /** Async form of {@link #raftTransferLeadership}. */
  public CompletableFuture<RaftMembership> raftTransferLeadershipAsync(String id) {
    requireText(id, "id");
    return raftCall("sys raft transfer-leadership",
        r -> r.setRaftTransferLeadership(RaftTransferLeadershipRequest.newBuilder().setTo(id)));
  }

  /** Makes the leader take a snapshot now; returns the log index it covers. Needs a root token. */
  public long raftSnapshot() {
    return caller.await(raftSnapshotAsync());
  }

  /** Async form of {@link #raftSnapshot()}. */
  public CompletableFuture<Long> raftSnapshotAsync() {
    return caller.call("sys raft snapshot", route, r -> r.setRaftSnapshot(RaftSnapshotRequest.getDefaultInstance()),
        r -> Wire.expect(r, ResultCase.RAFT_SNAPSHOT, "sys raft snapshot").getRaftSnapshot().getIndex());
  }

  /**
   * Saves a backup of the whole cluster state to {@code out}: every secret version, its metadata
   * and the system records, all of it ciphertext or public data as the cluster stores it. The
   * leader takes it at one applied index while writes go on; it arrives in 1 MiB chunks and its
   * SHA-256 is checked here. If leadership moves during the transfer, the save starts over (up to
   * three times), so {@code out} should be a fresh file the caller discards on failure. Needs a
   * root token.
   *
   * @param progress told the bytes received so far after each chunk
   * @throws InternalException if what arrived does not match the backup's SHA-256
   */
  public SnapshotInfo raftSnapshotSave(java.io.OutputStream out, LongConsumer progress) throws java.io.IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(progress, "progress");
    for (int attempt = 1; ; attempt++) {
      java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
      try {
        SnapshotInfo info = saveOnce(buffer, progress);
        buffer.writeTo(out);
        out.flush();
        return info;
      } catch (InvalidArgumentException e) {
        if (attempt == 3 || !e.getMessage().contains("no backup")) {
          throw e;
        }
      }
    }
  }

  private SnapshotInfo saveOnce(java.io.ByteArrayOutputStream out, LongConsumer progress) {
    java.security.MessageDigest sha = sha256();
    String id = "";
    long offset = 0;
    long total;
    byte[] announced;
    long index;
    do {
      String saveId = id;
      long from = offset;
      var chunk = caller.await(caller.call("sys raft snapshot save", route,
          r -> r.setRaftSnapshotSave(RaftSnapshotSaveRequest.newBuilder().setSaveId(saveId).setOffset(from)),
          r -> Wire.expect(r, ResultCase.RAFT_SNAPSHOT_CHUNK, "sys raft snapshot save").getRaftSnapshotChunk()));
      if (chunk.getOffset() != offset || chunk.getData().isEmpty() && chunk.getTotalBytes() != offset) {
        throw new InternalException("the node answered chunk at " + chunk.getOffset() + ", expected " + offset, null);
      }
      id = chunk.getSaveId();
      total = chunk.getTotalBytes();
      announced = chunk.getSha256().toByteArray();
      index = chunk.getIndex();
      byte[] data = chunk.getData().toByteArray();
      out.write(data, 0, data.length);
      offset += data.length;
      progress.accept(offset);
    } while (offset < total);
    byte[] all = out.toByteArray();
    if (all.length < 32) {
      throw new InternalException("the backup is " + all.length + " bytes, too short to be one", null);
    }
    sha.update(all, 0, all.length - 32);
    byte[] computed = sha.digest();
    if (!java.security.MessageDigest.isEqual(computed, java.util.Arrays.copyOfRange(all, all.length - 32, all.length))
        || !java.security.MessageDigest.isEqual(computed, announced)) {
      throw new InternalException("the backup arrived damaged: its SHA-256 does not match", null);
    }
    return new SnapshotInfo(total, index, SnapshotInfo.hex(sha256().digest(all)), 0);
  }

  /**
   * Replaces every secret and system record of the cluster with those of a backup made by
   * {@link #raftSnapshotSave}, keeping the live seal configuration and peer list. The backup must
   * belong to this cluster's keys (its current key set or one a rekey replaced), else it is
   * refused before anything changes; a damaged upload is refused at the end and changes nothing.
   * The audit log is never rewritten. Needs a root token.
   *
   * @param progress told the bytes sent so far after each chunk
   */
  public SnapshotInfo raftSnapshotRestore(java.io.InputStream in, LongConsumer progress) throws java.io.IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(progress, "progress");
    byte[] restoreId = new byte[16];
    new java.security.SecureRandom().nextBytes(restoreId);
    ByteString id = ByteString.copyFrom(restoreId);
    java.security.MessageDigest sha = sha256();
    byte[] buffer = new byte[RESTORE_CHUNK_BYTES];
    int index = 0;
    long sent = 0;
    while (true) {
      int n = in.readNBytes(buffer, 0, buffer.length);
      if (n == 0) {
        break;
      }
      sha.update(buffer, 0, n);
      int chunk = index++;
      ByteString data = ByteString.copyFrom(buffer, 0, n);
      caller.await(caller.call("sys raft snapshot restore", route,
          r -> r.setRaftSnapshotRestore(RaftSnapshotRestoreRequest.newBuilder().setRestoreId(id).setIndex(chunk).setData(data)),
          r -> Wire.expect(r, ResultCase.RAFT_SNAPSHOT_RESTORED, "sys raft snapshot restore")));
      sent += n;
      progress.accept(sent);
    }
    if (index == 0) {
      throw new IllegalArgumentException("the backup is empty");
    }
    byte[] digest = sha.digest();
    int chunks = index;
    var done = caller.await(caller.call("sys raft snapshot restore", route,
        r -> r.setRaftSnapshotRestore(RaftSnapshotRestoreRequest.newBuilder().setRestoreId(id).setCommit(true)
            .setChunks(chunks).setSha256(ByteString.copyFrom(digest))),
        r -> Wire.expect(r, ResultCase.RAFT_SNAPSHOT_RESTORED, "sys raft snapshot restore").getRaftSnapshotRestored()));
    return new SnapshotInfo(sent, 0, SnapshotInfo.hex(digest), done.getRecords());
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * Writes the audit log from entry {@code from} to entry {@code to} (0: the head) to {@code out}
   * as JSON lines, entries and the signed checkpoints among them (docs/audit-format.md), a page
   * at a time. Needs a root token.
   *
   * @param progress told the last sequence number written after each page
   * @return the number of entries written
   */
  public long auditExport(long from, long to, java.io.OutputStream out, LongConsumer progress) throws java.io.IOException {
    Objects.requireNonNull(out, "out");
    long next = Math.max(1, from);
    long entries = 0;
    while (true) {
      long start = next;
      var page = caller.await(caller.call("sys audit export", route,
          r -> r.setAuditExport(io.strongroom.protocol.v1.AuditExportRequest.newBuilder().setFrom(start).setTo(to)),
          r -> Wire.expect(r, ResultCase.AUDIT_EXPORT, "sys audit export").getAuditExport()));
      page.getJsonl().writeTo(out);
      entries += page.getNext() - start;
      progress.accept(page.getNext() - 1);
      if (page.getDone() || page.getNext() <= start) {
        out.flush();
        return entries;
      }
      next = page.getNext();
    }
  }

  /** The audit chain head this node holds (no read barrier); pin a node with {@link #node}. Needs a root token. */
  public AuditHead auditHead() {
    return caller.await(caller.call("sys audit head", route,
        r -> r.setAuditHead(io.strongroom.protocol.v1.AuditHeadRequest.getDefaultInstance()),
        r -> {
          var h = Wire.expect(r, ResultCase.AUDIT_HEAD, "sys audit head").getAuditHead();
          return new AuditHead(h.getSeq(), h.getHash(), h.getNodeId(), h.getTreeRoot());
        }));
  }

  /** The RFC 6962 inclusion proof of entry {@code seq} against the latest checkpoint, as JSON. Needs a root token. */
  public String auditProve(long seq) {
    return auditProof(seq, 0);
  }

  /** The RFC 6962 consistency proof between the checkpoints at {@code firstSeq} and {@code secondSeq}, as JSON. */
  public String auditConsistency(long firstSeq, long secondSeq) {
    return auditProof(firstSeq, secondSeq);
  }

  private String auditProof(long seq, long toCheckpoint) {
    return caller.await(caller.call("sys audit prove", route,
        r -> r.setAuditProve(io.strongroom.protocol.v1.AuditProveRequest.newBuilder().setSeq(seq).setToCheckpoint(toCheckpoint)),
        r -> Wire.expect(r, ResultCase.AUDIT_PROOF, "sys audit prove").getAuditProof().getJson()));
  }

  /** The public key the cluster signs audit checkpoints with ({@code ed25519:<base64>}). Needs a root token. */
  public String auditPublicKey() {
    return caller.await(caller.call("sys audit public-key", route,
        r -> r.setAuditPublicKey(io.strongroom.protocol.v1.AuditPublicKeyRequest.getDefaultInstance()),
        r -> Wire.expect(r, ResultCase.AUDIT_PUBLIC_KEY, "sys audit public-key").getAuditPublicKey().getKey()));
  }

  /** The HMAC audit entries show for {@code value} (a path, an accessor), to search an export. Needs a root token. */
  public String auditHash(String value) {
    requireText(value, "value");
    return caller.await(caller.call("sys audit hash", route,
        r -> r.setAuditHash(io.strongroom.protocol.v1.AuditHashRequest.newBuilder().setValue(value)),
        r -> Wire.expect(r, ResultCase.AUDIT_HASH, "sys audit hash").getAuditHash().getHmac()));
  }

  private CompletableFuture<RaftMembership> raftCall(String op, Consumer<Request.Builder> body) {
    return caller.call(op, route, body, r -> Wire.raftPeers(Wire.expect(r, ResultCase.RAFT_PEERS, op).getRaftPeers()));
  }

  private static RekeySubmitRequest shareStep(String nonce, CharSequence share) {
    requireText(nonce, "nonce");
    Objects.requireNonNull(share, "share");
    if (share.length() == 0) {
      throw new IllegalArgumentException("share must not be empty");
    }
    return RekeySubmitRequest.newBuilder().setNonce(nonce).setShare(share.toString()).build();
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
  }

  private static void checkSplit(int shares, int threshold, List<byte[]> holderPublicKeys) {
    if (shares < 1 || shares > 255) {
      throw new IllegalArgumentException("shares must be in 1..255, was " + shares);
    }
    if (threshold < 1 || threshold > shares) {
      throw new IllegalArgumentException(
          "threshold must be in 1.." + shares + " (shares), was " + threshold);
    }
    if (!holderPublicKeys.isEmpty() && holderPublicKeys.size() != shares) {
      throw new IllegalArgumentException("need one holder public key per share (" + shares
          + "), got " + holderPublicKeys.size());
    }
  }

  @Override
  public String toString() {
    return route.pinned() == null ? "Sys[leader]" : "Sys[node=" + route.pinned() + "]";
  }
}
