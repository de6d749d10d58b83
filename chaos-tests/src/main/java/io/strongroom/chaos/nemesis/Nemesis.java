package io.strongroom.chaos.nemesis;

import io.strongroom.chaos.harness.Cluster;
import io.strongroom.chaos.harness.Firewall;
import io.strongroom.chaos.workload.RunLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a {@link Schedule} against a {@link Cluster}: applies each fault, holds it, heals it, rests.
 * Every fault start and end is recorded in the run's history as a nemesis event
 * ({@code :process :nemesis}) and as an {@link Interval} for the timeline.
 *
 * <p>A fault whose target cannot be found (no leader elected at that moment) is recorded as
 * skipped and does not count. {@link #healAll} undoes everything at the end: firewall rules
 * flushed, paused nodes resumed, dead members restarted and unsealed.
 */
public final class Nemesis {
  /** A fault as it happened: [start, end) in run nanoseconds. */
  public record Interval(FaultKind kind, long startNanos, long endNanos, String detail) {}

  /** The leader was killed (by kill-leader, kill-all, or a kill-random that hit it): when, which node, by which fault. */
  public record LeaderKill(long atNanos, String node, FaultKind kind) {}

  /** How long a fault aimed at the leader waits for one before it is skipped. */
  static final java.time.Duration LEADER_PATIENCE = java.time.Duration.ofSeconds(15);

  private final Cluster cluster;
  private final Firewall firewall;
  private final RunLog log;
  private final Consumer<String> out;
  private final Map<FaultKind, Integer> applied = new LinkedHashMap<>();
  private final List<Interval> intervals = new ArrayList<>();
  private final List<LeaderKill> leaderKills = new ArrayList<>();
  private volatile boolean stop;

  public Nemesis(Cluster cluster, Firewall firewall, RunLog log, Consumer<String> out) {
    this.cluster = cluster;
    this.firewall = firewall;
    this.log = log;
    this.out = out;
  }

  /** Runs every step of {@code schedule} in order, on the calling thread. */
  public void run(Schedule schedule) throws InterruptedException {
    for (Schedule.Step step : schedule.steps()) {
      if (stop) {
        return;
      }
      runStep(step);
      Thread.sleep(step.quietMillis());
    }
  }

  /** Stops after the current step. */
  public void stop() {
    stop = true;
  }

  private void runStep(Schedule.Step step) throws InterruptedException {
    Random rnd = new Random(step.choice());
    long start = log.now();
    Fault fault;
    try {
      fault = apply(step.kind(), rnd);
    } catch (RuntimeException e) {
      log.nemesis(step.kind().keyword(), "skipped: " + e.getMessage());
      out.accept("step " + step.number() + " " + step.kind().keyword() + " skipped: " + e.getMessage());
      return;
    }
    if (fault == null) {
      log.nemesis(step.kind().keyword(), "skipped: no leader");
      out.accept("step " + step.number() + " " + step.kind().keyword() + " skipped: no leader");
      return;
    }
    log.nemesis(step.kind().keyword(), "start " + fault.detail());
    out.accept("step " + step.number() + " " + step.kind().keyword() + ": " + fault.detail() + " for " + step.holdMillis() + " ms");
    synchronized (this) {
      applied.merge(step.kind(), 1, Integer::sum);
    }
    Thread.sleep(step.holdMillis());
    String healed;
    try {
      healed = fault.heal().get();
    } catch (RuntimeException e) {
      healed = "heal failed: " + e.getMessage();
      out.accept("step " + step.number() + " heal failed: " + e);
    }
    long end = log.now();
    log.nemesis(step.kind().keyword(), "stop " + healed);
    synchronized (this) {
      intervals.add(new Interval(step.kind(), start, end, fault.detail()));
    }
  }

  /** An applied fault and how to heal it (returns what it did). */
  private record Fault(String detail, java.util.function.Supplier<String> heal) {}

  private Fault apply(FaultKind kind, Random rnd) {
    List<String> members = cluster.members();
    switch (kind) {
      case PARTITION_LEADER: {
        Optional<String> leader = cluster.awaitLeader(LEADER_PATIENCE);
        if (leader.isEmpty()) {
          return null;
        }
        Set<Firewall.Cut> cuts = Firewall.isolate(leader.get(), members);
        firewall.set(cuts);
        return new Fault("isolate leader " + leader.get(), this::healNetwork);
      }
      case PARTITION_HALVES: {
        List<String> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, rnd);
        int minority = (shuffled.size() - 1) / 2;
        List<String> small = List.copyOf(shuffled.subList(0, minority));
        List<String> big = List.copyOf(shuffled.subList(minority, shuffled.size()));
        firewall.set(Firewall.partition(List.of(small, big)));
        return new Fault("partition " + small + " | " + big, this::healNetwork);
      }
      case PARTITION_RING: {
        List<String> ring = new ArrayList<>(members);
        Collections.shuffle(ring, rnd);
        firewall.set(Firewall.majoritiesRing(ring));
        return new Fault("majorities ring " + ring, this::healNetwork);
      }
      case ONE_WAY_LAG: {
        Optional<String> leader = cluster.awaitLeader(LEADER_PATIENCE);
        if (leader.isEmpty()) {
          return null;
        }
        List<String> followers = new ArrayList<>(members);
        followers.remove(leader.get());
        String lagging = followers.get(rnd.nextInt(followers.size()));
        firewall.set(Firewall.oneWay(leader.get(), lagging));
        return new Fault("leader " + leader.get() + " cannot send to " + lagging, this::healNetwork);
      }
      case KILL_LEADER: {
        Optional<String> leader = cluster.awaitLeader(LEADER_PATIENCE);
        if (leader.isEmpty()) {
          return null;
        }
        return kill(List.of(leader.get()), kind, "leader ");
      }
      case KILL_RANDOM:
        return kill(List.of(members.get(rnd.nextInt(members.size()))), kind, "");
      case KILL_ALL: {
        Optional<String> leader = cluster.leader();
        return kill(members, kind, leader.map(l -> "leader " + l + " and all of ").orElse("all of "));
      }
      case PAUSE_LEADER: {
        Optional<String> leader = cluster.awaitLeader(LEADER_PATIENCE);
        if (leader.isEmpty()) {
          return null;
        }
        return pause(leader.get(), "leader ");
      }
      case PAUSE_RANDOM:
        return pause(members.get(rnd.nextInt(members.size())), "");
      case MEMBERSHIP: {
        // A snapshot first: once the leader has purged its log up to it, the new node can only
        // catch up by installing the snapshot.
        String snapshot;
        try {
          snapshot = "snapshot at " + cluster.admin().sys().raftSnapshot() + ", ";
        } catch (RuntimeException e) {
          snapshot = "no snapshot (" + e.getMessage() + "), ";
        }
        String added = cluster.addNode();
        return new Fault(snapshot + "added " + added, () -> {
          Optional<String> leader = cluster.leader();
          List<String> old = new ArrayList<>(cluster.members());
          old.remove(added);
          leader.ifPresent(old::remove);
          String removed = old.get(rnd.nextInt(old.size()));
          cluster.removeNode(removed);
          return "removed " + removed + "; members " + cluster.members();
        });
      }
      case SNAPSHOT: {
        Optional<String> leader = cluster.awaitLeader(LEADER_PATIENCE);
        if (leader.isEmpty()) {
          return null;
        }
        long first = cluster.admin().sys().raftSnapshot();
        List<String> followers = new ArrayList<>(members);
        followers.remove(leader.get());
        String victim = followers.get(rnd.nextInt(followers.size()));
        cluster.kill(victim);
        return new Fault("snapshot at " + first + " on " + leader.get() + ", killed " + victim, () -> {
          String second;
          try {
            second = "snapshot at " + cluster.admin().sys().raftSnapshot();
          } catch (RuntimeException e) {
            second = "second snapshot failed: " + e.getMessage();
          }
          cluster.restart(victim);
          cluster.awaitServing(victim);
          cluster.unseal(victim);
          return second + "; restarted and unsealed " + victim;
        });
      }
      default:
        throw new IllegalArgumentException("unknown fault " + kind);
    }
  }

  private String healNetwork() {
    firewall.heal();
    return "healed network";
  }

  private Fault kill(List<String> victims, FaultKind kind, String label) {
    // Whichever node leads right now: a random victim may be the leader too.
    Optional<String> leader = kind == FaultKind.KILL_LEADER ? Optional.of(victims.get(0)) : cluster.leader();
    for (String v : victims) {
      cluster.kill(v);
    }
    if (leader.isPresent() && victims.contains(leader.get())) {
      synchronized (this) {
        leaderKills.add(new LeaderKill(log.now(), leader.get(), kind));
      }
    }
    return new Fault("kill -9 " + label + victims, () -> {
      for (String v : victims) {
        cluster.restart(v);
      }
      for (String v : victims) {
        cluster.awaitServing(v);
        cluster.unseal(v);
      }
      return "restarted and unsealed " + victims;
    });
  }

  private Fault pause(String victim, String label) {
    cluster.pauseNode(victim);
    return new Fault("SIGSTOP " + label + victim, () -> {
      cluster.resumeNode(victim);
      return "SIGCONT " + victim;
    });
  }

  /** Undoes every fault still in force: network healed, nodes resumed, dead members restarted and unsealed. */
  public void healAll() {
    firewall.heal();
    for (String id : cluster.pausedNodes()) {
      cluster.resumeNode(id);
    }
    List<String> down = cluster.downMembers();
    for (String id : down) {
      cluster.restart(id);
    }
    for (String id : cluster.members()) {
      cluster.awaitServing(id);
      cluster.unseal(id);
    }
    log.nemesis("heal", "healed everything" + (down.isEmpty() ? "" : "; restarted " + down));
  }

  /** How many faults of each kind were applied. */
  public synchronized Map<FaultKind, Integer> applied() {
    return new LinkedHashMap<>(applied);
  }

  public synchronized List<Interval> intervals() {
    return List.copyOf(intervals);
  }

  public synchronized List<LeaderKill> leaderKills() {
    return List.copyOf(leaderKills);
  }
}
