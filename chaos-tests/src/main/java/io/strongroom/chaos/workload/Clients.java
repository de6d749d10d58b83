package io.strongroom.chaos.workload;

import io.strongroom.chaos.harness.Cluster;
import io.strongroom.client.StrongroomClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload's clients: one that follows the leader (writes, compare-and-sets, some reads) and,
 * per node, one bound to that node alone (the rest of the reads), so that a node serving stale
 * data is read from, as Jepsen binds each client to a node. A client never hears of the leader
 * from a bound client's reads: the node-bound clients know only their node.
 */
public final class Clients implements AutoCloseable {
  /** How long one attempt waits, and how long a call may retry: short, so faults show as :info quickly. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMillis(2500);
  static final Duration RETRY_DEADLINE = Duration.ofSeconds(4);

  private final StrongroomClient leader;
  private final Map<String, StrongroomClient> bound = new LinkedHashMap<>();

  public Clients(Cluster cluster, List<String> nodes) {
    this.leader = cluster.newClient(Cluster.clientAddresses(nodes), REQUEST_TIMEOUT, RETRY_DEADLINE);
    for (String n : nodes) {
      bound.put(n, cluster.newClient(Cluster.clientAddresses(List.of(n)), REQUEST_TIMEOUT, Duration.ofSeconds(3)));
    }
  }

  /** The client that follows the leader. */
  public StrongroomClient leader() {
    return leader;
  }

  /** The client bound to {@code node}. */
  public StrongroomClient boundTo(String node) {
    StrongroomClient c = bound.get(node);
    if (c == null) {
      throw new IllegalArgumentException("no client bound to " + node);
    }
    return c;
  }

  public List<String> nodes() {
    return new ArrayList<>(bound.keySet());
  }

  @Override
  public void close() {
    leader.close();
    bound.values().forEach(StrongroomClient::close);
  }
}
