package io.strongroom.chaos.harness;

import io.strongroom.chaos.nemesis.FaultKind;
import io.strongroom.chaos.nemesis.Schedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One chaos run: the seed that fixes its schedule and workload choices, the cluster size, how long
 * faults go on, which kinds, and whether the nodes run the test-only unsafe local reads (the
 * negative control).
 *
 * @param name the run directory's name under {@code out}
 * @param faultSeconds how long the fault schedule runs at least (every kind appears once anyway)
 * @param unsafeLocalReads start nodes with {@code -Dstrongroom.test.unsafeLocalReads=true}
 */
public record RunOptions(
    String name,
    long seed,
    int nodes,
    long faultSeconds,
    List<FaultKind> kinds,
    boolean longTiming,
    boolean unsafeLocalReads,
    int registerThreads,
    int setThreads,
    int keys,
    Path out,
    Path jar) {

  public RunOptions {
    Objects.requireNonNull(name, "name");
    kinds = List.copyOf(kinds);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(jar, "jar");
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("nodes must be 1..9, was " + nodes);
    }
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no fault kinds");
    }
    if (kinds.contains(FaultKind.PARTITION_RING) && nodes < 5) {
      throw new IllegalArgumentException("partition-ring needs 5 nodes or more");
    }
  }

  /** A real-mode run of every fault kind. */
  public static RunOptions combined(String name, long seed, int nodes, long faultSeconds, boolean longTiming, Path out, Path jar) {
    return new RunOptions(name, seed, nodes, faultSeconds, FaultKind.combined(nodes), longTiming, false, nodes + 1, 2, 4, out, jar);
  }

  /** The negative control: unsafe local reads and the one-way cut that makes a follower fall behind. */
  public static RunOptions negativeControl(String name, long seed, Path out, Path jar) {
    return new RunOptions(name, seed, 3, 15, List.of(FaultKind.ONE_WAY_LAG), false, true, 6, 1, 2, out, jar);
  }

  public Path runDir() {
    return out.resolve(name);
  }

  public Schedule.Timing timing() {
    return longTiming ? Schedule.Timing.LONG : Schedule.Timing.QUICK;
  }

  public String mode() {
    return unsafeLocalReads ? "unsafe-local-reads" : "real";
  }

  /** The command-line arguments of {@link ChaosMain} that mean these options. */
  public List<String> toArgs() {
    List<String> a = new ArrayList<>(List.of("--name", name, "--seed", Long.toString(seed), "--nodes", Integer.toString(nodes),
        "--fault-seconds", Long.toString(faultSeconds), "--kinds", String.join(",", kinds.stream().map(FaultKind::keyword).toList()),
        "--register-threads", Integer.toString(registerThreads), "--set-threads", Integer.toString(setThreads),
        "--keys", Integer.toString(keys), "--out", out.toString(), "--jar", jar.toString()));
    if (longTiming) {
      a.add("--long-timing");
    }
    if (unsafeLocalReads) {
      a.add("--unsafe-local-reads");
    }
    return a;
  }

  /** Parses {@link #toArgs()}'s form; unknown options are errors. */
  public static RunOptions parse(List<String> args) {
    String name = null;
    Long seed = null;
    int nodes = 3;
    long faultSeconds = 60;
    List<FaultKind> kinds = null;
    boolean longTiming = false;
    boolean unsafe = false;
    Integer registerThreads = null;
    int setThreads = 2;
    int keys = 4;
    Path out = Path.of("target", "chaos");
    Path jar = Path.of("node", "target", "strongroom.jar");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--long-timing":
          longTiming = true;
          continue;
        case "--unsafe-local-reads":
          unsafe = true;
          continue;
        default:
          break;
      }
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args.get(++i);
      switch (a) {
        case "--name":
          name = v;
          break;
        case "--seed":
          seed = Long.parseLong(v);
          break;
        case "--nodes":
          nodes = Integer.parseInt(v);
          break;
        case "--fault-seconds":
          faultSeconds = Long.parseLong(v);
          break;
        case "--kinds":
          kinds = new ArrayList<>();
          for (String k : v.split(",")) {
            kinds.add(FaultKind.fromKeyword(k.strip()).orElseThrow(() -> new IllegalArgumentException("unknown fault kind " + k)));
          }
          break;
        case "--register-threads":
          registerThreads = Integer.parseInt(v);
          break;
        case "--set-threads":
          setThreads = Integer.parseInt(v);
          break;
        case "--keys":
          keys = Integer.parseInt(v);
          break;
        case "--out":
          out = Path.of(v);
          break;
        case "--jar":
          jar = Path.of(v);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + a);
      }
    }
    long s = seed != null ? seed : System.currentTimeMillis();
    if (kinds == null) {
      kinds = unsafe ? List.of(FaultKind.ONE_WAY_LAG) : FaultKind.combined(nodes);
    }
    String mode = unsafe ? "unsafe" : "real";
    return new RunOptions(name != null ? name : mode + "-" + nodes + "n-seed-" + s, s, nodes, faultSeconds, kinds, longTiming,
        unsafe, registerThreads != null ? registerThreads : nodes + 1, setThreads, keys, out.toAbsolutePath(), jar.toAbsolutePath());
  }
}
