package io.strongroom.chaos.nemesis;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The faults the nemesis injects; each is applied, held, then healed. */
public enum FaultKind {
  /** The leader alone on one side of a partition. */
  PARTITION_LEADER,
  /** A random minority and majority, cut from each other. */
  PARTITION_HALVES,
  /** Overlapping majorities in a ring (5 nodes or more). */
  PARTITION_RING,
  /**
   * A one-way cut: the leader can no longer send to one follower, which falls behind while its own
   * requests (read index, audit records) still reach the leader and are answered.
   */
  ONE_WAY_LAG,
  /** kill -9 the leader; restart and unseal it when healing. */
  KILL_LEADER,
  /** kill -9 a random member; restart and unseal it when healing. */
  KILL_RANDOM,
  /** kill -9 every member; restart and unseal them all when healing. */
  KILL_ALL,
  /** SIGSTOP the leader; SIGCONT when healing. */
  PAUSE_LEADER,
  /** SIGSTOP a random member; SIGCONT when healing. */
  PAUSE_RANDOM,
  /**
   * Snapshot on the leader, add a new node (join: true, add-peer) under load, which catches up by
   * installing the snapshot, then remove an old follower (remove-peer).
   */
  MEMBERSHIP,
  /** Snapshot on the leader, kill -9 a follower, snapshot again under load, restart it: it catches up. */
  SNAPSHOT;

  /** The kinds a real-mode combined schedule draws from, for a cluster of {@code nodes}. */
  public static List<FaultKind> combined(int nodes) {
    return Arrays.stream(values()).filter(k -> k != PARTITION_RING || nodes >= 5).toList();
  }

  /** {@code kill-leader}, ... */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<FaultKind> fromKeyword(String keyword) {
    return Arrays.stream(values()).filter(k -> k.keyword().equals(keyword)).findFirst();
  }

}
