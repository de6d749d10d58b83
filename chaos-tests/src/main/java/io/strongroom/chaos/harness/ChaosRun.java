package io.strongroom.chaos.harness;

import io.strongroom.chaos.check.CasRegister;
import io.strongroom.chaos.check.CheckResult;
import io.strongroom.chaos.check.Counterexample;
import io.strongroom.chaos.check.LinearizabilityChecker;
import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.chaos.history.OpType;
import io.strongroom.chaos.nemesis.FaultKind;
import io.strongroom.chaos.nemesis.Nemesis;
import io.strongroom.chaos.nemesis.Schedule;
import io.strongroom.chaos.workload.AuditCheck;
import io.strongroom.chaos.workload.AuditExpectations;
import io.strongroom.chaos.workload.Clients;
import io.strongroom.chaos.workload.RegisterWorkload;
import io.strongroom.chaos.workload.RunLog;
import io.strongroom.chaos.workload.SetChecker;
import io.strongroom.chaos.workload.SetWorkload;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * One chaos run, inside the network namespace the launcher made ({@link ChaosLauncher}): sets up
 * the namespace's loopback addresses and firewall chain, starts and initializes the cluster, runs
 * the workloads while the nemesis follows the seeded schedule, heals everything, waits for the
 * cluster to take writes again, stops the load, makes the final reads, checks, and writes the
 * artifacts to {@code target/chaos/RUN/}:
 *
 * <pre>
 * history.edn     every operation and fault (Jepsen EDN; bin/check-history reads it)
 * verdict.txt     the checkers' reports
 * timeline.svg    operations and faults over time
 * summary.json    the figures (also summary.edn, which the tests read)
 * schedule.txt    the seeded fault schedule
 * audit-export.jsonl, nodes/nK/node.log, runner.log
 * </pre>
 */
public final class ChaosRun {
  /** Linearizability search bound per key; the runner has a 1 GB heap. */
  static final long MAX_CONFIGURATIONS = 3_000_000;

  private final RunOptions options;
  private final String netns;
  private final PrintStream out;

  /** @param netns the name of the namespace this runner was started in ({@code ip netns exec NAME}) */
  public ChaosRun(RunOptions options, String netns, PrintStream out) {
    this.options = options;
    this.netns = netns;
    this.out = out;
  }

  private void say(String line) {
    out.printf("[chaos %s %6.1fs] %s%n", options.name(), (System.nanoTime() - started) / 1e9, line);
    out.flush();
  }

  private final long started = System.nanoTime();

