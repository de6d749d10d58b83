package io.strongroom.node.server;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.strongroom.audit.AuditChain;
import io.strongroom.audit.AuditHmac;
import io.strongroom.audit.AuditPublicKey;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Checkpoint;
import io.strongroom.audit.CheckpointSigner;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.RequestId;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import io.strongroom.unseal.SealLifecycle;
import io.strongroom.unseal.SealState;
import io.strongroom.unseal.SystemKeys;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the audit log: it turns every answered request into an {@link AuditRecord},
 * commits it through Raft before the answer leaves (fail-closed), and, on the leader, commits
 * signed checkpoints of the chain.
 *
 * <p>Writes carry their record inside the same log entry ({@link Command.Audited}), so a change
 * and its audit entry are one atomic apply; everything else (reads, refusals, ceremony steps,
 * administration) is recorded after it is answered and before the answer is sent, batched with
 * other requests by the {@link WriteBatcher}. Not recorded: {@code status} (public, needed when
 * no quorum exists, as Vault leaves its health and seal-status endpoints out of the audit),
 * {@code audit head} (comparing replicas' heads must not move them) and NOT_LEADER redirects
 * (nothing happened; the request is recorded where it is served).
 *
 * <p>Paths and token accessors appear only as HMACs under the cluster's audit key, which lives in
 * the barrier: a sealed node records them as absent.
 */
final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  /** Checkpoint after this many new entries... */
  private final long checkpointEveryEntries = Long.getLong("strongroom.audit.checkpointEveryEntries", 1000);
  /** ...or this long after the last checkpoint, whichever comes first. */
  private final long checkpointEveryMs = Long.getLong("strongroom.audit.checkpointEveryMs", 10_000);

  /** How long a refusal waits for its audit record to commit before it is sent unaudited. */
  static final Duration REFUSAL_WAIT = Duration.ofSeconds(1);

  private final String nodeId;
  private final SealLifecycle seal;
  private final WriteBatcher writes;
  private final RaftNode raft;
  private final SecureRandom random;
  private final Duration timeout;
  private final LongSupplier clock;
  private final boolean disabled;
  private final Counter failures;
  private volatile Keys keys;
  private volatile long lastCheckpointAt;

  /** The cached audit keys of an unsealed node. */
  private record Keys(AuditHmac hmac, CheckpointSigner signer) {
    void destroy() {
      hmac.destroy();
      signer.destroy();
    }
  }

  AuditTrail(String nodeId, SealLifecycle seal, WriteBatcher writes, RaftNode raft, SecureRandom random,
      Duration timeout, LongSupplier clock, MeterRegistry metrics) {
    this.nodeId = nodeId;
    this.seal = seal;
    this.writes = writes;
    this.raft = raft;
    this.random = random;
    this.timeout = timeout;
    this.clock = clock;
    this.disabled = Boolean.getBoolean("strongroom.bench.disableAudit");
    if (disabled) {
      LOG.warn("AUDIT RECORDING IS DISABLED (strongroom.bench.disableAudit): for benchmarks only, never in production");
    }
    this.failures = Counter.builder("strongroom.audit.failures")
        .description("requests failed closed because their audit record could not be committed").register(metrics);
    metrics.gauge("strongroom.audit.head.seq", this, t -> t.raft.state().audit().chain().size());
  }

  /** Whether {@code r} is recorded at all. */
  boolean records(Request r) {
    return !disabled && r.getOpCase() != Request.OpCase.STATUS && r.getOpCase() != Request.OpCase.AUDIT_HEAD;
  }

  /** The record a command carries into its own log entry (a write, or a read through the log); the apply decides its outcome. */
  Optional<AuditRecord> inEntry(Request r, RequestId id) {
    if (!records(r)) {
      return Optional.empty();
    }
    return Optional.of(record(r, id, AuditRecord.OK));
  }

  /**
   * Commits {@code command} (a request whose record rides in its own log entry, such as a read
   * through the log) and completes with the answer {@code answer} makes of its result (it runs on
   * the thread that completed the commit, so it must not block; it may hand work off); AUDIT_FAILED
   * (fail-closed, counted) if the entry does not commit within the request timeout, since then
   * nothing may be returned.
   */
  CompletableFuture<Response> commitInEntry(Command.Audited command, java.util.function.Function<CommandResult, CompletableFuture<Response>> answer) {
    return writes.submit(command)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((done, e) -> e != null
            ? CompletableFuture.completedFuture(failed(Response.getDefaultInstance(), "its audit record could not be committed (" + rootMessage(e) + ")"))
            : answer.apply(done.result()))
        .thenCompose(answered -> answered);
  }

  /**
   * Commits the record of an answered request, then completes with the answer; if the record
   * cannot be committed, with AUDIT_FAILED instead (fail-closed). A refusal (an error answer)
   * waits at most {@link #REFUSAL_WAIT} and then leaves unaudited with its own code.
   */
  CompletableFuture<Response> afterAnswer(Request r, RequestId id, Response answer) {
    if (!records(r) || answer.hasError() && answer.getError().getCode() == ErrorCode.NOT_LEADER) {
      return CompletableFuture.completedFuture(answer);
    }
    String outcome = answer.hasError() ? answer.getError().getCode().name() : AuditRecord.OK;
    AuditRecord rec;
    try {
      rec = record(r, id, outcome);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failed(answer, "its audit record could not be formed: " + e.getMessage()));
    }
    // A refusal returns nothing, so it waits less for its record: a node cut off from the leader
    // refuses promptly (the client moves on to the next node) instead of after the request timeout.
    Duration wait = answer.hasError() && timeout.compareTo(REFUSAL_WAIT) > 0 ? REFUSAL_WAIT : timeout;
    return writes.submit(new Command.AuditAppend(RequestId.random(random), java.util.List.of(rec)))
        .orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
        .handle((done, e) -> {
          if (e != null) {
            return failed(answer, "its audit record could not be committed (" + rootMessage(e) + ")");
          }
          return answer;
        });
  }

  /**
   * Fail-closed: an answer that would have returned something becomes AUDIT_FAILED. A refusal
   * returns nothing anyway, so it keeps its code (a client retries UNAVAILABLE elsewhere) and says
   * that it went unaudited; both count in {@code strongroom.audit.failures}.
   */
  private Response failed(Response answer, String why) {
    failures.increment();
    LOG.warn("audit record not committed for an answer {}: {}", answer.hasError() ? answer.getError().getCode() : "OK", why);
    if (answer.hasError()) {
      return answer.toBuilder().setError(answer.getError().toBuilder()
          .setMessage(answer.getError().getMessage() + " (and " + why + ")")).build();
    }
    return Response.newBuilder().setCallId(answer.getCallId())
        .setError(io.strongroom.protocol.v1.Error.newBuilder().setCode(ErrorCode.AUDIT_FAILED)
            .setMessage("the request failed closed: " + why + "; nothing was returned"))
        .build();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private AuditRecord record(Request r, RequestId id, String outcome) {
    Optional<Keys> k = keys();
    String path = path(r);
    String pathHmac = path == null || k.isEmpty() ? null : k.get().hmac().hmac(path);
    String accessorHmac = r.getToken().isEmpty() || k.isEmpty() ? null : k.get().hmac().hmac(accessor(r.getToken()));
    return new AuditRecord(HexFormat.of().formatHex(id.value().toByteArray()), nodeId, operation(r.getOpCase()), outcome, pathHmac, accessorHmac);
  }

  /**
   * The name a token is audited under: root tokens have no accessor record yet, so the first 16
   * hex digits of their SHA-256 stand in, then HMAC'd like any accessor.
   */
  static String accessor(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "token-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** {@code kv.put}, {@code kv.metadata-get}, {@code sys.unseal}, {@code sys.raft-add-peer}, ... */
  static String operation(Request.OpCase op) {
    String name = op.name().toLowerCase(Locale.ROOT);
    if (name.startsWith("kv_")) {
      return "kv." + name.substring(3).replace('_', '-');
    }
    return "sys." + name.replace('_', '-');
  }

  /** The storage path a request names, if its operation has one ({@code path} or {@code prefix}). */
  static String path(Request r) {
    if (r.getOpCase() == Request.OpCase.OP_NOT_SET) {
      return null;
    }
    FieldDescriptor opField = r.getDescriptorForType().findFieldByNumber(r.getOpCase().getNumber());
    if (opField == null || opField.getType() != FieldDescriptor.Type.MESSAGE) {
      return null;
    }
    Message body = (Message) r.getField(opField);
    for (String name : new String[] {"path", "prefix"}) {
      FieldDescriptor f = body.getDescriptorForType().findFieldByName(name);
      if (f != null && f.getType() == FieldDescriptor.Type.STRING && r.getOpCase().name().startsWith("KV_")) {
        return (String) body.getField(f);
      }
    }
    return null;
  }

  /** The audit keys while this node is unsealed, loaded once and dropped when it seals. */
  private Optional<Keys> keys() {
    Keys k = keys;
    if (seal.state() != SealState.UNSEALED) {
      if (k != null) {
        forget();
      }
      return Optional.empty();
    }
    if (k != null) {
      return Optional.of(k);
    }
    synchronized (this) {
      if (keys == null) {
        try (SystemKeys sk = seal.systemKeys()) {
          keys = new Keys(sk.auditHmacKey().withBytes(AuditHmac::withKey), sk.auditSigningKey().withBytes(CheckpointSigner::fromSeed));
        } catch (RuntimeException e) {
          LOG.warn("audit keys unavailable: {}", e.getMessage());
          return Optional.empty();
        }
      }
      return Optional.of(keys);
    }
  }

  /** Drops the cached keys (the node sealed). */
  synchronized void forget() {
    Keys k = keys;
    keys = null;
    if (k != null) {
      k.destroy();
    }
  }

  /** The HMAC of {@code value} under the audit key, as audit entries show it. */
  Optional<String> hmac(String value) {
    return keys().map(k -> k.hmac().hmac(value));
  }

  /** The public key checkpoints are signed with. */
  Optional<AuditPublicKey> publicKey() {
    return keys().map(k -> k.signer().publicKey());
  }

  /**
   * Run periodically: on the leader, commits a signed checkpoint when enough entries or time
   * have passed since the last one.
   */
  void checkpointTick() {
    if (disabled || !raft.isLeaderReady()) {
      return;
    }
    Optional<Keys> k = keys();
    if (k.isEmpty()) {
      return;
    }
    AuditChain chain = raft.state().audit().chain();
    long last = raft.state().audit().latestCheckpoint().map(Checkpoint::seq).orElse(0L);
    long now = clock.getAsLong();
    if (chain.size() <= last) {
      return;
    }
    if (chain.size() - last < checkpointEveryEntries && now - lastCheckpointAt < checkpointEveryMs) {
      return;
    }
    lastCheckpointAt = now;
    Checkpoint cp = k.get().signer().sign(chain);
    writes.submit(new Command.AuditCheckpoint(RequestId.random(random), cp)).whenComplete((res, e) -> {
      if (e != null) {
        LOG.warn("audit checkpoint at {} not committed: {}", cp.seq(), rootMessage(e));
      } else if (!((CommandResult.CheckpointStored) res.result()).stored()) {
        LOG.warn("audit checkpoint at {} refused by the state machine", cp.seq());
      }
    });
  }
}
