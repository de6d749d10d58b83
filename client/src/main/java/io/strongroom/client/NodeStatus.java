package io.strongroom.client;

import java.util.Objects;

/**
 * One member of the cluster as a node sees it. Immutable.
 *
 * @param id the node id
 * @param address the node's client address, host:port
 * @param region the region the node runs in
 * @param role LEADER, FOLLOWER, LISTENER, CANDIDATE or UNKNOWN (newer nodes may add roles)
 * @param zone the zone inside its region; empty if unknown (an older node)
 */
public record NodeStatus(String id, String address, String region, String role, String zone) {

  /** Checks that nothing is null. */
  public NodeStatus {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(zone, "zone");
  }

  /** A member whose zone is unknown. */
  public NodeStatus(String id, String address, String region, String role) {
    this(id, address, region, role, "");
  }
}