  /** Runs and checks; returns the summary (also written to disk). */
  public Edn.MapOf execute() throws IOException, InterruptedException {
    Path runDir = options.runDir();
    Files.createDirectories(runDir);
    say("seed " + options.seed() + ", " + options.nodes() + " nodes, mode " + options.mode() + ", kinds "
        + options.kinds().stream().map(FaultKind::keyword).toList() + "; artifacts in " + runDir);
    requireOwnNamespace(netns);
    Firewall firewall = new Firewall();
    prepareNamespace(firewall);
    Schedule schedule = Schedule.generate(options.seed(), options.kinds(), Duration.ofSeconds(options.faultSeconds()), options.timing());
    Files.writeString(runDir.resolve("schedule.txt"), "seed " + options.seed() + "\n" + schedule.describe());
    RunLog log = new RunLog();
    AuditExpectations expectations = new AuditExpectations();
    List<String> jvm = options.unsafeLocalReads() ? List.of("-Dstrongroom.test.unsafeLocalReads=true") : List.of();
    try (Cluster cluster = new Cluster(runDir, options.jar(), jvm, this::say)) {
      cluster.create(options.nodes());
      cluster.initAndUnsealAll();
      say("cluster of " + cluster.members() + " initialized and unsealed; leader " + cluster.leader().orElse("?"));
      String prefix = "chaos/" + options.seed();
      Nemesis nemesis = new Nemesis(cluster, firewall, log, this::say);
      RegisterWorkload registers;
      SetWorkload set;
      Optional<TreeSet<Long>> finalSet;
      long recoveryMillis;
      try (Clients clients = new Clients(cluster, cluster.members())) {
        registers = new RegisterWorkload(log, clients, expectations, prefix, options.keys(), options.registerThreads(), options.seed());
        set = new SetWorkload(log, clients, expectations, prefix, options.setThreads());
        registers.start();
        set.start();
        Thread.sleep(3_000);
        say("load running: " + log.registers().size() + " register events so far; faults start");
        try {
          nemesis.run(schedule);
        } finally {
          say("healing everything");
          nemesis.healAll();
        }
        recoveryMillis = awaitWrite(clients, prefix + "/probe", log);
        say(recoveryMillis >= 0 ? "cluster takes writes again " + recoveryMillis + " ms after healing" : "cluster did NOT recover");
        Thread.sleep(4_000);
        registers.stop();
        set.stop();
        say("load stopped; final reads");
        registers.finalReads(20);
        finalSet = set.finalRead(20);
      }
      say("checking " + log.registerHistory().calls().size() + " register operations");
      AuditCheck.Result audit;
      try {
        audit = AuditCheck.run(cluster, expectations, runDir.resolve("audit-export.jsonl"), this::say);
      } catch (RuntimeException e) {
        audit = new AuditCheck.Result(false, Map.of(), false, "audit check failed: " + e, 0, 0, 0, 0, 0, 0,
            List.of("audit check could not run: " + e));
      }
      return finish(log, nemesis, registers, set, finalSet, audit, recoveryMillis, schedule);
    } finally {
      Shell.run(List.of("iptables", "-w", "-F", Firewall.CHAIN));
    }
  }

