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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * One Strongroom replica: a Ratis server running {@link StrongroomStateMachine}, and a Ratis client
 * for proposing entries and taking read barriers from this process.
 *
 * <p>Writes ({@link #submit}) go to the leader through Ratis' client, which follows
 * {@code NotLeaderException} hints. Reads take a linearizable barrier ({@link #readBarrier}): Ratis
 * obtains the leader's commit index (read index) and waits until this replica has applied it, after
 * which {@link #state()} may be read locally, on a follower as well as on the leader.
 *
 * <p>Thread-safe. {@link #close()} stops the server and releases the state.
 */
public final class RaftNode implements AutoCloseable {
  /** A voting member: its id and its Raft (gRPC) address. */
  public record Peer(String id, String raftAddress) {}

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
  private final RaftClient client;
  private final RaftGroup group;
  private final StrongroomStateMachine stateMachine;
  private final Duration giveUpAfter;

  private RaftNode(String id, RaftServer server, RaftClient client, RaftGroup group, StrongroomStateMachine stateMachine, Duration giveUpAfter) {
    this.giveUpAfter = giveUpAfter;
    this.id = id;
    this.server = server;
    this.client = client;
    this.group = group;
    this.stateMachine = stateMachine;
  }

  /** The Raft group of a cluster: derived from its name, so every node computes the same id. */
  public static RaftGroupId groupId(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("strongroom:" + clusterName).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Starts this replica.
   *
   * @param peers the voting members this node knows at start (itself included); empty when joining
   *     a running cluster that will add it through a configuration change
   * @param raftDir Ratis' storage (log, metadata, snapshots)
   * @param stateDir the live RocksDB state, outside {@code raftDir}
   * @param clock wall clock in epoch milliseconds, read by the leader only
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
      LongSupplier clock)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    RaftProperties p = properties(selfRaftAddress, raftDir, settings);
    List<RaftPeer> raftPeers = peers.stream().map(RaftNode::toRaftPeer).toList();
    RaftGroup group = RaftGroup.valueOf(groupId(clusterName), raftPeers);
    StrongroomStateMachine sm = new StrongroomStateMachine(stateDir, limits, tuning, clock);
    RaftServer server =
        RaftServer.newBuilder()
            .setServerId(RaftPeerId.valueOf(selfId))
            .setGroup(group)
            .setProperties(p)
            .setStateMachine(sm)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    server.start();
    RaftGroup clientGroup = raftPeers.isEmpty() ? RaftGroup.valueOf(group.getGroupId(), toRaftPeer(new Peer(selfId, selfRaftAddress))) : group;
    RaftClient client =
        RaftClient.newBuilder()
            .setRaftGroup(clientGroup)
            .setProperties(p)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
            .build();
    return new RaftNode(selfId, server, client, clientGroup, sm, settings.requestTimeout().multipliedBy(3));
  }

  private static RaftProperties properties(String selfRaftAddress, Path raftDir, Settings s) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
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
    return client.async().send(msg).thenApply(RaftNode::results).orTimeout(giveUpAfter.toMillis(), TimeUnit.MILLISECONDS);
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
    return client.async()
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

  /** Whether this replica is the leader and has committed an entry of its term. */
  public boolean isLeaderReady() {
    try {
      return server.getDivision(group.getGroupId()).getInfo().isLeaderReady();
    } catch (IOException e) {
      return false;
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
    return client;
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      server.close();
    }
  }
}
