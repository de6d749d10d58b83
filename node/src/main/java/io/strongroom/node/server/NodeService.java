package io.strongroom.node.server;

import com.google.protobuf.ByteString;
import io.strongroom.access.policy.Capability;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.ThresholdCryptoException;
import io.strongroom.node.config.HostPort;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.node.ingress.RequestHandler;
import io.strongroom.protocol.v1.Done;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.GenerateRootInitRequest;
import io.strongroom.protocol.v1.GenerateRootProgress;
import io.strongroom.protocol.v1.GenerateRootToken;
import io.strongroom.protocol.v1.KvKeys;
import io.strongroom.protocol.v1.KvMetadata;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.KvWritten;
import io.strongroom.protocol.v1.NodeStatus;
import io.strongroom.protocol.v1.RaftAddPeerRequest;
import io.strongroom.protocol.v1.RaftPeer;
import io.strongroom.protocol.v1.RaftPeers;
import io.strongroom.protocol.v1.RaftSnapshot;
import io.strongroom.protocol.v1.RekeyProgress;
import io.strongroom.protocol.v1.RekeyShares;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import io.strongroom.protocol.v1.Status;
import io.strongroom.protocol.v1.UnsealProgress;
import io.strongroom.audit.AuditRecord;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.ReplicatedState;
import io.strongroom.raft.RequestId;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.barrier.Sealer;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvEdge;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.MetadataChange;
import io.strongroom.storage.kv.Prepared;
import io.strongroom.storage.kv.ReadResult;
import io.strongroom.storage.kv.SealedRead;
import io.strongroom.storage.kv.SecretMetadata;
import io.strongroom.storage.kv.SecretPatch;
import io.strongroom.storage.kv.VersionInfo;
import io.strongroom.unseal.AlreadyInitializedException;
import io.strongroom.unseal.CeremonyException;
import io.strongroom.unseal.GenerateRootResult;
import io.strongroom.unseal.HsmException;
import io.strongroom.unseal.IllegalTransitionException;
import io.strongroom.unseal.InitResult;
import io.strongroom.unseal.RekeyResult;
import io.strongroom.unseal.SealLifecycle;
import io.strongroom.unseal.SealState;
import io.strongroom.unseal.SealStatus;
import io.strongroom.unseal.SealedException;
import io.strongroom.unseal.TokenProtection;
import io.strongroom.unseal.UnsealResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves client requests on a node: checks the seal and the token, then writes through Raft or
 * reads after a linearizable read barrier.
 *
 * <p>Writes are encrypted here, on the leader, before they are proposed (invariant 1), so the
 * leader alone draws nonces and counts encryptions per key term; a follower answers NOT_LEADER with
 * the leader's client address and the client follows it. Reads may be served by any unsealed node:
 * Ratis' read index makes them linearizable, and the value is decrypted locally.
 *
 * <p>Nothing from a request (token, share, value) is logged or echoed in an error message.
 * Blocking work runs on {@code work}, never on the network threads.
 */
