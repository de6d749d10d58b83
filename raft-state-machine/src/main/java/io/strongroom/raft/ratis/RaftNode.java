package io.strongroom.raft.ratis;

import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.LogEntryCodec;
import io.strongroom.raft.ReplicatedState;
import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.kv.KvLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.OpenSsl;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Strongroom replica: a Ratis server running {@link StrongroomStateMachine}, and a Ratis client
 * for proposing entries and taking read barriers from this process.
 *
 * <p>Writes ({@link #submit}) made on the leader go straight to its own Ratis division
 * ({@link LeaderProposals}); elsewhere they go to the leader through Ratis' client, which follows
 * {@code NotLeaderException} hints. Reads take a linearizable barrier ({@link #readBarrier}): Ratis
 * obtains the leader's commit index (read index) and waits until this replica has applied it, after
 * which {@link #state()} may be read locally, on a follower as well as on the leader.
 *
 * <p>Peer traffic is plaintext gRPC unless started with a {@link PeerTls}: then every Raft
 * connection (peer to peer, and this node's own Ratis client to any server) is TLS 1.3 with both
 * sides presenting a certificate, so a process without a cluster certificate can neither join nor
 * propose entries.
 *
 * <p>Thread-safe. {@link #close()} stops the server and releases the state.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  private static final Duration STEPPING_DOWN_PAUSE = Duration.ofMillis(100);
  /**
   * BoringSSL (shipped, shaded, in Ratis' third-party jar) where it loads; the JDK's TLS otherwise.
   * Both speak the same TLS 1.3; BoringSSL costs less CPU per record, and Raft traffic is many
   * small records. {@code -Dstrongroom.raft.tls.provider=JDK} forces the JDK's.
   */
  static final SslProvider PEER_TLS_PROVIDER =
      !"JDK".equalsIgnoreCase(System.getProperty("strongroom.raft.tls.provider", "")) && OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

  /** A voting member: its id and its Raft (gRPC) address. */
  public record Peer(String id, String raftAddress) {}

  /**
   * Mutual TLS for every Raft connection of this node.
   *
   * <p>{@code keyManager} supplies this node's certificate and key, presented both when it serves
   * and when it connects; {@code trustManager} decides which peers to accept, in both directions
   * (as a client, gRPC also checks the server certificate names the address it dialled). Only TLS
   * 1.3 is offered. The managers are used by Ratis' threads for as long as the node runs.
   */
  public record PeerTls(KeyManager keyManager, TrustManager trustManager) {
    public PeerTls {
      Objects.requireNonNull(keyManager, "keyManager");
      Objects.requireNonNull(trustManager, "trustManager");
    }

    @Override
    public String toString() {
      return "PeerTls[mutual, TLSv1.3]"; // never the key material
    }
  }

  /**
   * Tuning that differs between deployments and tests.
   *
   * @param electionTimeoutMin lower bound of the randomized election timeout
   * @param electionTimeoutMax upper bound
   * @param requestTimeout how long a proposal may wait for commit before the Ratis client retries
   * @param snapshotEveryEntries take a snapshot automatically after this many applied entries
   * @param snapshotsRetained how many snapshot checkpoints to keep
   * @param logSegmentSize Raft log segment size; only closed segments can be purged after a snapshot
   */
  public record Settings(
      Duration electionTimeoutMin,
      Duration electionTimeoutMax,
      Duration requestTimeout,
      long snapshotEveryEntries,
      int snapshotsRetained,
      SizeInBytes logSegmentSize) {
    /** One data centre: 1-2 s elections (generous for 2-core machines and JIT warm-up). */
    public static final Settings LAN =
        new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 10_000, 2, SizeInBytes.valueOf("8MB"));
  }

  private final String id;
  private final RaftServer server;
  /**
   * Proposes entries (ordered async) and nothing else. Replaced when its ordered-async window
   * closes (see {@link #submit}). Kept apart from {@link #admin}: Ratis' blocking calls follow a
   * NotLeaderException to a new leader without restarting the ordered window, whose next request
   * then reaches a leader that never saw its first and waits for it until it times out.
   */
  private final AtomicReference<RaftClient> client;
  /** Administration (membership, leadership, snapshots) and read barriers. */
  private final RaftClient admin;
  private final Supplier<RaftClient> newClient;
  private final RaftGroup group;
  private final StrongroomStateMachine stateMachine;
  private final Duration giveUpAfter;
  private volatile boolean closing;
  /** This node's proposals while it leads, handed to its own division (see {@link LeaderProposals}). */
  private final LeaderProposals leaderProposals;
  /** Completes the answers {@link LeaderProposals} takes from the apply, off the apply thread. */
  private final ExecutorService localReplies;
  /** Fails this node's own proposals that reach their deadline unanswered. */
  private final ScheduledExecutorService proposalDeadlines;

  private RaftNode(
      String id, RaftServer server, Supplier<RaftClient> newClient, RaftGroup group, StrongroomStateMachine stateMachine, Duration giveUpAfter) {
    this.giveUpAfter = giveUpAfter;
    this.id = id;
    this.server = server;
    this.newClient = newClient;
    this.client = new AtomicReference<>(newClient.get());
    this.admin = newClient.get();
    this.group = group;
    this.stateMachine = stateMachine;
    this.localReplies = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "strongroom-raft-local-replies-" + id);
      t.setDaemon(true);
      return t;
    });
    this.leaderProposals = new LeaderProposals(
        server, group.getGroupId(), RaftPeerId.valueOf(id), localReplies, this::send, stateMachine::lastAppliedTerm);
    stateMachine.onApplied(leaderProposals);
    this.proposalDeadlines = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "strongroom-raft-deadlines-" + id);
      t.setDaemon(true);
      return t;
    });
    leaderProposals.sweepDeadlinesOn(proposalDeadlines);
  }

  /** The Raft group of a cluster: derived from its name, so every node computes the same id. */
  public static RaftGroupId groupId(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("strongroom:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }

  /** Starts this replica with plaintext Raft traffic (tests, loopback development). */
  public static RaftNode start(
      String clusterName,
      String selfId,
      String selfRaftAddress,
      List<Peer> peers,
      Path raftDir,
      Path stateDir,
      Settings settings,
      KvLimits limits,
      RocksDbTuning tuning,
      LongSupplier clock)
      throws IOException {
    return start(clusterName, selfId, selfRaftAddress, peers, raftDir, stateDir, settings, limits, tuning, clock, Optional.empty());
  }

  /**
   * Starts this replica.
   *
   * @param peers the voting members this node knows at start (itself included); empty when joining
   *     a running cluster that will add it through a configuration change
   * @param raftDir Ratis' storage (log, metadata, snapshots)
   * @param stateDir the live RocksDB state, outside {@code raftDir}
   * @param clock wall clock in epoch milliseconds, read by the leader only
   * @param tls mutual TLS for all Raft traffic, or empty for plaintext
   */
  public static RaftNode start(
      String clusterName,
      String selfId,
      String selfRaftAddress,
      List<Peer> peers,
      Path raftDir,
      Path stateDir,
      Settings settings,
      KvLimits limits,
      RocksDbTuning tuning,
      LongSupplier clock,
      Optional<PeerTls> tls)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    RaftProperties p = properties(selfRaftAddress, raftDir, settings);
    Parameters parameters = parameters(tls);
    List<RaftPeer> raftPeers = peers.stream().map(RaftNode::toRaftPeer).toList();
    // A node joining a running cluster starts as a non-voting listener of a configuration naming
    // only itself, so it never stands for election while it waits: Ratis keeps it a listener if
    // the leader adds it as one (a node added at run time would otherwise stay FOLLOWER, and a
    // FOLLOWER outside the voting configuration shuts itself down at its first election timeout),
    // and turns it into a follower when a committed configuration names it a voter. Once the
    // leader's configuration reaches it, that configuration replaces this one.
    RaftGroup group =
        raftPeers.isEmpty()
            ? RaftGroup.valueOf(groupId(clusterName), RaftPeer.newBuilder().setId(selfId).setAddress(selfRaftAddress)
                .setStartupRole(RaftPeerRole.LISTENER).build())
            : RaftGroup.valueOf(groupId(clusterName), raftPeers);
    StrongroomStateMachine sm = new StrongroomStateMachine(stateDir, limits, tuning, clock);
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(selfId))
            .setGroup(group)
            .setProperties(p)
            .setParameters(parameters)
            .setStateMachine(sm)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    server.start();
    RaftGroup clientGroup = raftPeers.isEmpty() ? RaftGroup.valueOf(group.getGroupId(), toRaftPeer(new Peer(selfId, selfRaftAddress))) : group;
    Supplier<RaftClient> newClient =
        () -> RaftClient.newBuilder()
            .setRaftGroup(clientGroup)
            .setProperties(p)
            .setParameters(parameters)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
            .build();
    return new RaftNode(selfId, server, newClient, clientGroup, sm, settings.requestTimeout().multipliedBy(3));
  }

  /**
   * Ratis reads TLS from {@link Parameters}, not properties. The general {@code TLS} entry is the
   * default for all three gRPC services (server, client, admin), on both the serving and the
   * connecting side; with mutual TLS the server requires a certificate the trust manager accepts.
   */
  private static Parameters parameters(Optional<PeerTls> tls) {
    Parameters parameters = new Parameters();
    // AppendEntries and ReadIndex run on the transport thread: one thread hand-off less per
    // message (BENCHMARKS.md, item 19).
    GrpcConfigKeys.Server.setServicesCustomizer(parameters, new InlineRaftCalls());
    tls.ifPresent(
        t ->
            GrpcConfigKeys.TLS.setConf(
                parameters,
                GrpcTlsConfig.newBuilder()
                    .setKeyManager(t.keyManager())
                    .setTrustManager(t.trustManager())
                    .setMutualTls(true)
                    .setProtocols("TLSv1.3")
                    .setSslProvider(PEER_TLS_PROVIDER)
                    .build()));
    return parameters;
  }

  /** Event loops serving Raft peers: a node has few peers, and each connection stays on one loop. */
  static final int SERVER_EVENT_LOOPS = 2;

  static RaftProperties properties(String selfRaftAddress, Path raftDir, Settings s) {
    RaftProperties p = new RaftProperties();
    // gRPC, with log appenders woken only when they could send (QuietAppendersRpc);
    // -Dstrongroom.raft.quietAppenders=false selects Ratis' own, for comparison.
    if (Boolean.parseBoolean(System.getProperty("strongroom.raft.quietAppenders", "true"))) {
      p.set(RaftConfigKeys.Rpc.TYPE_KEY, QuietAppendersRpc.class.getName());
    } else {
      RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    }
    int colon = selfRaftAddress.lastIndexOf(':');
    GrpcConfigKeys.Server.setHost(p, selfRaftAddress.substring(0, colon));
    GrpcConfigKeys.Server.setPort(p, Integer.parseInt(selfRaftAddress.substring(colon + 1)));
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(s.electionTimeoutMin().toMillis(), TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(s.electionTimeoutMax().toMillis(), TimeUnit.MILLISECONDS));
    // Followers serve linearizable reads through read index (gRPC supports it; see RATIS.md).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, s.snapshotsRetained());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, s.logSegmentSize());
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, 1);
    // No METADATA entry after every commit: it doubled the entries every node appends, fsyncs and
    // replicates. It only records the commit index for a faster restart; a restarted node here
    // replays from its snapshot and learns the commit index from the leader.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // A follower appends what it receives on the gRPC thread that received it, in order, instead
    // of hopping to Ratis' server executor for every AppendEntries (Ratis' default since
    // RATIS-2235; RATIS-2387 made it optional after it cost throughput). Same log, same fsyncs,
    // same replies; one thread hand-off less per entry on every follower. Side by side
    // (BENCHMARKS.md, item 16): 1.14-1.17x with 1 and 16 writers and 16 readers, 13-26% less
    // node CPU per request, p99 lower on every row.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    // The Raft server gets event loops of its own, apart from the ones its outgoing channels share
    // with every gRPC client in the process: AppendEntries runs on them (InlineRaftCalls), and a
    // follower that steps down from leadership there waits for its log appenders to stop, which
    // must never need the thread it blocks.
    GrpcConfigKeys.Server.setBossGroupSize(p, 1);
    GrpcConfigKeys.Server.setWorkerGroupSize(p, SERVER_EVENT_LOOPS);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS));
    return p;
  }

  static RaftPeer toRaftPeer(Peer peer) {
    return RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.raftAddress()).build();
  }

  public String id() {
    return id;
  }

  /** Proposes {@code entry} and completes with its results once it is applied on the leader. */
  public CompletableFuture<AppliedEntry> submit(LogEntry entry) {
    Message msg = Message.valueOf(ByteString.copyFrom(LogEntryCodec.encode(entry)));
    // Bounded: Ratis retries on its own; past this the caller answers UNAVAILABLE and the client
    // retries with the same request id, which the state deduplicates.
    // On the leader, straight to its own division; elsewhere through Ratis' client.
    long deadline = System.nanoTime() + giveUpAfter.toNanos();
    Optional<CompletableFuture<RaftClientReply>> direct = leaderProposals.propose(msg, deadline);
    if (direct.isPresent()) {
      // LeaderProposals times the proposal out at the same deadline and says where it stood; a
      // second timer here would only wake the JDK's delay thread again for every entry.
      return direct.get().thenApply(RaftNode::results);
    }
    return send(msg, deadline)
        .thenApply(RaftNode::results)
        .orTimeout(giveUpAfter.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          if (e instanceof java.util.concurrent.TimeoutException) {
            LOG.warn("node {}: a proposal through Ratis' client got no answer within {} ms", id, giveUpAfter.toMillis());
          }
        });
  }

  /**
   * Sends {@code msg}, again after a pause while the leader is handing over its leadership: a
   * leader transferring leadership (an operator's request, or Ratis yielding to a voter of higher
   * priority) answers every request with LeaderSteppingDownException until the new leader is
   * elected, and Ratis' client does not retry that answer. It rejected the entry before appending
   * it, so sending it again is safe.
   */
  private CompletableFuture<RaftClientReply> send(Message msg, long deadline) {
    RaftClient c = client.get();
    return c.async().send(msg).handle((reply, e) -> {
      Throwable failure = e != null ? e : reply.isSuccess() ? null : reply.getException();
      if (failure == null) {
        return CompletableFuture.completedFuture(reply);
      }
      if (closesTheWindow(failure)) {
        replaceClient(c, failure);
      }
      if (handingOver(failure) && System.nanoTime() + STEPPING_DOWN_PAUSE.toNanos() < deadline) {
        return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(STEPPING_DOWN_PAUSE.toMillis(), TimeUnit.MILLISECONDS))
            .thenCompose(ignored -> send(msg, deadline));
      }
      return e != null ? CompletableFuture.<RaftClientReply>failedFuture(e) : CompletableFuture.completedFuture(reply);
    }).thenCompose(f -> f);
  }

  /** Whether {@code e} says the leader is handing over (or a new one not ready yet): worth waiting for. */
  static boolean handingOver(Throwable e) {
    return causedBy(e, LeaderSteppingDownException.class, LeaderNotReadyException.class);
  }

  /** Whether {@code e} or one of its causes is one of {@code types}. */
  static boolean causedBy(Throwable e, Class<?>... types) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<?> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code e} means the client's ordered-async window is closed: Ratis fails every later
   * ordered request of that client with AlreadyClosedException once one request ran out of
   * retries (a quorum lost for longer than the retry policy, about 4 s) or failed with a
   * non-retryable exception ({@code SlidingWindow.Client.fail}). That client never sends an ordered
   * request again, so without a new one this node could never propose again until restarted.
   */
  private static boolean closesTheWindow(Throwable e) {
    return causedBy(e, AlreadyClosedException.class, RaftRetryFailureException.class, GroupMismatchException.class);
  }

  private void replaceClient(RaftClient closed, Throwable why) {
    if (closing) {
      return;
    }
    RaftClient fresh = newClient.get();
    if (client.compareAndSet(closed, fresh)) {
      LOG.warn("node {}: the Raft client's request window closed ({}); replaced the client", id, why.toString());
      try {
        closed.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("closing the replaced Raft client: {}", e.toString());
      }
    } else {
      try {
        fresh.close();
      } catch (IOException e) {
        // never used
      }
    }
  }

  private static AppliedEntry results(RaftClientReply reply) {
    if (!reply.isSuccess()) {
      throw new CompletionException(reply.getException());
    }
    return LogEntryCodec.decodeResults(reply.getMessage().getContent().toByteArray());
  }

  /**
   * A linearizable read barrier served by this replica: completes with this replica's applied index
   * once it has applied every entry committed before the call.
   */
  public CompletableFuture<Long> readBarrier() {
    // Unordered: an ordered read-only request shares the client's sliding window with writes, and
    // one slow request there stalled every later read and write of this node.
    return admin.async()
        .sendReadOnlyUnordered(Message.EMPTY, RaftPeerId.valueOf(id))
        .thenApply(
            reply -> {
              if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
              }
              return ByteBuffer.wrap(reply.getMessage().getContent().toByteArray()).getLong();
            })
        .orTimeout(giveUpAfter.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The replicated state, for local reads after a {@link #readBarrier}. */
  public ReplicatedState state() {
    return stateMachine.state();
  }

  /** Copies this node's state, consistent at one applied position, into the new directory {@code target}. */
  public void checkpointState(java.nio.file.Path target) {
    stateMachine.checkpointTo(target);
  }

  /** What Ratis' retry cache holds for this replica's own direct proposal {@code callId}, if anything (tests). */
  Optional<RaftClientReply> cachedReplyToOwnProposal(long callId) throws IOException {
    var entry = server.getDivision(group.getGroupId()).getRetryCache()
        .getIfPresent(org.apache.ratis.protocol.ClientInvocationId.valueOf(leaderProposals.clientId(), callId));
    return entry == null ? Optional.empty() : Optional.ofNullable(entry.getReplyFuture().getNow(null));
  }

  /** Whether this replica is the leader and has committed an entry of its term. */
  public boolean isLeaderReady() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().isLeaderReady();
    } catch (IOException e) {
      return false;
    }
  }

  /** This replica's commit index: the last log index it knows a quorum holds (-1 when unknown). */
  public long commitIndex() {
    try {
      return server.getDivision(group.getGroupId()).getRaftLog().getLastCommittedIndex();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * The last log index this replica has applied, counting every entry: state machine entries and
   * also the configuration entries Ratis applies without the state machine (a new leader's first
   * entry is one). Compare it with {@link #commitIndex()}; {@code state().applied()} counts only
   * the entries that reached the replicated state and can trail the commit index by those.
   */
  public long appliedIndex() {
    return Math.max(stateMachine.lastAppliedIndex(), stateMachine.state().applied().index());
  }

  /** This replica's current term; it grows by one or more with every election. */
  public long term() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().getCurrentTerm();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * An upper estimate of how far this replica's state may lag the cluster, in milliseconds: on a
   * ready leader, the time since a majority last answered it; on a follower, the time since it last heard from the leader (every heartbeat
   * carries the commit index), or unbounded while it still has committed entries to apply or knows
   * no leader. {@link Long#MAX_VALUE} means "cannot tell".
   */
  public long stalenessMillis() {
    try {
      var info = server.getDivision(group.getGroupId()).getInfo();
      var role = info.getRoleInfoProto();
      if (role.hasLeaderInfo()) {
        if (!info.isLeaderReady()) {
          return Long.MAX_VALUE;
        }
        // A leader cut off from its followers may already be deposed without knowing it: it is
        // only as fresh as the last time a majority (itself included) answered it.
        // Listeners answer too, but never count toward a majority: only voters do.
        Set<String> voters = new HashSet<>();
        server.getDivision(group.getGroupId()).getRaftConf().getCurrentPeers(RaftPeerRole.FOLLOWER)
            .forEach(p -> voters.add(p.getId().toString()));
        long[] elapsed =
            role.getLeaderInfo().getFollowerInfoList().stream()
                .filter(f -> voters.contains(f.getId().getId().toStringUtf8()))
                .mapToLong(f -> f.getLastRpcElapsedTimeMs()).sorted().toArray();
        int othersNeeded = voters.size() / 2; // a majority of the voters, this leader included
        if (othersNeeded > elapsed.length) {
          return Long.MAX_VALUE;
        }
        return othersNeeded == 0 ? 0 : elapsed[othersNeeded - 1];
      }
      // No known leader (Ratis forgets it as soon as this node stands for election, even a pre-vote
      // that fails: the follower state then restarts and its "last heard" resets, so it cannot be
      // trusted without a leader), or committed entries not yet applied: cannot tell.
      if (!role.hasFollowerInfo() || !role.getFollowerInfo().hasLeaderInfo() || info.getLeaderId() == null || commitIndex() > appliedIndex()) {
        return Long.MAX_VALUE;
      }
      return role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
    } catch (IOException | RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The leader's id as this replica knows it. */
  public Optional<String> leaderId() {
    try {
      RaftPeerId leader = server.getDivision(group.getGroupId()).getInfo().getLeaderId();
      return Optional.ofNullable(leader).map(RaftPeerId::toString);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** This replica's role: LEADER, FOLLOWER, CANDIDATE, LISTENER, or UNKNOWN. */
  public String role() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().getCurrentRole().name();
    } catch (IOException e) {
      return "UNKNOWN";
    }
  }

  /** Registers the listener for applied system records and snapshot installs. */
  public void setListener(StateListener listener) {
    stateMachine.setListener(listener);
  }

  /** The Ratis client, for administration (membership, leadership transfer, snapshots). */
  public RaftClient raftClient() {
    return admin;
  }

  // ------------------------------------------------------------------------ administration

  /**
   * A member of the Raft configuration.
   *
   * @param id the node id (its Raft peer id)
   * @param raftAddress where its Raft (gRPC) server listens
   * @param voter true for a voting member, false for a listener
   * @param priority its Ratis leader priority: a leader hands leadership to a caught-up voter of
   *     higher priority, and a voter does not vote for a candidate of lower priority whose log is
   *     no longer than its own
   */
  public record Member(String id, String raftAddress, boolean voter, int priority) {
    /** A member of priority 0 (Ratis' default). */
    public Member(String id, String raftAddress, boolean voter) {
      this(id, raftAddress, voter, 0);
    }
  }

  /**
   * The members of the configuration this replica holds: voters first, then listeners, each in
   * configuration order. On the leader this is the cluster's current configuration; a follower's
   * may lag. Empty while this replica knows no configuration (a node waiting to be added).
   */
  public List<Member> members() {
    RaftConfiguration conf;
    try {
      conf = server.getDivision(group.getGroupId()).getRaftConf();
    } catch (IOException e) {
      return List.of();
    }
    List<Member> out = new ArrayList<>();
    conf.getCurrentPeers(RaftPeerRole.FOLLOWER).forEach(p -> out.add(new Member(p.getId().toString(), p.getAddress(), true, p.getPriority())));
    conf.getCurrentPeers(RaftPeerRole.LISTENER).forEach(p -> out.add(new Member(p.getId().toString(), p.getAddress(), false, p.getPriority())));
    return out;
  }

  /** Adds {@code peer} as a voter; see {@link #addPeer(Peer, boolean)}. */
  public void addPeer(Peer peer) throws IOException {
    addPeer(peer, false);
  }

  /**
   * Adds {@code peer} as a voter or, with {@code listener}, as a listener: a non-voting member that
   * receives the log (and serves reads) but never counts toward a quorum and never stands for
   * election. The new node must already run with this cluster's group id and no peers (it then
   * starts as a listener; see {@link #start}); the leader catches it up before the new
   * configuration commits. Blocks until it commits. Adding a member again at the same address in
   * the same role changes nothing (a retried request); adding a listener as a voter promotes it.
   *
   * @throws IllegalArgumentException if the id is a member at another address, or a voter asked to
   *     become a listener (remove it first)
   * @throws IOException if the cluster refused or did not commit the change (no quorum, not leader,
   *     another change in progress)
   */
  public void addPeer(Peer peer, boolean listener) throws IOException {
    Objects.requireNonNull(peer, "peer");
    RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> listeners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    for (RaftPeer p : voters) {
      if (p.getId().toString().equals(peer.id())) {
        if (!p.getAddress().equals(peer.raftAddress())) {
          throw new IllegalArgumentException("peer " + peer.id() + " is already a member, at " + p.getAddress());
        }
        if (listener) {
          throw new IllegalArgumentException("peer " + peer.id() + " is a voter; a voter cannot become a listener (remove it, then add it again)");
        }
        return;
      }
    }
    for (RaftPeer p : listeners) {
      if (p.getId().toString().equals(peer.id())) {
        if (!p.getAddress().equals(peer.raftAddress())) {
          throw new IllegalArgumentException("peer " + peer.id() + " is already a listener, at " + p.getAddress());
        }
        if (listener) {
          return;
        }
      }
    }
    listeners.removeIf(p -> p.getId().toString().equals(peer.id())); // promoted: a listener becomes a voter
    (listener ? listeners : voters).add(toRaftPeer(peer));
    succeeded(admin.admin().setConfiguration(voters, listeners));
  }

  /**
   * Sets the leader priority of voters (ids not named keep theirs; listeners are not affected)
   * and blocks until the new configuration commits. Compare-and-set against the membership read
   * here, so a concurrent membership change is never undone: that change wins and this one fails.
   *
   * @return false if every named voter already had its priority (nothing was proposed)
   * @throws IOException if the cluster refused or did not commit the change (not leader, another
   *     change in progress, the membership changed meanwhile)
   */
  public boolean setPriorities(Map<String, Integer> priorities) throws IOException {
    Objects.requireNonNull(priorities, "priorities");
    RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> listeners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    List<RaftPeer> updated = new ArrayList<>();
    boolean changed = false;
    for (RaftPeer p : voters) {
      Integer wanted = priorities.get(p.getId().toString());
      if (wanted != null && wanted != p.getPriority()) {
        updated.add(RaftPeer.newBuilder().setId(p.getId()).setAddress(p.getAddress()).setPriority(wanted).build());
        changed = true;
      } else {
        updated.add(p);
      }
    }
    if (!changed) {
      return false;
    }
    succeeded(admin.admin().setConfiguration(SetConfigurationRequest.Arguments.newBuilder()
        .setServersInNewConf(updated)
        .setListenersInNewConf(listeners)
        .setServersInCurrentConf(voters)
        .setListenersInCurrentConf(listeners)
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build()));
    return true;
  }

  /**
   * Removes the member {@code id} (voter or listener) from the configuration and blocks until the
   * change commits. The removed node stops taking part; stop its process afterwards. Removing the
   * leader itself is allowed: it steps down once the change commits.
   *
   * @return false if {@code id} was not a member (nothing changed)
   * @throws IllegalArgumentException if that would leave no voter
   * @throws IOException if the cluster refused or did not commit the change
   */
  public boolean removePeer(String id) throws IOException {
    Objects.requireNonNull(id, "id");
    RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> listeners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    boolean removed = voters.removeIf(p -> p.getId().toString().equals(id)) | listeners.removeIf(p -> p.getId().toString().equals(id));
    if (!removed) {
      return false;
    }
    if (voters.isEmpty()) {
      throw new IllegalArgumentException("cannot remove " + id + ": it is the last voter");
    }
    succeeded(admin.admin().setConfiguration(voters, listeners));
    return true;
  }

  /**
   * Asks the leader to hand leadership to voter {@code id} and blocks until it has (or
   * {@code timeout} passes). The target must be caught up; the leader waits for it to be.
   *
   * @throws IOException if leadership did not move within {@code timeout}
   */
  public void transferLeadership(String id, Duration timeout) throws IOException {
    Objects.requireNonNull(id, "id");
    succeeded(admin.admin().transferLeadership(RaftPeerId.valueOf(id), timeout.toMillis()));
  }

  /**
   * Takes a snapshot of this replica now (unless nothing was applied since the last one) and
   * returns the log index it covers; older log segments may then be purged.
   *
   * @throws IOException if the snapshot could not be taken within {@code timeout}
   */
  public long takeSnapshot(Duration timeout) throws IOException {
    RaftClientReply reply = admin.getSnapshotManagementApi(RaftPeerId.valueOf(id)).create(true, timeout.toMillis());
    succeeded(reply);
    return reply.getLogIndex();
  }

  private static void succeeded(RaftClientReply reply) throws IOException {
    if (!reply.isSuccess()) {
      RaftException e = reply.getException();
      throw e != null ? e : new IOException("the Raft request failed without a reason");
    }
  }

  @Override
  public void close() throws IOException {
    try {
      closing = true;
      try {
        client.get().close();
      } finally {
        admin.close();
      }
    } finally {
      try {
        server.close();
      } finally {
        localReplies.shutdown();
        proposalDeadlines.shutdownNow();
      }
    }
  }
}
