package io.strongroom.client;

import java.util.Objects;

/**
 * One member of the cluster's Raft configuration. Immutable.
 *
 * @param id the node id
 * @param raftAddress host:port of its Raft server
 * @param clientAddress host:port of its client port; empty if no node knows it
 * @param region its region label; empty if unknown
 * @param role LEADER, FOLLOWER, LISTENER or UNKNOWN (newer nodes may add roles)
 * @param voter whether it votes (listeners replicate without voting)
 * @param zone its zone inside the region; empty if unknown
 * @param priority its Raft leader priority: the leader hands over to a caught-up voter of higher
 *     priority (the primary region's unsealed voters have 1, every other member 0)
 */
public record RaftPeer(String id, String raftAddress, String clientAddress, String region, String role, boolean voter, String zone, int priority) {

  /** Checks that nothing is null. */
  public RaftPeer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(raftAddress, "raftAddress");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(zone, "zone");
  }

  /** A member whose zone is unknown, of priority 0. */
  public RaftPeer(String id, String raftAddress, String clientAddress, String region, String role, boolean voter) {
    this(id, raftAddress, clientAddress, region, role, voter, "", 0);
  }
}
