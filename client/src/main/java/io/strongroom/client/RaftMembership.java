package io.strongroom.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Raft configuration as the answering node (the leader, for changes) holds it. Immutable.
 *
 * @param peers the members, voters first
 * @param leader the leader's node id, if known
 */
public record RaftMembership(List<RaftPeer> peers, Optional<String> leader) {

  /** Copies the list and checks that nothing is null. */
  public RaftMembership {
    peers = List.copyOf(peers);
    Objects.requireNonNull(leader, "leader");
  }
}
