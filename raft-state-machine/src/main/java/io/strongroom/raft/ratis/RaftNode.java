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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
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
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
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
 * <p>Peer traffic is plaintext gRPC unless started with a {@link PeerTls}: then every Raft
 * connection (peer to peer, and this node's own Ratis client to any server) is TLS 1.3 with both
 * sides presenting a certificate, so a process without a cluster certificate can neither join nor
 * propose entries.
 *
 * <p>Thread-safe. {@link #close()} stops the server and releases the state.
 */
public final class RaftNode implements AutoCloseable {
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
    RaftGroup group = RaftGroup.valueOf(groupId(clusterName), raftPeers);
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
    RaftClient client =
        RaftClient.newBuilder()
            .setRaftGroup(clientGroup)
            .setProperties(p)
            .setParameters(parameters)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(40, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
            .build();
    return new RaftNode(selfId, server, client, clientGroup, sm, settings.requestTimeout().multipliedBy(3));
  }

  /**
   * Ratis reads TLS from {@link Parameters}, not properties. The general {@code TLS} entry is the
   * default for all three gRPC services (server, client, admin), on both the serving and the
   * connecting side; with mutual TLS the server requires a certificate the trust manager accepts.
   */
  private static Parameters parameters(Optional<PeerTls> tls) {
    Parameters parameters = new Parameters();
    tls.ifPresent(
        t ->
            GrpcConfigKeys.TLS.setConf(
                parameters,
                GrpcTlsConfig.newBuilder()
                    .setKeyManager(t.keyManager())
                    .setTrustManager(t.trustManager())
                    .setMutualTls(true)
                    .setProtocols("TLSv1.3")
                    .setSslProvider(SslProvider.JDK)
                    .build()));
    return parameters;
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

  /** Copies this node's state, consistent at one applied position, into the new directory {@code target}. */
  public void checkpointState(java.nio.file.Path target) {
    stateMachine.checkpointTo(target);
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
        long[] elapsed =
            role.getLeaderInfo().getFollowerInfoList().stream().mapToLong(f -> f.getLastRpcElapsedTimeMs()).sorted().toArray();
        int othersNeeded = (elapsed.length + 1) / 2;
        return othersNeeded == 0 ? 0 : elapsed[othersNeeded - 1];
      }
      if (!role.hasFollowerInfo() || !role.getFollowerInfo().hasLeaderInfo() || commitIndex() > state().applied().index()) {
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
    return client;
  }

  // ------------------------------------------------------------------------ administration

  /**
   * A member of the Raft configuration.
   *
   * @param id the node id (its Raft peer id)
   * @param raftAddress where its Raft (gRPC) server listens
   * @param voter true for a voting member, false for a listener
   */
  public record Member(String id, String raftAddress, boolean voter) {}

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
    conf.getCurrentPeers(RaftPeerRole.FOLLOWER).forEach(p -> out.add(new Member(p.getId().toString(), p.getAddress(), true)));
    conf.getCurrentPeers(RaftPeerRole.LISTENER).forEach(p -> out.add(new Member(p.getId().toString(), p.getAddress(), false)));
    return out;
  }

  /**
   * Adds {@code peer} as a voter: the configuration becomes the current voters plus {@code peer}
   * (listeners unchanged). The new node must already run with this cluster's group id and no peers;
   * the leader catches it up before the new configuration commits. Blocks until it commits.
   * Adding a peer that is already a voter at the same address changes nothing (a retried request).
   *
   * @throws IllegalArgumentException if the id is a member at another address, or a listener
   * @throws IOException if the cluster refused or did not commit the change (no quorum, not leader,
   *     another change in progress)
   */
  public void addPeer(Peer peer) throws IOException {
    Objects.requireNonNull(peer, "peer");
    RaftConfiguration conf = server.getDivision(group.getGroupId()).getRaftConf();
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> listeners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    for (RaftPeer p : voters) {
      if (p.getId().toString().equals(peer.id())) {
        if (p.getAddress().equals(peer.raftAddress())) {
          return;
        }
        throw new IllegalArgumentException("peer " + peer.id() + " is already a member, at " + p.getAddress());
      }
    }
    if (listeners.stream().anyMatch(p -> p.getId().toString().equals(peer.id()))) {
      throw new IllegalArgumentException("peer " + peer.id() + " is already a listener");
    }
    voters.add(toRaftPeer(peer));
    succeeded(client.admin().setConfiguration(voters, listeners));
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
    succeeded(client.admin().setConfiguration(voters, listeners));
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
    succeeded(client.admin().transferLeadership(RaftPeerId.valueOf(id), timeout.toMillis()));
  }

  /**
   * Takes a snapshot of this replica now (unless nothing was applied since the last one) and
   * returns the log index it covers; older log segments may then be purged.
   *
   * @throws IOException if the snapshot could not be taken within {@code timeout}
   */
  public long takeSnapshot(Duration timeout) throws IOException {
    RaftClientReply reply = client.getSnapshotManagementApi(RaftPeerId.valueOf(id)).create(true, timeout.toMillis());
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
      client.close();
    } finally {
      server.close();
    }
  }
}
