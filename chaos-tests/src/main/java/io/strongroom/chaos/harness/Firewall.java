package io.strongroom.chaos.harness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Packet loss between nodes, with iptables inside the chaos network namespace.
 *
 * <p>All nodes share the namespace's {@code lo}, each on its own address, and each runs with its
 * own group id ({@link NodeSpec#gid()}). A {@link Cut} from A to B is one rule in the
 * {@value #CHAIN} chain, hooked into OUTPUT:
 *
 * <pre>
 * iptables -A STRONGROOM_CHAOS -m owner --gid-owner 61001 -d 127.0.0.12/32 -j DROP
 * </pre>
 *
 * <p>so every packet that node A's sockets send to node B's address is dropped: A's connections
 * to B (Raft appends, votes, read-index requests) go dark, while B's own connections to A still
 * work as long as there is no cut from B to A. Source addresses cannot tell nodes apart (every
 * connection on lo leaves from 127.0.0.1), which is why the owner match is used. Clients (the
 * harness, group 0) are never cut: as in Jepsen, faults are between nodes.
 *
 * <p>A partition is a set of cuts in both directions; {@link #set} replaces the current cuts
 * atomically enough for a test (flush, then append), {@link #heal} removes them all.
 */
public final class Firewall {
  public static final String CHAIN = "STRONGROOM_CHAOS";

  /** Packets node {@code from} sends to node {@code to}'s address are dropped. */
  public record Cut(String from, String to) {
    public Cut {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.equals(to)) {
        throw new IllegalArgumentException("a node cannot be cut from itself: " + from);
      }
    }

    @Override
    public String toString() {
      return from + "-/->" + to;
    }
  }

  private Set<Cut> current = Set.of();

  /** Creates the chain and hooks it into OUTPUT. */
  public void install() {
    Shell.check(List.of("iptables", "-w", "-N", CHAIN));
    Shell.check(List.of("iptables", "-w", "-I", "OUTPUT", "-j", CHAIN));
  }

  /** Replaces the current cuts with {@code cuts}. */
  public synchronized void set(Collection<Cut> cuts) {
    Shell.check(List.of("iptables", "-w", "-F", CHAIN));
    current = Set.of();
    for (List<String> rule : rules(cuts)) {
      Shell.check(rule);
    }
    current = Set.copyOf(cuts);
  }

  /** Removes every cut. */
  public synchronized void heal() {
    set(List.of());
  }

  public synchronized Set<Cut> current() {
    return current;
  }

  /** The iptables commands that make {@code cuts}, in order. */
  public static List<List<String>> rules(Collection<Cut> cuts) {
    List<List<String>> rules = new ArrayList<>();
    for (Cut c : new LinkedHashSet<>(cuts)) {
      NodeSpec from = NodeSpec.of(c.from());
      NodeSpec to = NodeSpec.of(c.to());
      rules.add(List.of("iptables", "-w", "-A", CHAIN, "-m", "owner", "--gid-owner", Integer.toString(from.gid()),
          "-d", to.host() + "/32", "-j", "DROP"));
    }
    return rules;
  }

  // ---------------------------------------------------------------- the shapes of partitions

  /** Cuts in both directions between nodes in different components. */
  public static Set<Cut> partition(List<? extends Collection<String>> components) {
    Set<Cut> cuts = new LinkedHashSet<>();
    for (int i = 0; i < components.size(); i++) {
      for (int j = 0; j < components.size(); j++) {
        if (i == j) {
          continue;
        }
        for (String a : components.get(i)) {
          for (String b : components.get(j)) {
            cuts.add(new Cut(a, b));
          }
        }
      }
    }
    return cuts;
  }

  /** {@code node} alone on one side, everyone else on the other. */
  public static Set<Cut> isolate(String node, Collection<String> all) {
    List<String> rest = new ArrayList<>(all);
    rest.remove(node);
    return partition(List.of(List.of(node), rest));
  }

  /**
   * Overlapping majorities (Jepsen's majorities ring): the nodes in a ring, each sending only to
   * its nearest neighbours, as many as make a bare majority with itself (5 nodes: the one on each
   * side), so every node sees a majority and no two see the same one. Needs at least 5 nodes: with
   * 3, a node and one neighbour make the majority and the ring is the full graph.
   */
  public static Set<Cut> majoritiesRing(List<String> ring) {
    int n = ring.size();
    if (n < 5) {
      throw new IllegalArgumentException("a majorities ring needs at least 5 nodes, had " + n);
    }
    int majority = n / 2 + 1;
    Set<Cut> cuts = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      Set<Integer> sees = new LinkedHashSet<>();
      sees.add(i);
      int step = 1;
      while (sees.size() < majority) {
        sees.add(Math.floorMod(i + step, n));
        if (sees.size() < majority) {
          sees.add(Math.floorMod(i - step, n));
        }
        step++;
      }
      for (int j = 0; j < n; j++) {
        if (!sees.contains(j)) {
          cuts.add(new Cut(ring.get(i), ring.get(j)));
        }
      }
    }
    return cuts;
  }

  /**
   * A one-way cut: {@code from} (the leader) can no longer send to {@code to}, while {@code to}
   * still reaches {@code from}. The follower stops receiving entries but its own requests (votes,
   * read index, proposals) still get through and are answered: it falls behind without noticing.
   */
  public static Set<Cut> oneWay(String from, String to) {
    return Set.of(new Cut(from, to));
  }
}