  private Edn.MapOf finish(RunLog log, Nemesis nemesis, RegisterWorkload registers, SetWorkload set,
      Optional<TreeSet<Long>> finalSet, AuditCheck.Result audit, long recoveryMillis, Schedule schedule) throws IOException {
    Path runDir = options.runDir();
    History history = log.registerHistory();
    long end = 1;
    for (var op : history.ops()) {
      end = Math.max(end, op.time().orElse(0));
    }
    for (RunLog.Event e : log.events()) {
      end = Math.max(end, e.timeNanos());
    }
    log.writeEdn(runDir.resolve("history.edn"));
    CheckResult<Edn> lin = new LinearizabilityChecker<>(CasRegister.empty(), MAX_CONFIGURATIONS).check(history);
    SetChecker.Result setResult = SetChecker.check(log.events(), finalSet);

    int nonLinearizableKeys = lin instanceof CheckResult.NotLinearizable<Edn> n ? n.counterexamples().size() : 0;
    Set<Long> highlighted = new HashSet<>();
    if (lin instanceof CheckResult.NotLinearizable<Edn> n) {
      for (Counterexample<Edn> c : n.counterexamples()) {
        highlighted.add(c.call().invocation().index());
      }
    }
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    for (OpType t : List.of(OpType.OK, OpType.FAIL, OpType.INFO)) {
      byOutcome.put(t.keyword(), history.calls().stream().filter(c -> c.outcome() == t).count());
    }
    List<Edn> kills = new ArrayList<>();
    long longest = -1;
    long longestKillAll = -1;
    boolean unrecoveredKill = false;
    for (Nemesis.LeaderKill k : nemesis.leaderKills()) {
      OptionalLong next = nextSuccessfulWrite(history, log.events(), k.atNanos());
      Map<Edn, Edn> m = new LinkedHashMap<>();
      m.put(Edn.keyword("at-ms"), Edn.of(k.atNanos() / 1_000_000));
      m.put(Edn.keyword("kind"), Edn.of(k.kind().keyword()));
      m.put(Edn.keyword("node"), Edn.of(k.node()));
      if (next.isPresent()) {
        long window = (next.getAsLong() - k.atNanos()) / 1_000_000;
        m.put(Edn.keyword("next-write-ms"), Edn.of(window));
        if (k.kind() == FaultKind.KILL_ALL) {
          longestKillAll = Math.max(longestKillAll, window); // includes restarting and unsealing every node
        } else {
          longest = Math.max(longest, window); // fail-over: the others elect a new leader
        }
      } else {
        m.put(Edn.keyword("next-write-ms"), Edn.NIL);
        unrecoveredKill = true;
      }
      kills.add(new Edn.MapOf(m));
    }
    long linAnomalies = nonLinearizableKeys;
    long anomalies = linAnomalies + setResult.anomalies() + audit.anomalies();
    boolean linearizable = lin.isLinearizable();
    boolean valid = linearizable && setResult.valid() && audit.valid() && recoveryMillis >= 0 && !unrecoveredKill;
    boolean passed = options.unsafeLocalReads() ? anomalies > 0 : valid;

    Map<Edn, Edn> faults = new LinkedHashMap<>();
    nemesis.applied().forEach((k, v) -> faults.put(Edn.keyword(k.keyword()), Edn.of(v)));
    Map<Edn, Edn> s = new LinkedHashMap<>();
    s.put(kw("run"), Edn.of(options.name()));
    s.put(kw("seed"), Edn.of(options.seed()));
    s.put(kw("replay"), Edn.of("chaos-tests/bin/chaos " + String.join(" ", replayArgs())));
    s.put(kw("mode"), Edn.of(options.mode()));
    s.put(kw("nodes"), Edn.of(options.nodes()));
    s.put(kw("started"), Edn.of(Instant.now().minusNanos(System.nanoTime() - started).toString()));
    s.put(kw("duration-ms"), Edn.of(end / 1_000_000));
    s.put(kw("passed"), new Edn.Bool(passed));
    s.put(kw("valid"), new Edn.Bool(valid));
    s.put(kw("operations-checked"), Edn.of(history.calls().size()));
    s.put(kw("register-outcomes"), map(byOutcome));
    s.put(kw("keys"), Edn.of(registers.keys().size()));
    s.put(kw("linearizability"), Edn.of(lin instanceof CheckResult.Linearizable ? "linearizable"
        : lin instanceof CheckResult.NotLinearizable ? "not-linearizable" : "unknown"));
    s.put(kw("non-linearizable-keys"), Edn.of(nonLinearizableKeys));
    s.put(kw("set-adds"), map(Map.of("attempted", setResult.attempted(), "acknowledged", setResult.acknowledged(),
        "indeterminate", setResult.indeterminate(), "final-size", setResult.finalSize(), "indeterminate-present", setResult.recovered())));
    s.put(kw("faults"), new Edn.MapOf(faults));
    s.put(kw("faults-total"), Edn.of(nemesis.applied().values().stream().mapToLong(Integer::longValue).sum()));
    s.put(kw("anomalies"), Edn.of(anomalies));
    s.put(kw("anomalies-by-check"), map(Map.of("linearizability", linAnomalies, "set", setResult.anomalies(), "audit", audit.anomalies())));
    s.put(kw("lost-writes"), Edn.of(setResult.lost().size()));
    s.put(kw("audit"), auditEdn(audit));
    s.put(kw("leader-kills"), new Edn.Vec(kills));
    s.put(kw("longest-unavailability-after-leader-kill-ms"), longest < 0 ? Edn.NIL : Edn.of(longest));
    s.put(kw("longest-unavailability-after-kill-all-ms"), longestKillAll < 0 ? Edn.NIL : Edn.of(longestKillAll));
    s.put(kw("recovered-after-heal-ms"), Edn.of(recoveryMillis));
    s.put(kw("schedule-steps"), Edn.of(schedule.steps().size()));
    s.put(kw("snapshot-installs"), Edn.of(snapshotInstalls(runDir.resolve("nodes"))));
    Edn.MapOf summary = new Edn.MapOf(s);

    StringBuilder verdict = new StringBuilder();
    verdict.append("run ").append(options.name()).append(" seed ").append(options.seed()).append(" mode ").append(options.mode())
        .append(": ").append(passed ? "PASSED" : "FAILED").append(options.unsafeLocalReads() ? " (negative control: anomalies expected)" : "")
        .append("\n\nregisters: ").append(lin.report()).append('\n').append(setResult.report()).append('\n').append(audit.report());
    Files.writeString(runDir.resolve("verdict.txt"), verdict.toString());
    Files.writeString(runDir.resolve("summary.edn"), summary + "\n");
    Files.writeString(runDir.resolve("summary.json"), Json.render(summary));
    int regThreads = options.registerThreads();
    int setThreads = options.setThreads();
    List<Timeline.Bar> bars = new ArrayList<>(Timeline.registerBars(history.calls(), end,
        p -> p >= RegisterWorkload.FINAL_READ_PROCESS ? "final reads" : "register " + (p % regThreads), highlighted));
    bars.addAll(Timeline.setBars(log.events(), end,
        p -> p >= SetWorkload.FIRST_PROCESS + 100_000 ? "final reads" : "set " + ((p - SetWorkload.FIRST_PROCESS) % setThreads)));
    Files.writeString(runDir.resolve("timeline.svg"), Timeline.svg(options.name() + " - seed " + options.seed() + ", "
        + options.nodes() + " nodes, " + options.mode() + ", " + (passed ? "passed" : "FAILED"), end, bars, nemesis.intervals(),
        nemesis.leaderKills()));

    say("history " + runDir.resolve("history.edn"));
    say(verdict.toString().strip());
    say("operations checked " + history.calls().size() + ", faults " + faults.size() + " kinds " + new Edn.MapOf(faults)
        + ", anomalies " + anomalies + ", lost writes " + setResult.lost().size()
        + ", longest unavailability after a leader kill " + (longest < 0 ? "n/a" : longest + " ms")
        + " (after kill-all " + (longestKillAll < 0 ? "n/a" : longestKillAll + " ms") + ")"
        + "; seed " + options.seed() + " -> " + (passed ? "PASSED" : "FAILED"));
    return summary;
  }

