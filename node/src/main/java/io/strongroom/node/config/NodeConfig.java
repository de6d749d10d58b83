package io.strongroom.node.config;

import java.nio.file.Path;
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
 * @param profile timeouts for the deployment's network
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
    Profile profile) {

  public NodeConfig {
    Objects.requireNonNull(nodeId, "nodeId");
    peers = List.copyOf(peers);
  }

  /** A member of the cluster as every node knows it. */
  public record Peer(String id, HostPort raftAddress, HostPort clientAddress, String region) {}

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
