package io.strongroom.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seal and replication state of the node that answered. Immutable.
 *
 * @param initialized whether the cluster has been initialized
 * @param sealed whether this node is sealed
 * @param nodeId the answering node's id
 * @param leader the leader's node id, if known
 * @param nodes the cluster members as this node sees them
 * @param commitIndex the Raft commit index on this node
 * @param appliedIndex the Raft index applied on this node
 * @param threshold how many unseal shares are needed
 * @param shares how many unseal shares exist
 * @param unsealProgress how many shares this node holds toward unsealing
 * @param version the node's software version
 */
public record Status(
    boolean initialized,
    boolean sealed,
    String nodeId,
    Optional<String> leader,
    List<NodeStatus> nodes,
    long commitIndex,
    long appliedIndex,
    int threshold,
    int shares,
    int unsealProgress,
    String version) {

  /** Copies the list and checks that nothing is null. */
  public Status {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(leader, "leader");
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(version, "version");
  }
}