  private List<String> replayArgs() {
    List<String> a = new ArrayList<>(List.of("--seed", Long.toString(options.seed()), "--nodes", Integer.toString(options.nodes()),
        "--fault-seconds", Long.toString(options.faultSeconds()), "--kinds",
        String.join(",", options.kinds().stream().map(FaultKind::keyword).toList())));
    if (options.longTiming()) {
      a.add("--long-timing");
    }
    if (options.unsafeLocalReads()) {
      a.add("--unsafe-local-reads");
    }
    return a;
  }

  private static Edn.MapOf auditEdn(AuditCheck.Result a) {
    Map<Edn, Edn> m = new LinkedHashMap<>();
    m.put(kw("valid"), new Edn.Bool(a.valid()));
    m.put(kw("heads-converged"), new Edn.Bool(a.headsConverged()));
    Map<Edn, Edn> heads = new LinkedHashMap<>();
    a.heads().forEach((k, v) -> heads.put(Edn.of(k), Edn.of(v)));
    m.put(kw("heads"), new Edn.MapOf(heads));
    m.put(kw("verified"), new Edn.Bool(a.verified()));
    m.put(kw("verification"), Edn.of(a.verification()));
    m.put(kw("entries"), Edn.of(a.entries()));
    m.put(kw("paths-checked"), Edn.of(a.pathsChecked()));
    m.put(kw("acknowledged-writes"), Edn.of(a.ackedWrites()));
    m.put(kw("writes-without-entry"), Edn.of(a.writesWithoutEntry()));
    m.put(kw("writes-with-extra-entries"), Edn.of(a.writesWithExtraEntries()));
    m.put(kw("reads-without-entry"), Edn.of(a.readsWithoutEntry()));
    m.put(kw("problems"), Edn.of(a.problems().size()));
    return new Edn.MapOf(m);
  }

