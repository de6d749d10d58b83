package io.strongroom.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's validated configuration, read from {@code node.yaml} by {@link NodeConfigLoader}.
 *
 * <p>Every instance is valid: addresses parse, ids are unique, this node is among the peers (or
 * the peers are empty: the node {@linkplain #joining() joins} a running cluster), the data dir is
 * absolute. Immutable.
 *
 * @param nodeId this node's id; also its Raft peer id
 * @param region the region label (for status and, later, leader placement)
 * @param zone the zone label inside the region
 * @param dataDir where RocksDB, the Raft log and snapshots live
 * @param raftAddress where peers reach this node's Raft server
 * @param clientAddress where clients reach this node's TCP protocol
 * @param httpAddress health and metrics
 * @param peers every voting member of the cluster, this node included; empty for a node that
 *     joins a running cluster ({@code join: true})
 * @param tls TLS material; empty means plaintext (loopback development only)
 * @param seal how the root key is protected
 * @param profile the deployment profile the timeouts start from
 * @param timeouts the timeouts in effect: the profile's, with any {@code timeouts:} overrides
 * @param primaryRegion the region whose unsealed voters should hold the leadership (they get a
 *     higher Raft priority); empty: no preference. Must be the same on every node.
 */
public record NodeConfig(
    String nodeId,
    String region,
    String zone,
    Path dataDir,
    HostPort raftAddress,
    HostPort clientAddress,
    HostPort httpAddress,
    List<Peer> peers,
    Optional<Tls> tls,
    Seal seal,
    Profile profile,
    Timeouts timeouts,
    Optional<String> primaryRegion) {

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    peers = List.copyOf(peers);
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(primaryRegion, "primaryRegion");
  }

  /** A configuration with the profile's timeouts and no primary region. */
  public NodeConfig(
      String nodeId, String region, String zone, Path dataDir, HostPort raftAddress, HostPort clientAddress, HostPort httpAddress,
      List<Peer> peers, Optional<Tls> tls, Seal seal, Profile profile) {
    this(nodeId, region, zone, dataDir, raftAddress, clientAddress, httpAddress, peers, tls, seal, profile, profile.timeouts(), Optional.empty());
  }

  /** A member of the cluster as every node knows it. */
  public record Peer(String id, HostPort raftAddress, HostPort clientAddress, String region, String zone) {
    public Peer {
      Objects.requireNonNull(zone, "zone");
    }

    /** A member whose zone is not configured. */
    public Peer(String id, HostPort raftAddress, HostPort clientAddress, String region) {
      this(id, raftAddress, clientAddress, region, "");
    }
  }

  /**
   * Raft timeouts. Ratis sends heartbeats every {@code electionMin / 2} (it has no separate
   * heartbeat setting), so {@link #heartbeat()} follows from {@code electionMin}.
   *
   * @param electionMin lower bound of the randomized election timeout: how long a follower waits
   *     without hearing from a leader before it stands for election
   * @param electionMax upper bound of the randomized election timeout
   * @param request how long a proposal waits for its commit before Ratis' client retries it
   */
  public record Timeouts(Duration electionMin, Duration electionMax, Duration request) {
    public Timeouts {
      Objects.requireNonNull(electionMin, "electionMin");
      Objects.requireNonNull(electionMax, "electionMax");
      Objects.requireNonNull(request, "request");
      if (electionMin.isNegative() || electionMin.isZero() || electionMax.compareTo(electionMin) <= 0 || request.isNegative() || request.isZero()) {
        throw new IllegalArgumentException("need 0 < electionMin < electionMax and request > 0, were " + electionMin + ", " + electionMax + ", " + request);
      }
    }

    /** How often a leader sends heartbeats (derived by Ratis from the election timeout). */
    public Duration heartbeat() {
      return electionMin.dividedBy(2);
    }
  }

  /** TLS files (PEM). With {@code requireClientCert}, clients must present a certificate signed by {@code ca}. */
  public record Tls(Path certFile, Path keyFile, Path caFile, boolean requireClientCert) {}

  /** How this node's root key is protected. */
  public sealed interface Seal {
    /** Shamir shares held by key holders (the default). */
    record Shamir() implements Seal {}

    /** Auto-unseal: the root key is wrapped by a PKCS#11 key. The PIN comes from an environment variable. */
    record Pkcs11(Path library, int slotListIndex, String keyLabel, String pinEnv) implements Seal {}
  }

  /** Timeouts for the network the cluster runs on. */
  public enum Profile {
    /** One data centre or one machine. */
    LAN(1_000, 2_000, 3_000),
    /** Nodes in several regions, tens of milliseconds apart. */
    MULTI_REGION(3_000, 6_000, 10_000);

    public final int electionTimeoutMinMs;
    public final int electionTimeoutMaxMs;
    public final int requestTimeoutMs;

    Profile(int electionTimeoutMinMs, int electionTimeoutMaxMs, int requestTimeoutMs) {
      this.electionTimeoutMinMs = electionTimeoutMinMs;
      this.electionTimeoutMaxMs = electionTimeoutMaxMs;
      this.requestTimeoutMs = requestTimeoutMs;
    }

    /** This profile's timeouts, before any override. */
    public Timeouts timeouts() {
      return new Timeouts(Duration.ofMillis(electionTimeoutMinMs), Duration.ofMillis(electionTimeoutMaxMs), Duration.ofMillis(requestTimeoutMs));
    }
  }

  /**
   * Whether this node joins a running cluster: it starts with no Raft peers and waits until an
   * operator adds it ({@code strongroom operator raft add-peer}); the leader then sends it the
   * configuration and catches it up. After that its Raft storage knows the configuration.
   */
  public boolean joining() {
    return peers.isEmpty();
  }

  /** This node as a peer. */
  public Peer self() {
    return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
  }
}