final class NodeService implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

  /**
   * TEST ONLY: serve "linearizable" reads from local state without a read index. The chaos suite
   * turns it on to prove its checker catches the stale reads that follow; never set it otherwise.
   */
  static final boolean UNSAFE_LOCAL_READS = Boolean.getBoolean("strongroom.test.unsafeLocalReads");

  /** The staleness bound of a stale read that names none. */
  static final long DEFAULT_MAX_STALENESS_MS = 5_000;

  private final NodeConfig config;
  private final RaftNode raft;
  private final SealLifecycle seal;
  private final WriteBatcher writes;
  private final SecureRandom random;
  private final LongSupplier clock;
  private final Executor work;
  private final MeterRegistry metrics;
  private final String version;
  private final SnapshotBackups backups;
  private final AuditTrail audit;
  private final AccessControl access;
  /** Requests whose audit record rode inside their own log entry (identity: the very request objects). */
  private final java.util.Set<Request> auditedInEntry =
      java.util.Collections.newSetFromMap(java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>()));

  NodeService(
      NodeConfig config,
      RaftNode raft,
      SealLifecycle seal,
      WriteBatcher writes,
      SecureRandom random,
      LongSupplier clock,
      Executor work,
      MeterRegistry metrics,
      String version) {
    this.config = config;
    this.raft = raft;
    this.seal = seal;
    this.writes = writes;
    this.random = random;
    this.clock = clock;
    this.work = work;
    this.metrics = metrics;
    this.version = version;
    this.backups = new SnapshotBackups(raft, writes, config.dataDir(), random, adminTimeout());
    this.access = new AccessControl(seal, raft, writes, random, config.timeouts().request());
    this.audit = new AuditTrail(config.nodeId(), seal, writes, raft, random, config.timeouts().request(), clock, metrics);
  }

  /** Run about once a second: the leader's audit checkpoints. */
  void auditTick() {
    try {
      audit.checkpointTick();
    } catch (RuntimeException e) {
      LOG.warn("audit checkpoint tick failed: {}", e.toString());
    }
  }

  @Override
  public CompletableFuture<Response> handle(Request request, Peer peer) {
    String op = request.getOpCase().name().toLowerCase(java.util.Locale.ROOT);
    Timer.Sample sample = Timer.start(metrics);
    Request r = request.getRequestId().isEmpty()
        ? request.toBuilder().setRequestId(com.google.protobuf.ByteString.copyFrom(RequestId.random(random).value().toByteArray())).build()
        : request;
    String from = clientHost(peer);
    return CompletableFuture.supplyAsync(() -> dispatch(r, from), work)
        .thenCompose(f -> f)
        .handle((answer, failure) -> failure == null ? CompletableFuture.completedFuture(answer) : failed(failure))
        .thenCompose(f -> f)
        .thenCompose(answer -> {
          if (auditedInEntry.remove(r)) {
            return CompletableFuture.completedFuture(answer);
          }
          RequestId id;
          try {
            id = requestId(r);
          } catch (IllegalArgumentException e) {
            id = RequestId.random(random); // the answer already says the id is malformed
          }
          return audit.afterAnswer(r, id, answer);
        })
        .whenComplete(
            (response, e) ->
                sample.stop(
                    metrics.timer(
                        "strongroom.requests",
                        "op",
                        op,
                        "outcome",
                        response == null || !response.hasError() ? "OK" : response.getError().getCode().name())));
  }

  private CompletableFuture<Response> dispatch(Request r, String from) {
    switch (r.getOpCase()) {
      case STATUS:
        return done(Response.newBuilder().setStatus(status()));
      case INIT:
        return done(init(r));
      case UNSEAL:
        return done(unseal(r));
      case SEAL:
        requireSudo(r, from);
        seal.seal();
        return done(Response.newBuilder().setDone(Done.getDefaultInstance()));
      case ROTATE:
        requireSudo(r, from);
        requireLeader();
        seal.rotate();
        return done(Response.newBuilder().setDone(Done.getDefaultInstance()));
      // Ceremonies: no token, the shares are the authorization; progress lives on this node.
      case REKEY_INIT: {
        var init = r.getRekeyInit();
        return done(rekeyProgress(seal.rekeyStart(
            init.getShares(), init.getThreshold(), holderKeys(init.getHolderPublicKeysList()), init.getRequireVerification())));
      }
      case REKEY_SUBMIT:
        return done(rekey(seal.rekeySubmit(r.getRekeySubmit().getNonce(), r.getRekeySubmit().getShare())));
      case REKEY_VERIFY:
        return done(rekey(seal.rekeyVerify(r.getRekeyVerify().getNonce(), r.getRekeyVerify().getShare())));
      case REKEY_CANCEL:
        seal.rekeyCancel();
        return done(Response.newBuilder().setDone(Done.getDefaultInstance()));
      case REKEY_STATUS:
        return done(seal.rekeyStatus().map(NodeService::rekeyProgress)
            .orElseGet(() -> Response.newBuilder().setRekeyProgress(RekeyProgress.getDefaultInstance())));
      case GENERATE_ROOT_INIT:
        return done(generateRootProgress(seal.generateRootStart(tokenProtection(r.getGenerateRootInit()))));
      case GENERATE_ROOT_SUBMIT:
        return done(generateRoot(seal.generateRootSubmit(r.getGenerateRootSubmit().getNonce(), r.getGenerateRootSubmit().getShare())));
      case GENERATE_ROOT_CANCEL:
        seal.generateRootCancel();
        return done(Response.newBuilder().setDone(Done.getDefaultInstance()));
      case GENERATE_ROOT_STATUS:
        return done(seal.generateRootStatus().map(NodeService::generateRootProgress)
            .orElseGet(() -> Response.newBuilder().setGenerateRootProgress(GenerateRootProgress.getDefaultInstance())));
      // Raft administration: root token; changes on the leader.
      case RAFT_LIST_PEERS:
        requireSudo(r, from);
        return done(Response.newBuilder().setRaftPeers(raftPeers()));
      case RAFT_ADD_PEER:
        requireSudo(r, from);
        requireLeader();
        return done(addPeer(r.getRaftAddPeer()));
      case RAFT_REMOVE_PEER:
        requireSudo(r, from);
        requireLeader();
        return done(removePeer(r.getRaftRemovePeer().getId()));
      case RAFT_TRANSFER_LEADERSHIP:
        requireSudo(r, from);
        requireLeader();
        return done(transferLeadership(r.getRaftTransferLeadership().getTo()));
      case RAFT_SNAPSHOT:
        requireSudo(r, from);
        requireLeader();
        return done(takeSnapshot());
      case RAFT_SNAPSHOT_SAVE:
        requireSudo(r, from);
        requireLeader();
        return done(saveBackup(r.getRaftSnapshotSave()));
      case RAFT_SNAPSHOT_RESTORE:
        requireSudo(r, from);
        requireLeader();
        return done(restoreBackup(requestId(r), r.getRaftSnapshotRestore()));
      // The audit log: root token (sudo on sys/audit once policies exist).
      case AUDIT_EXPORT:
        requireSudo(r, from);
        return raft.readBarrier().thenApplyAsync(i -> Response.newBuilder().setAuditExport(auditQueries().export(r.getAuditExport())).build(), work);
      case AUDIT_HEAD:
        requireSudo(r, from);
        return done(Response.newBuilder().setAuditHead(auditQueries().head()));
      case AUDIT_PROVE:
        requireSudo(r, from);
        return raft.readBarrier().thenApplyAsync(i -> Response.newBuilder().setAuditProof(auditQueries().prove(r.getAuditProve())).build(), work);
      case AUDIT_PUBLIC_KEY: {
        requireSudo(r, from);
        var key = audit.publicKey().orElseThrow(NotUnsealed::new);
        return done(Response.newBuilder().setAuditPublicKey(io.strongroom.protocol.v1.AuditPublicKey.newBuilder()
            .setKey(key.toString()).setKeyId(key.keyId())));
      }
      case AUDIT_HASH: {
        requireSudo(r, from);
        String value = r.getAuditHash().getValue();
        if (value.isEmpty()) {
          throw new IllegalArgumentException("name the value to hash (a path, or an accessor)");
        }
        return done(Response.newBuilder().setAuditHash(io.strongroom.protocol.v1.AuditHash.newBuilder()
            .setHmac(audit.hmac(value).orElseThrow(NotUnsealed::new))));
      }
      // Tokens and policies: each authorized on its Vault path by the caller's policies.
      case TOKEN_CREATE: {
        AccessControl.Principal p = principal(r, from);
        access.authorize(p, "auth/token/create", Capability.CREATE, Capability.UPDATE);
        AccessControl.Created created = access.create(p, tokenRequest(r.getTokenCreate()));
        return done(Response.newBuilder().setTokenInfo(tokenInfo(created.record()).setToken(created.token())));
      }
      case TOKEN_LOOKUP: {
        AccessControl.Principal p = principal(r, from);
        String accessor = r.getTokenLookup().getAccessor();
        access.authorize(p, accessor.isEmpty() ? "auth/token/lookup-self" : "auth/token/lookup-accessor", Capability.READ, Capability.UPDATE);
        return done(Response.newBuilder().setTokenInfo(tokenInfo(access.lookup(p, accessor))));
      }
      case TOKEN_RENEW: {
        AccessControl.Principal p = principal(r, from);
        String accessor = r.getTokenRenew().getAccessor();
        access.authorize(p, accessor.isEmpty() ? "auth/token/renew-self" : "auth/token/renew-accessor", Capability.UPDATE);
        return done(Response.newBuilder().setTokenInfo(tokenInfo(access.renew(p, accessor, r.getTokenRenew().getIncrementMs()))));
      }
      case TOKEN_REVOKE: {
        AccessControl.Principal p = principal(r, from);
        String accessor = r.getTokenRevoke().getAccessor();
        access.authorize(p, accessor.isEmpty() ? "auth/token/revoke-self" : "auth/token/revoke-accessor", Capability.UPDATE);
        TokenRecordView revoked = new TokenRecordView(access.lookup(p, accessor));
        int count = access.revoke(p, accessor);
        return done(Response.newBuilder().setTokenInfo(tokenInfo(revoked.record()).setRevoked(count)));
      }
      case POLICY_WRITE: {
        String name = r.getPolicyWrite().getName();
        access.authorize(principal(r, from), "sys/policy/" + name, Capability.CREATE, Capability.UPDATE);
        access.writePolicy(name, r.getPolicyWrite().getJson());
        return done(Response.newBuilder().setDone(Done.getDefaultInstance()));
      }
      case POLICY_READ: {
        String name = r.getPolicyRead().getName();
        access.authorize(principal(r, from), "sys/policy/" + name, Capability.READ);
        return done(access.readPolicy(name)
            .map(json -> Response.newBuilder().setPolicy(io.strongroom.protocol.v1.PolicyDocument.newBuilder().setName(name).setJson(json)))
            .orElseGet(() -> error(ErrorCode.NOT_FOUND, "no policy " + name)));
      }
      case POLICY_LIST:
        access.authorize(principal(r, from), "sys/policy/", Capability.LIST);
        return done(Response.newBuilder().setPolicyNames(io.strongroom.protocol.v1.PolicyNames.newBuilder().addAllNames(access.listPolicies())));
      case POLICY_DELETE: {
        String name = r.getPolicyDelete().getName();
        access.authorize(principal(r, from), "sys/policy/" + name, Capability.DELETE);
        return done(access.deletePolicy(name)
            ? Response.newBuilder().setDone(Done.getDefaultInstance())
            : error(ErrorCode.NOT_FOUND, "no policy " + name));
      }
      // Break-glass: no token; the holders' signed approvals are the authorization.
      case BREAK_GLASS_OPEN: {
        requireUnsealedLeader();
        var open = r.getBreakGlassOpen();
        byte[] key = open.getRequesterKey().toByteArray();
        if (key.length != 32 && key.length != 64) {
          throw new IllegalArgumentException("the requester key is an X25519 public key (32 bytes) or a holder public key (64), was " + key.length);
        }
        return done(breakGlass(access.breakGlassOpen(open.getPoliciesList(), open.getTtlMs(), open.getReason(),
            Bytes.of(java.util.Arrays.copyOf(key, 32)))));
      }
      case BREAK_GLASS_APPROVE: {
        requireUnsealedLeader();
        io.strongroom.crypto.Approval approval = io.strongroom.crypto.Approval.fromBytes(Bytes.of(r.getBreakGlassApprove().getApproval().toByteArray()));
        return done(breakGlass(access.breakGlassApprove(r.getBreakGlassApprove().getId(), approval)));
      }
      case BREAK_GLASS_STATUS:
        if (seal.state() != SealState.UNSEALED) {
          throw new NotUnsealed();
        }
        return raft.readBarrier().thenApplyAsync(i -> Response.newBuilder()
            .setBreakGlass(breakGlass(access.breakGlassStatus(r.getBreakGlassStatus().getId())).getBreakGlass()).build(), work);
      case OP_NOT_SET:
        return done(error(ErrorCode.INVALID_ARGUMENT, "the request names no operation (a newer client?)"));
      default:
        return kv(r, from);
    }
  }

  // ------------------------------------------------------------------------------ secrets

  private CompletableFuture<Response> kv(Request r, String from) {
    if (isWrite(r.getOpCase())) {
      // First: only the leader seals values (it alone draws nonces and counts encryptions per key
      // term), and a sealed follower must still send writers to the leader.
      requireLeader();
    }
    KvEdge edge = new KvEdge(sealer(), raft.state().kv());
    authorizeKv(r, from, edge);
    switch (r.getOpCase()) {
      case KV_PUT: {
        var put = r.getKvPut();
        OptionalLong cas = put.hasCas() ? OptionalLong.of(put.getCas()) : OptionalLong.empty();
        return propose(r, edge.preparePut(put.getPath(), put.getDataMap(), cas, random));
      }
      case KV_PATCH: {
        var patch = r.getKvPatch();
        return afterBarrier(
            r,
            () -> {
              Prepared prepared;
              try {
                prepared = edge.preparePatch(patch.getPath(), new SecretPatch(patch.getSetMap(), new HashSet<>(patch.getRemoveList())), clock.getAsLong(), random);
              } catch (DecryptionFailedException e) {
                throw new CompletionException(e);
              }
              if (patch.hasCas() && prepared instanceof Prepared.Propose p && p.command() instanceof KvCommand.Put put) {
                long current = put.cas().orElse(0);
                if (current != patch.getCas()) {
                  return done(kvResult(new KvResult.CasMismatch(patch.getCas(), current), 0));
                }
              }
              return propose(r, prepared);
            });
      }
      case KV_DELETE:
        return propose(r, new Prepared.Propose(new KvCommand.Delete(r.getKvDelete().getPath(), r.getKvDelete().getVersionsList())));
      case KV_UNDELETE:
        return propose(r, new Prepared.Propose(new KvCommand.Undelete(r.getKvUndelete().getPath(), r.getKvUndelete().getVersionsList())));
      case KV_DESTROY:
        return propose(r, new Prepared.Propose(new KvCommand.Destroy(r.getKvDestroy().getPath(), r.getKvDestroy().getVersionsList())));
      case KV_METADATA_DELETE:
        return propose(r, new Prepared.Propose(new KvCommand.DeleteMetadata(r.getKvMetadataDelete().getPath())));
      case KV_METADATA_PUT: {
        var m = r.getKvMetadataPut();
        MetadataChange change =
            new MetadataChange(
                m.hasMaxVersions() ? OptionalInt.of(m.getMaxVersions()) : OptionalInt.empty(),
                m.hasCasRequired() ? Optional.of(m.getCasRequired()) : Optional.empty(),
                m.hasDeleteVersionAfterMs() ? OptionalLong.of(m.getDeleteVersionAfterMs()) : OptionalLong.empty(),
                m.getReplaceCustomMetadata() || m.getCustomMetadataCount() > 0 ? Optional.of(m.getCustomMetadataMap()) : Optional.empty());
        return propose(r, edge.prepareWriteMetadata(m.getPath(), change, random));
      }
      case KV_GET:
        if (readsThroughLog(r)) {
          return auditedRead(r, edge);
        }
        return afterBarrier(r, () -> done(read(edge, r.getKvGet().getPath(), r.getKvGet().getVersion())));
      case KV_LIST:
        return afterBarrier(r, () -> done(Response.newBuilder().setKvKeys(KvKeys.newBuilder().addAllKeys(edge.list(r.getKvList().getPrefix())))));
      case KV_METADATA_GET:
        return afterBarrier(r, () -> done(metadata(edge, r.getKvMetadataGet().getPath())));
      default:
        return done(error(ErrorCode.INVALID_ARGUMENT, "unknown operation " + r.getOpCase()));
    }
  }

  private static boolean isWrite(Request.OpCase op) {
    switch (op) {
      case KV_PUT:
      case KV_PATCH:
      case KV_DELETE:
      case KV_UNDELETE:
      case KV_DESTROY:
      case KV_METADATA_PUT:
      case KV_METADATA_DELETE:
        return true;
      default:
        return false;
    }
  }

  private Sealer sealer() {
    return new Sealer() {
      @Override
      public Bytes seal(String path, byte[] plaintext, SecureRandom unused) {
        return seal.encrypt(path, plaintext);
      }

      @Override
      public SecretBytes open(String path, Bytes ciphertext) throws DecryptionFailedException {
        return seal.decrypt(path, ciphertext);
      }
    };
  }

  /** Raised by {@link #openWithoutWaiting} while a ceremony holds the seal's lock. */
  private static final class SealBusy extends RuntimeException {
    SealBusy() {
      super("the seal's lock is held by a ceremony", null, false, false);
    }
  }

  /** Opens values only if it need not wait for the seal's lock ({@link SealBusy} otherwise); seals nothing. */
  private final Sealer openWithoutWaiting = sealerWithoutWaiting();

  private Sealer sealerWithoutWaiting() {
    return new Sealer() {
      @Override
      public Bytes seal(String path, byte[] plaintext, SecureRandom unused) {
        throw new UnsupportedOperationException("opens values only");
      }

      @Override
      public SecretBytes open(String path, Bytes ciphertext) throws DecryptionFailedException {
        return seal.tryDecrypt(path, ciphertext).orElseThrow(SealBusy::new);
      }
    };
  }

  private CompletableFuture<Response> propose(Request r, Prepared prepared) {
    if (prepared instanceof Prepared.Refuse refuse) {
      return done(kvResult(refuse.result(), 0));
    }
    RequestId id = requestId(r);
    Command command = new Command.KvWrite(id, ((Prepared.Propose) prepared).command());
    Optional<io.strongroom.audit.AuditRecord> record = audit.inEntry(r, id);
    if (record.isPresent()) {
      command = new Command.Audited(command, record.get());
      auditedInEntry.add(r);
    }
    return writes.submit(command).thenApply(res -> kvResult(((CommandResult.Kv) res.result()).result(), res.leaderTimeMillis()));
  }

  /**
   * Whether a read goes through the log as an audited read command (one replication round that is
   * both its barrier and its audit record) rather than a read index followed by a separately
   * committed record (two rounds): every audited linearizable read of an unsealed node.
   */
  private boolean readsThroughLog(Request r) {
    return audit.records(r) && r.getConsistency() != io.strongroom.protocol.v1.Consistency.STALE && !UNSAFE_LOCAL_READS
        && seal.state() == SealState.UNSEALED;
  }

  /**
   * A linearizable read whose audit record's commit is its barrier: the apply reads the state as
   * of the read's own log entry (after every write acknowledged before the request), records what
   * it found, and hands the sealed value back; this node opens it. Batched with concurrent
   * requests like a write.
   *
   * <p>The answer arrives on the thread that hands out every Raft answer, so the value is opened
   * there only if that needs no wait for the seal's lock. A ceremony (a key rotation, a rekey)
   * holds that lock while it waits for its own record to commit, and that answer may be queued
   * behind this one: waiting here would stall every request until the ceremony timed out. While a
   * ceremony holds it, the value is opened on the request pool instead.
   */
  private CompletableFuture<Response> auditedRead(Request r, KvEdge edge) {
    var get = r.getKvGet();
    RequestId id = requestId(r);
    AuditRecord record = audit.inEntry(r, id).orElseThrow(() -> new IllegalStateException("audit recording is off"));
    auditedInEntry.add(r);
    KvEdge withoutWaiting = new KvEdge(openWithoutWaiting, raft.state().kv());
    return audit.commitInEntry(new Command.Audited(new Command.KvRead(id, get.getPath(), get.getVersion()), record), result -> {
      SealedRead found = ((CommandResult.Read) result).found();
      try {
        return CompletableFuture.completedFuture(openedAnswer(withoutWaiting, get.getPath(), get.getVersion(), found));
      } catch (SealBusy busy) {
        return CompletableFuture.supplyAsync(() -> openedAnswer(edge, get.getPath(), get.getVersion(), found), work);
      }
    });
  }

  private static Response openedAnswer(KvEdge edge, String path, long version, SealedRead found) {
    try {
      return readAnswer(edge.open(path, found), path, version).build();
    } catch (DecryptionFailedException e) {
      throw new CompletionException(e);
    }
  }

  /** Runs {@code read} once this replica has applied everything committed before the request. */
  private CompletableFuture<Response> afterBarrier(Request r, java.util.function.Supplier<CompletableFuture<Response>> read) {
    if (seal.state() != SealState.UNSEALED) {
      throw new NotUnsealed();
    }
    CompletableFuture<Long> barrier;
    if (r.getConsistency() == io.strongroom.protocol.v1.Consistency.STALE) {
      // Served from this replica without asking the leader, if it is within the caller's bound.
      long bound = r.getMaxStalenessMs() == 0 ? DEFAULT_MAX_STALENESS_MS : r.getMaxStalenessMs();
      long staleness = raft.stalenessMillis();
      if (staleness > bound) {
        throw new ClusterUnavailableException(
            "node " + config.nodeId() + " cannot serve a read within " + bound + " ms of staleness ("
                + (staleness == Long.MAX_VALUE ? "no recent contact with a leader" : "last heard from the leader " + staleness + " ms ago")
                + "); try another node or a linearizable read",
            null);
      }
      barrier = CompletableFuture.completedFuture(raft.state().applied().index());
    } else if (UNSAFE_LOCAL_READS) {
      barrier = CompletableFuture.completedFuture(raft.state().applied().index()); // the chaos suite's negative control
    } else {
      barrier = raft.readBarrier();
    }
    return barrier.thenComposeAsync(applied -> read.get().thenApply(resp -> resp.toBuilder().setAppliedIndex(applied).build()), work);
  }

  private Response.Builder read(KvEdge edge, String path, long version) {
    ReadResult result;
    try {
      result = edge.read(path, version == 0 ? OptionalLong.empty() : OptionalLong.of(version), clock.getAsLong());
    } catch (DecryptionFailedException e) {
      throw new CompletionException(e);
    }
    return readAnswer(result, path, version);
  }

  private static Response.Builder readAnswer(ReadResult result, String path, long version) {
    if (result instanceof ReadResult.Found f) {
      return Response.newBuilder().setKvSecret(KvSecret.newBuilder().putAllData(f.data()).setVersion(versionInfo(f.info())));
    } else if (result instanceof ReadResult.Deleted d) {
      return error(ErrorCode.NOT_FOUND, "version " + d.info().version() + " of " + path + " is deleted (undelete restores it)");
    } else if (result instanceof ReadResult.Destroyed d) {
      return error(ErrorCode.NOT_FOUND, "version " + d.info().version() + " of " + path + " was destroyed");
    } else if (result instanceof ReadResult.Rejected x) {
      return error(ErrorCode.INVALID_ARGUMENT, x.message());
    }
    return error(ErrorCode.NOT_FOUND, version == 0 ? "no secret at " + path : "no version " + version + " of " + path);
  }

  private Response.Builder metadata(KvEdge edge, String path) {
    Optional<SecretMetadata> found;
    try {
      found = edge.readMetadata(path);
    } catch (DecryptionFailedException e) {
      throw new CompletionException(e);
    }
    if (found.isEmpty()) {
      return error(ErrorCode.NOT_FOUND, "no secret at " + path);
    }
    SecretMetadata m = found.get();
    KvMetadata.Builder b =
        KvMetadata.newBuilder()
            .setPath(m.path())
            .setCurrentVersion(m.currentVersion())
            .setOldestVersion(m.oldestVersion())
            .setMaxVersions(m.maxVersions())
            .setCasRequired(m.casRequired())
            .setDeleteVersionAfterMs(m.deleteVersionAfterMillis())
            .setCreatedTimeMs(m.createdMillis())
            .setUpdatedTimeMs(m.updatedMillis())
            .putAllCustomMetadata(m.customMetadata());
    m.versions().forEach(v -> b.addVersions(versionInfo(v)));
    return Response.newBuilder().setKvMetadata(b);
  }

  private static io.strongroom.protocol.v1.VersionInfo versionInfo(VersionInfo v) {
    return io.strongroom.protocol.v1.VersionInfo.newBuilder()
        .setVersion(v.version())
        .setCreatedTimeMs(v.createdMillis())
        .setDeletionTimeMs(v.deletionMillis())
        .setDestroyed(v.destroyed())
        .build();
  }

  private static Response kvResult(KvResult result, long leaderTime) {
    if (result instanceof KvResult.Written w) {
      return Response.newBuilder().setKvWritten(KvWritten.newBuilder().setVersion(w.version()).setCreatedTimeMs(leaderTime)).build();
    } else if (result instanceof KvResult.Done) {
      return Response.newBuilder().setDone(Done.getDefaultInstance()).build();
    } else if (result instanceof KvResult.CasMismatch c) {
      return error(ErrorCode.CAS_MISMATCH, "check-and-set expected version " + c.expected() + ", the current version is " + c.actual()).build();
    } else if (result instanceof KvResult.CasRequired) {
      return error(ErrorCode.CAS_MISMATCH, "this secret requires check-and-set: pass the current version as cas").build();
    } else if (result instanceof KvResult.NotFound) {
      return error(ErrorCode.NOT_FOUND, "no such secret or version").build();
    }
    KvResult.Rejected rejected = (KvResult.Rejected) result;
    return error(ErrorCode.INVALID_ARGUMENT, rejected.message()).build();
  }

  // ------------------------------------------------------------------------------ system

  Status status() {
    SealStatus s = seal.status();
    Optional<String> leader = raft.leaderId();
    Status.Builder b =
        Status.newBuilder()
            .setInitialized(s.state() != SealState.UNINITIALIZED)
            .setSealed(s.state() != SealState.UNSEALED)
            .setNodeId(config.nodeId())
            .setLeader(leader.orElse(""))
            .setAppliedIndex(Math.max(0, raft.appliedIndex()))
            .setCommitIndex(Math.max(0, raft.commitIndex()))
            .setThreshold(s.threshold())
            .setShares(s.shares())
            .setUnsealProgress(s.progress())
            .setVersion(version);
    for (RaftPeer p : raftPeers().getPeersList()) {
      b.addNodes(NodeStatus.newBuilder().setId(p.getId()).setAddress(p.getClientAddress()).setRegion(p.getRegion()).setZone(p.getZone())
          .setRole(p.getRole()));
    }
    return b.build();
  }

  private static List<HolderPublicKeys> holderKeys(List<ByteString> keys) {
    List<HolderPublicKeys> holders = new ArrayList<>();
    for (var key : keys) {
      if (key.size() != 64) {
        throw new IllegalArgumentException("a holder public key is 64 bytes (X25519 then Ed25519), was " + key.size());
      }
      byte[] k = key.toByteArray();
      holders.add(new HolderPublicKeys(Bytes.of(k, 0, 32), Bytes.of(k, 32, 32)));
    }
    return holders;
  }

  private Response.Builder init(Request r) {
    var init = r.getInit();
    List<HolderPublicKeys> holders = holderKeys(init.getHolderPublicKeysList());
    int shares = init.getShares() == 0 ? SealLifecycle.DEFAULT_SHARES : init.getShares();
    int threshold = init.getThreshold() == 0 ? SealLifecycle.DEFAULT_THRESHOLD : init.getThreshold();
    InitResult result = seal.init(shares, threshold, holders);
    return Response.newBuilder()
        .setInit(io.strongroom.protocol.v1.InitResult.newBuilder().addAllShares(result.shares()).setRootToken(result.rootToken()));
  }

  private Response.Builder unseal(Request r) {
    UnsealResult result = r.getUnseal().getReset() ? seal.unsealReset() : seal.unseal(r.getUnseal().getShare());
    SealStatus s = seal.status();
    UnsealProgress.Builder b = UnsealProgress.newBuilder().setThreshold(s.threshold()).setShares(s.shares());
    if (result instanceof UnsealResult.Progress p) {
      b.setSealed(true).setProgress(p.progress()).setNonce(p.nonce());
    } else {
      b.setSealed(false).setProgress(s.threshold());
    }
    return Response.newBuilder().setUnseal(b);
  }

  // ------------------------------------------------------------------------------ ceremonies

  private static Response.Builder rekeyProgress(RekeyResult.Progress p) {
    return Response.newBuilder().setRekeyProgress(RekeyProgress.newBuilder()
        .setInProgress(true)
        .setNonce(p.nonce())
        .setPhase(p.phase().name())
        .setThreshold(p.threshold())
        .setShares(p.shares())
        .setProgress(p.progress())
        .setNewShares(p.newShares())
        .setNewThreshold(p.newThreshold())
        .setVerificationRequired(p.verificationRequired()));
  }

  private static Response.Builder rekey(RekeyResult result) {
    if (result instanceof RekeyResult.Progress p) {
      return rekeyProgress(p);
    } else if (result instanceof RekeyResult.PendingVerification v) {
      return Response.newBuilder().setRekeyShares(RekeyShares.newBuilder()
          .addAllShares(v.shares()).setKeySetId(v.pendingKeySet().toString()).setVerificationPending(true)
          .setVerificationNonce(v.verificationNonce()));
    }
    RekeyResult.Rekeyed done = (RekeyResult.Rekeyed) result;
    return Response.newBuilder().setRekeyShares(RekeyShares.newBuilder().addAllShares(done.shares()).setKeySetId(done.keySet().toString()));
  }

  private static TokenProtection tokenProtection(GenerateRootInitRequest init) {
    switch (init.getProtectionCase()) {
      case OTP:
        return new TokenProtection.Otp(init.getOtp());
      case RECIPIENT_PUBLIC_KEY: {
        ByteString key = init.getRecipientPublicKey();
        if (key.size() != 32 && key.size() != 64) {
          throw new IllegalArgumentException("a recipient public key is 32 bytes (X25519) or 64 (a holder public key), was " + key.size());
        }
        return new TokenProtection.RecipientKey(Bytes.of(key.substring(0, 32).toByteArray()));
      }
      default:
        throw new IllegalArgumentException("generate-root needs a one-time pad (otp) or a recipient public key");
    }
  }

  private static Response.Builder generateRootProgress(GenerateRootResult.Progress p) {
    return Response.newBuilder().setGenerateRootProgress(GenerateRootProgress.newBuilder()
        .setInProgress(true).setNonce(p.nonce()).setThreshold(p.threshold()).setShares(p.shares()).setProgress(p.progress()));
  }

  private static Response.Builder generateRoot(GenerateRootResult result) {
    if (result instanceof GenerateRootResult.Progress p) {
      return generateRootProgress(p);
    }
    GenerateRootResult.Generated g = (GenerateRootResult.Generated) result;
    return Response.newBuilder().setGenerateRootToken(GenerateRootToken.newBuilder().setEncodedToken(g.encodedToken()).setProtection(g.protection()));
  }

  // ------------------------------------------------------------------------------ raft

  /**
   * The client address, region and zone of every member this node can name: node.yaml's peers,
   * then the replicated address book (which wins: it is what the cluster agreed on at run time).
   */
  Map<String, PeerBook.Entry> addressBook() {
    Map<String, PeerBook.Entry> book = new LinkedHashMap<>();
    for (NodeConfig.Peer p : config.peers()) {
      book.put(p.id(), new PeerBook.Entry(p.id(), p.raftAddress().toString(), p.clientAddress().toString(), p.region(), p.zone()));
    }
    Optional<Bytes> stored = raft.state().systemRecord(PeerBook.KEY);
    if (stored.isPresent()) {
      try {
        // A book written before zones existed (version 1) knows none: keep node.yaml's then.
        PeerBook.decode(stored.get()).forEach((id, e) -> book.merge(id, e, (configured, replicated) ->
            replicated.zone().isEmpty() && !configured.zone().isEmpty()
                ? new PeerBook.Entry(replicated.id(), replicated.raftAddress(), replicated.clientAddress(), replicated.region(), configured.zone())
                : replicated));
      } catch (IllegalArgumentException e) {
        LOG.warn("ignoring the replicated peer address book on node {}: {}", config.nodeId(), e.getMessage());
      }
    }
    return book;
  }

  /**
   * The Raft members as this node sees them, with their client addresses and roles. Before this
   * node knows a configuration (it waits to be added), node.yaml's peers stand in.
   */
  private RaftPeers raftPeers() {
    Map<String, PeerBook.Entry> book = addressBook();
    Optional<String> leader = raft.leaderId();
    List<RaftNode.Member> members = raft.members();
    if (members.isEmpty()) {
      members = config.peers().stream().map(p -> new RaftNode.Member(p.id(), p.raftAddress().toString(), true)).toList();
    }
    RaftPeers.Builder b = RaftPeers.newBuilder().setLeader(leader.orElse(""));
    for (RaftNode.Member m : members) {
      PeerBook.Entry e = book.get(m.id());
      String role;
      if (m.id().equals(config.nodeId())) {
        role = raft.role();
      } else if (leader.filter(m.id()::equals).isPresent()) {
        role = "LEADER";
      } else if (!m.voter()) {
        role = "LISTENER";
      } else {
        role = leader.isPresent() ? "FOLLOWER" : "UNKNOWN";
      }
      b.addPeers(RaftPeer.newBuilder()
          .setId(m.id())
          .setRaftAddress(m.raftAddress())
          .setClientAddress(e == null ? "" : e.clientAddress())
          .setRegion(e == null ? "" : e.region())
          .setZone(e == null ? "" : e.zone())
          .setRole(role)
          .setVoter(m.voter())
          .setPriority(m.priority()));
    }
    return b.build();
  }

  private Response.Builder addPeer(RaftAddPeerRequest add) {
    String id = add.getId().strip();
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("peer id must be 1-63 letters, digits, '-' or '_', was '" + id + "'");
    }
    HostPort raftAddress = parseAddress(add.getRaftAddress(), "raft_address");
    HostPort clientAddress = parseAddress(add.getClientAddress(), "client_address");
    String region = add.getRegion().isBlank() ? config.region() : add.getRegion().strip();
    String zone = add.getZone().strip();
    // First the address book, so that every node can name the new member as soon as it votes.
    Map<String, PeerBook.Entry> book = addressBook();
    PeerBook.Entry entry = new PeerBook.Entry(id, raftAddress.toString(), clientAddress.toString(), region, zone);
    if (!entry.equals(book.get(id))) {
      book.put(id, entry);
      storeAddressBook(book.values());
    }
    try {
      raft.addPeer(new RaftNode.Peer(id, raftAddress.toString()), add.getListener());
    } catch (IOException e) {
      throw raftFailure("could not add " + id, e);
    }
    LOG.info("added Raft {} {} at {} (clients {}, region {}, zone {})", add.getListener() ? "listener" : "voter", id, raftAddress, clientAddress, region,
        zone.isEmpty() ? "-" : zone);
    return Response.newBuilder().setRaftPeers(raftPeers());
  }

  private Response.Builder removePeer(String id) {
    boolean removed;
    try {
      removed = raft.removePeer(id);
    } catch (IOException e) {
      throw raftFailure("could not remove " + id, e);
    }
    if (!removed && !addressBook().containsKey(id)) {
      return error(ErrorCode.NOT_FOUND, "no member " + id + " in the Raft configuration");
    }
    if (removed) {
      LOG.info("removed Raft peer {}", id);
    }
    return Response.newBuilder().setRaftPeers(raftPeers());
  }

  private Response.Builder transferLeadership(String to) {
    boolean voter = raft.members().stream().anyMatch(m -> m.voter() && m.id().equals(to));
    if (!voter) {
      throw new IllegalArgumentException(to.isEmpty() ? "name the node to hand leadership to" : to + " is not a voting member");
    }
    if (!to.equals(config.nodeId())) {
      try {
        raft.transferLeadership(to, adminTimeout());
      } catch (IOException e) {
        throw raftFailure("leadership did not move to " + to, e);
      }
      LOG.info("handed leadership to {}", to);
    }
    return Response.newBuilder().setRaftPeers(raftPeers());
  }

  private Response.Builder takeSnapshot() {
    long index;
    try {
      index = raft.takeSnapshot(adminTimeout());
    } catch (IOException e) {
      throw raftFailure("could not take a snapshot", e);
    }
    return Response.newBuilder().setRaftSnapshot(RaftSnapshot.newBuilder().setIndex(index).setNodeId(config.nodeId()));
  }

  private void requireUnsealedLeader() {
    requireLeader();
    if (seal.state() != SealState.UNSEALED) {
      throw new NotUnsealed();
    }
  }

  private static Response.Builder breakGlass(io.strongroom.access.breakglass.BreakGlassState state) {
    var req = state.request();
    var b = io.strongroom.protocol.v1.BreakGlassStatus.newBuilder()
        .setId(req.id()).addAllPolicies(req.policies()).setTtlMs(req.ttlMillis()).setReason(req.reason())
        .setApprovals(state.approvals().size()).setThreshold(state.quorum().threshold())
        .addAllApprovers(state.approvals().keySet()).setApprovalsExpireAtMs(req.approvalsExpireAt())
        .setIssued(state.isIssued())
        .setApprovalMessage(com.google.protobuf.ByteString.copyFrom(req.approvalMessage().encode().toByteArray()))
        .setRequest(com.google.protobuf.ByteString.copyFrom(req.toBytes().toByteArray()));
    state.quorum().holders().forEach((name, keys) -> {
      byte[] wire = new byte[64];
      System.arraycopy(keys.encryptionKey().toByteArray(), 0, wire, 0, 32);
      System.arraycopy(keys.signingKey().toByteArray(), 0, wire, 32, 32);
      b.putHolders(name, com.google.protobuf.ByteString.copyFrom(wire));
    });
    if (state.isIssued()) {
      b.setSealedToken(com.google.protobuf.ByteString.copyFrom(state.issuance().sealedToken().bytes().toByteArray()));
      b.setAccessor(state.issuance().accessor());
    }
    return Response.newBuilder().setBreakGlass(b);
  }

  /** A looked-up record, held before it is revoked so the answer can describe it. */
  private record TokenRecordView(io.strongroom.access.token.TokenRecord record) {}

  private static io.strongroom.access.token.TokenRequest tokenRequest(io.strongroom.protocol.v1.TokenCreateRequest c) {
    var b = io.strongroom.access.token.TokenRequest.builder()
        .policies(new java.util.TreeSet<>(c.getPoliciesList()))
        .ttlMillis(c.getTtlMs())
        .explicitMaxTtlMillis(c.getExplicitMaxTtlMs())
        .renewable(c.getRenewable())
        .numUses(c.getNumUses())
        .noDefaultPolicy(c.getNoDefaultPolicy())
        .orphan(c.getOrphan())
        .displayName(c.getDisplayName())
        .meta(c.getMetaMap());
    return b.build();
  }

  private static io.strongroom.protocol.v1.TokenInfo.Builder tokenInfo(io.strongroom.access.token.TokenRecord t) {
    var b = io.strongroom.protocol.v1.TokenInfo.newBuilder()
        .setAccessor(t.accessor())
        .addAllPolicies(t.policies())
        .setIssuedAtMs(t.issuedAt())
        .setExpiresAtMs(t.expiresAt() == io.strongroom.access.token.TokenRecord.NEVER ? 0 : t.expiresAt())
        .setMaxExpiresAtMs(t.maxExpiresAt() == io.strongroom.access.token.TokenRecord.NEVER ? 0 : t.maxExpiresAt())
        .setRenewable(t.renewable())
        .setNumUses(t.numUses())
        .setUsesRemaining(t.numUses() == 0 ? 0 : t.numUses() - t.usesConsumed())
        .setKind(t.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
        .setDisplayName(t.displayName())
        .putAllMeta(t.meta());
    if (t.parentAccessor() != null) {
      b.setParentAccessor(t.parentAccessor());
    }
    return b;
  }

  private AuditQueries auditQueries() {
    return new AuditQueries(raft.state().audit(), config.nodeId());
  }

  private Response.Builder saveBackup(io.strongroom.protocol.v1.RaftSnapshotSaveRequest save) {
    SnapshotBackups.Chunk c = backups.save(save.getSaveId(), save.getOffset());
    return Response.newBuilder().setRaftSnapshotChunk(io.strongroom.protocol.v1.RaftSnapshotChunk.newBuilder()
        .setSaveId(c.saveId()).setOffset(c.offset()).setData(ByteString.copyFrom(c.data()))
        .setTotalBytes(c.totalBytes()).setSha256(ByteString.copyFrom(c.sha256().toByteArray())).setIndex(c.index()));
  }

  private Response.Builder restoreBackup(RequestId requestId, io.strongroom.protocol.v1.RaftSnapshotRestoreRequest restore) {
    SnapshotBackups.RestoreProgress p = backups.restore(requestId,
        Bytes.of(restore.getRestoreId().toByteArray()), restore.getIndex(), restore.getData().toByteArray(),
        restore.getCommit(), restore.getChunks(), Bytes.of(restore.getSha256().toByteArray()));
    if (p.committed()) {
      LOG.warn("restored a backup: {} records replaced the secrets and system records", p.records());
    }
    return Response.newBuilder().setRaftSnapshotRestored(io.strongroom.protocol.v1.RaftSnapshotRestored.newBuilder()
        .setChunks(p.chunks()).setCommitted(p.committed()).setRecords(p.records()));
  }

  private void storeAddressBook(Collection<PeerBook.Entry> entries) {
    Optional<Bytes> current = raft.state().systemRecord(PeerBook.KEY);
    Command.Precondition precondition =
        current.isEmpty() ? new Command.Precondition.Absent() : new Command.Precondition.Matches(ReplicatedState.sha256(current.get().toByteArray()));
    WriteBatcher.Result result;
    try {
      result = writes.submit(new Command.SystemPut(RequestId.random(random), PeerBook.KEY, PeerBook.encode(entries), precondition))
          .get(adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted while storing the peer address book", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterUnavailableException("could not commit the peer address book; retry", e);
    }
    if (!((CommandResult.SystemPutDone) result.result()).written()) {
      throw new ClusterUnavailableException("the peer address book changed at the same time; retry", null);
    }
  }

  private static HostPort parseAddress(String text, String field) {
    try {
      return HostPort.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private Duration adminTimeout() {
    return config.timeouts().request().multipliedBy(3);
  }

  /** A Raft administration failure: the peer was refused or the change did not commit in time. */
  private static RuntimeException raftFailure(String what, IOException e) {
    if (e instanceof NotLeaderException) {
      return new CompletionException(e);
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new ClusterUnavailableException(what + ": " + reason, e);
  }

  // ------------------------------------------------------------------------------ checks

  /** The caller, authenticated: the node must be unsealed (token records live in the barrier). */
  private AccessControl.Principal principal(Request r, String from) {
    if (seal.state() != SealState.UNSEALED) {
      throw new NotUnsealed();
    }
    return access.authenticate(r.getToken(), from);
  }

  /** Operator endpoints need sudo on their {@code sys/...} path ({@link #sysPath}). */
  private AccessControl.Principal requireSudo(Request r, String from) {
    AccessControl.Principal p = principal(r, from);
    access.authorize(p, sysPath(r.getOpCase()), Capability.SUDO);
    return p;
  }

  /**
   * The path an operator endpoint is authorized on: {@code sys/seal}, {@code sys/rotate},
   * {@code sys/raft/add-peer}, {@code sys/raft/snapshot-save}, {@code sys/audit/export}, ...
   */
  static String sysPath(Request.OpCase op) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    for (String group : new String[] {"raft_", "audit_"}) {
      if (name.startsWith(group)) {
        return "sys/" + group.substring(0, group.length() - 1) + "/" + name.substring(group.length()).replace('_', '-');
      }
    }
    return "sys/" + name.replace('_', '-');
  }

  /**
   * Secrets: create (a path with no secret yet) or update (one that has one) to put, patch,
   * read (get, metadata get), list, delete (delete, destroy, metadata delete), update (undelete,
   * metadata put).
   */
  private void authorizeKv(Request r, String from, KvEdge edge) {
    AccessControl.Principal p = principal(r, from);
    String path = AuditTrail.path(r);
    if (path == null) {
      throw new IllegalArgumentException("unknown operation " + r.getOpCase());
    }
    switch (r.getOpCase()) {
      case KV_PUT: {
        if (p.acl().allows(path, Capability.CREATE) && p.acl().allows(path, Capability.UPDATE)) {
          return; // allowed whether or not a secret exists there: no need to look
        }
        boolean exists;
        try {
          exists = edge.readMetadata(path).isPresent();
        } catch (DecryptionFailedException e) {
          throw new CompletionException(e);
        } catch (IllegalArgumentException e) {
          exists = false; // a malformed path: the put itself will say why
        }
        access.authorize(p, path, exists ? Capability.UPDATE : Capability.CREATE);
        return;
      }
      case KV_PATCH:
        access.authorize(p, path, Capability.PATCH);
        return;
      case KV_GET:
      case KV_METADATA_GET:
        access.authorize(p, path, Capability.READ);
        return;
      case KV_LIST:
        access.authorize(p, path, Capability.LIST);
        return;
      case KV_DELETE:
      case KV_DESTROY:
      case KV_METADATA_DELETE:
        access.authorize(p, path, Capability.DELETE);
        return;
      default:
        access.authorize(p, path, Capability.UPDATE);
    }
  }

  private void requireLeader() {
    if (raft.isLeaderReady()) {
      return;
    }
    Optional<String> leader = raft.leaderId().filter(id -> !id.equals(config.nodeId()));
    if (leader.isPresent()) {
      throw new NotLeader(leader.get());
    }
    throw new ClusterUnavailableException("no leader is elected yet; retry shortly", null);
  }

  private RequestId requestId(Request r) {
    if (r.getRequestId().size() == RequestId.LENGTH) {
      return RequestId.of(r.getRequestId().toByteArray());
    }
    if (!r.getRequestId().isEmpty()) {
      throw new IllegalArgumentException("request_id must be " + RequestId.LENGTH + " bytes, was " + r.getRequestId().size());
    }
    return RequestId.random(random); // an old or minimal client: no idempotent retries
  }

  // ------------------------------------------------------------------------------ errors

  /** This node is sealed or uninitialized; the answer depends on which, decided when answering. */
  private static final class NotUnsealed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotUnsealed() {
      super("node is sealed", null, false, false);
    }
  }

  private static final class PermissionDenied extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PermissionDenied(String message) {
      super(message, null, false, false);
    }
  }

  private static final class NotLeader extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String leaderId;

    NotLeader(String leaderId) {
      super("this node is not the leader; the leader is " + leaderId, null, false, false);
      this.leaderId = leaderId;
    }
  }

  /** The error answer for {@code t}; a failed authentication's answer waits out its backoff. */
  private CompletableFuture<Response> failed(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof AccessControl.Denied d && d.delayMillis > 0) {
      return CompletableFuture.supplyAsync(() -> errorResponse(t), CompletableFuture.delayedExecutor(d.delayMillis, TimeUnit.MILLISECONDS, work));
    }
    return CompletableFuture.completedFuture(errorResponse(t));
  }

  /** The client's host without the port: backoff counts per address, not per connection. */
  private static String clientHost(io.strongroom.node.ingress.RequestHandler.Peer peer) {
    if (peer == null || peer.remoteAddress() == null) {
      return "unknown";
    }
    String a = peer.remoteAddress();
    int colon = a.lastIndexOf(':');
    String host = colon > 0 ? a.substring(0, colon) : a;
    return host.startsWith("/") ? host.substring(1) : host;
  }

  private Response errorResponse(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof SealedException || e instanceof NotUnsealed) {
      SealState state = seal.state();
      return state == SealState.UNINITIALIZED
          ? error(ErrorCode.UNINITIALIZED, "the cluster is not initialized: run strongroom operator init").build()
          : error(ErrorCode.SEALED, "node " + config.nodeId() + " is sealed: unseal it with strongroom operator unseal").build();
    }
    if (e instanceof PermissionDenied || e instanceof AccessControl.Denied) {
      return error(ErrorCode.PERMISSION_DENIED, e.getMessage()).build();
    }
    if (e instanceof io.strongroom.access.AccessException) {
      return error(ErrorCode.INVALID_ARGUMENT, e.getMessage()).build();
    }
    if (e instanceof NotLeader nl) {
      return notLeader(nl.leaderId);
    }
    if (e instanceof NotLeaderException nle && nle.getSuggestedLeader() != null) {
      return notLeader(nle.getSuggestedLeader().getId().toString());
    }
    if (e instanceof AlreadyInitializedException) {
      return error(ErrorCode.ALREADY_INITIALIZED, "the cluster is already initialized").build();
    }
    if (e instanceof CeremonyException || e instanceof IllegalTransitionException || e instanceof ThresholdCryptoException || e instanceof IllegalArgumentException) {
      return error(ErrorCode.INVALID_ARGUMENT, e.getMessage()).build();
    }
    if (e instanceof io.strongroom.raft.ratis.StateUnavailableException) {
      return error(ErrorCode.UNAVAILABLE, "node " + config.nodeId() + " is loading its state (a snapshot from the leader); retry, or try another node").build();
    }
    if (e instanceof ClusterUnavailableException || e instanceof HsmException || e instanceof java.io.IOException || e instanceof java.util.concurrent.TimeoutException) {
      return error(ErrorCode.UNAVAILABLE, e instanceof ClusterUnavailableException || e instanceof HsmException ? e.getMessage() : "the cluster did not answer in time; retry").build();
    }
    if (e instanceof DecryptionFailedException) {
      LOG.error("a stored value failed to decrypt on node {}", config.nodeId());
      return error(ErrorCode.INTERNAL, "decryption failed").build();
    }
    LOG.error("unexpected failure serving a request on node {}", config.nodeId(), e);
    return error(ErrorCode.INTERNAL, "internal error; see the node's log").build();
  }

  private Response notLeader(String leaderId) {
    PeerBook.Entry entry = addressBook().get(leaderId);
    String hint = entry == null ? "" : entry.clientAddress();
    return Response.newBuilder()
        .setError(Error.newBuilder().setCode(ErrorCode.NOT_LEADER).setMessage("the leader is " + leaderId).setLeaderHint(hint))
        .build();
  }

  private static Response.Builder error(ErrorCode code, String message) {
    return Response.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message));
  }

  private static CompletableFuture<Response> done(Response.Builder response) {
    return CompletableFuture.completedFuture(response.build());
  }

  private static CompletableFuture<Response> done(Response response) {
    return CompletableFuture.completedFuture(response);
  }
}