  private static Edn.MapOf map(Map<String, Long> values) {
    Map<Edn, Edn> m = new LinkedHashMap<>();
    new java.util.TreeMap<>(values).forEach((k, v) -> m.put(kw(k), Edn.of(v)));
    return new Edn.MapOf(m);
  }

  private static Edn.Keyword kw(String name) {
    return Edn.keyword(name);
  }

  /**
   * When the first write invoked at or after {@code t} completed {@code :ok} (a register write or
   * compare-and-set, or a set add).
   */
  static OptionalLong nextSuccessfulWrite(History history, List<RunLog.Event> events, long t) {
    long best = Long.MAX_VALUE;
    for (Call c : history.calls()) {
      if (c.f() != OpFunction.READ && c.outcome() == OpType.OK && c.invocation().time().orElse(-1) >= t) {
        best = Math.min(best, c.completion().orElseThrow().time().orElse(Long.MAX_VALUE));
      }
    }
    Map<String, Long> invoked = new java.util.HashMap<>();
    for (RunLog.Event e : events) {
      if (e.isNemesis() || !e.f().equals("add")) {
        continue;
      }
      if (e.type().equals("invoke")) {
        invoked.put(e.process().toString(), e.timeNanos());
      } else {
        Long at = invoked.remove(e.process().toString());
        if (e.type().equals("ok") && at != null && at >= t) {
          best = Math.min(best, e.timeNanos());
        }
      }
    }
    return best == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /**
   * How many times a node reloaded its state from a snapshot the leader sent it, as its log says:
   * the state machine's updater thread (not startup) reports {@code state open at applied index N
   * (snapshot ...)} after an installed snapshot replaced its state.
   */
  static long snapshotInstalls(Path nodesDir) {
    java.util.regex.Pattern installed =
        java.util.regex.Pattern.compile("StateMachineUpdater\\] .*state open at applied index \\d+ \\(snapshot \\(");
    long count = 0;
    try (var dirs = Files.list(nodesDir)) {
      for (Path d : dirs.toList()) {
        Path log = d.resolve("node.log");
        if (Files.isRegularFile(log)) {
          try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            count += lines.filter(l -> installed.matcher(l).find()).count();
          }
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return count;
  }

  /** Puts to {@code path} until one succeeds (up to 90 s); returns how long that took, or -1. */
  private static long awaitWrite(Clients clients, String path, RunLog log) {
    long start = log.now();
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        clients.leader().kv().put(path, Map.of("v", "probe"));
        return (log.now() - start) / 1_000_000;
      } catch (RuntimeException e) {
        try {
          Thread.sleep(200);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * Refuses to touch the host's network: the runner must be inside the namespace {@code netns}
   * that the launcher made ({@code /run/netns/NAME} and {@code /proc/self/ns/net} must be the same
   * namespace).
   */
  static void requireOwnNamespace(String netns) {
    if (netns == null || netns.isEmpty()) {
      throw new ChaosSetupException("the chaos runner must run inside a network namespace of its own (it adds loopback "
          + "addresses and iptables rules); start it through ChaosLauncher or chaos-tests/bin/chaos");
    }
    try {
      Object self = Files.getAttribute(Path.of("/proc/self/ns/net"), "unix:ino");
      Object named = Files.getAttribute(Path.of("/run/netns", netns), "unix:ino");
      if (!self.equals(named)) {
        throw new ChaosSetupException("the chaos runner is not inside network namespace " + netns
            + " (start it with `ip netns exec " + netns + " ...`)");
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new ChaosSetupException("cannot tell whether this is network namespace " + netns + ": " + e, e);
    }
  }

  private static void prepareNamespace(Firewall firewall) {
    Shell.check(List.of("ip", "link", "set", "lo", "up"));
    for (int i = 1; i <= NodeSpec.MAX_NODES; i++) {
      Shell.check(List.of("ip", "addr", "add", new NodeSpec(i).host() + "/8", "dev", "lo"));
    }
    firewall.install();
  }
}
