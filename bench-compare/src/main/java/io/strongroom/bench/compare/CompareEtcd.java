package io.strongroom.bench.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code compare} (Strongroom against etcd, workload by workload) and
 * {@code scaling} (a Strongroom cluster holding more and more secrets). The results go to stdout
 * (a table) and files under {@code --out}; progress, one line per run, to stderr. The Strongroom
 * cluster is named by {@code STRONGROOM_ADDR}, {@code STRONGROOM_TOKEN} and
 * {@code STRONGROOM_CACERT}; the token is never taken from the command line and never printed.
 */
@Command(
    name = "bench-compare",
    description = "Strongroom against etcd, and Strongroom at scale (issue 8). Usually run through bench/compare-etcd.sh and bench/scaling.sh,"
        + " which start the clusters.",
    subcommands = {CompareEtcd.Compare.class, Scaling.class})
public final class CompareEtcd implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new CompareEtcd())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 1;
        })
        .execute(args);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  /** One stretch of load before the measured runs. */
  record WarmUp(Workload workload, Duration time) {}

  /**
   * What each system runs before the first measured run: the 90/10 mix with 64 clients for
   * {@code initial} (the JIT's bulk), then each selected workload for {@code perShape} (the paths
   * only that workload takes). Zero durations drop their steps.
   */
  static List<WarmUp> warmUpPlan(List<Workload> selected, Duration initial, Duration perShape) {
    List<WarmUp> plan = new ArrayList<>();
    if (initial.compareTo(Duration.ZERO) > 0) {
      plan.add(new WarmUp(new Workload("the 90/10 mix with 64 clients", 64, 10), initial));
    }
    if (perShape.compareTo(Duration.ZERO) > 0) {
      for (Workload w : selected) {
        plan.add(new WarmUp(w, perShape));
      }
    }
    return List.copyOf(plan);
  }

  /** stderr with autoflush, for progress lines. */
  static PrintStream progress() {
    return new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
  }

  /** {@code compare}: every selected workload on both systems, alternating, medians over rounds. */
  @Command(
      name = "compare",
      sortOptions = false,
      description = {
        "Drive a Strongroom cluster ($STRONGROOM_ADDR, $STRONGROOM_TOKEN, $STRONGROOM_CACERT) and an etcd cluster (--etcd) with the same"
            + " closed-loop workloads: N logical clients, one request in flight each, VALUE-SIZE-byte values over KEYS keys written first"
            + " so reads hit. Writes are durable on a quorum; reads are linearizable on both systems.",
        "For each workload and round: Strongroom, then etcd (the order flips every round), each a warm-up then a measured run."
            + " Prints a table of the medians over rounds and writes OUT/compare.json and OUT/compare.svg.",
        "Workloads: write-c1, write-c16, write-c64, read-c16, read-c64, mixed-c64 (90%% reads, 10%% writes)."
      })
  static final class Compare implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--etcd", required = true, split = ",", paramLabel = "URL",
        description = "etcd client URLs, comma-separated, loopback only (http://127.0.0.1:PORT).")
    List<String> etcd;

    @Option(names = "--workloads", defaultValue = "all", paramLabel = "LIST", description = "Comma-separated workload names, or all (default).")
    String workloads;

    @Option(names = "--warmup", defaultValue = "5s", converter = Durations.Converter.class, paramLabel = "DURATION",
        description = "Load before each measured run, not counted (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--initial-warmup", defaultValue = "180s", converter = Durations.Converter.class, paramLabel = "DURATION",
        description = "Once, before the first workload: the 90/10 mix with 64 clients on each system, not counted, so the"
            + " Strongroom nodes' JIT compilers have finished (on 2 cores C2 keeps a core busy for about two minutes"
            + " of load) (default: ${DEFAULT-VALUE}).")
    Duration initialWarmup;

    @Option(names = "--shape-warmup", defaultValue = "15s", converter = Durations.Converter.class, paramLabel = "DURATION",
        description = "Once, after the initial warm-up: each selected workload for this long on each system, not counted. The"
            + " mix compiles the many-client paths, but a single writer takes others (one command per Raft entry, the batcher's"
            + " linger), which the JIT would otherwise still be compiling in the first measured round. 0s for none"
            + " (default: ${DEFAULT-VALUE}).")
    Duration shapeWarmup;

    @Option(names = "--duration", defaultValue = "20s", converter = Durations.Converter.class, paramLabel = "DURATION",
        description = "Each measured run (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "Rounds per workload; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--keys", defaultValue = "1000", paramLabel = "N", description = "Key space, written before the runs (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-size", defaultValue = "256", paramLabel = "BYTES", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
    int valueSize;

    @Option(names = "--prefix", defaultValue = "bench", paramLabel = "PATH", description = "Key prefix on both systems (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--strongroom-io-threads", defaultValue = "1", paramLabel = "N",
        description = "The Strongroom client's event loop threads (default: ${DEFAULT-VALUE}, the client's default).")
    int ioThreads;

    @Option(names = "--out", defaultValue = "target/bench", paramLabel = "DIR", description = "Where compare.json and compare.svg go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
      if (rounds < 1 || rounds > 100) {
        throw new IllegalArgumentException("--rounds must be 1..100, was " + rounds);
      }
      if (duration.isZero() || duration.isNegative() || warmup.isNegative() || shapeWarmup.isNegative()) {
        throw new IllegalArgumentException("--duration must be > 0, and --warmup and --shape-warmup >= 0");
      }
      List<Workload> selected = Workload.select(workloads);
      etcd.forEach(Loopback::requireUrl);
      Loopback.requireAddresses(System.getenv("STRONGROOM_ADDR"));
      KeySpace space = new KeySpace(prefix, keys);
      String value = KeySpace.value(valueSize, 42);
      PrintStream err = progress();
      err.printf(Locale.ROOT, "compare: workloads %s; %d round(s); warm-up %s, measured %s; %d keys, %d-byte values%n",
          selected.stream().map(Workload::name).toList(), rounds, Durations.format(warmup), Durations.format(duration), keys, valueSize);
      Files.createDirectories(out);
      try (Target strongroom = StrongroomTarget.fromEnvironment(System.getenv(), ioThreads);
          Target etcdTarget = new EtcdTarget(etcd)) {
        for (Target t : List.of(strongroom, etcdTarget)) {
          long t0 = System.nanoTime();
          space.load(t, 0, keys, 64, value, n -> {});
          err.printf(Locale.ROOT, "compare: wrote %,d keys to %s in %.1f s%n", keys, t.name(), (System.nanoTime() - t0) / 1e9);
        }
        for (Target t : List.of(strongroom, etcdTarget)) {
          for (WarmUp step : warmUpPlan(selected, initialWarmup, shapeWarmup)) {
            err.printf(Locale.ROOT, "compare: warming up %s for %s (%s, not counted)%n", t.name(), Durations.format(step.time()), step.workload().name());
            new ClosedLoop(t, step.workload(), space, value).run(step.time());
          }
        }
        List<Report.Row> rows = new ArrayList<>();
        for (Workload w : selected) {
          Map<String, List<Report.Figures>> byTarget = new LinkedHashMap<>();
          byTarget.put(strongroom.name(), new ArrayList<>());
          byTarget.put(etcdTarget.name(), new ArrayList<>());
          for (int round = 1; round <= rounds; round++) {
            List<Target> order = round % 2 == 1 ? List.of(strongroom, etcdTarget) : List.of(etcdTarget, strongroom);
            for (Target t : order) {
              ClosedLoop loop = new ClosedLoop(t, w, space, value);
              if (!warmup.isZero()) {
                loop.run(warmup);
              }
              ClosedLoop.Measurement m = loop.run(duration);
              byTarget.get(t.name()).add(m.figures());
              err.printf(Locale.ROOT, "  %-10s round %d/%d  %-10s %,9.0f ops/s  p50 %7.2f ms  p99 %8.2f ms  (%,d ok, %,d failed%s)%n",
                  w.name(), round, rounds, t.name(), m.opsPerSec(), m.p50Ms(), m.p99Ms(), m.ok(), m.failed(),
                  m.firstError() == null ? "" : "; first error: " + m.firstError());
            }
          }
          rows.add(new Report.Row(w.name(), Report.Figures.median(byTarget.get(strongroom.name())), Report.Figures.median(byTarget.get(etcdTarget.name()))));
        }
        String title = String.format(Locale.ROOT, "Strongroom vs etcd: throughput (median of %d round%s, %s measured)", rounds, rounds == 1 ? "" : "s",
            Durations.format(duration));
        writeAtomically(out.resolve("compare.json"), Report.json(rows));
        writeAtomically(out.resolve("compare.svg"), SvgChart.render(rows, title));
        System.out.print(Report.table(rows));
        System.out.flush();
        err.printf("compare: wrote %s and %s%n", out.resolve("compare.json"), out.resolve("compare.svg"));
      }
      return 0;
    }
  }

  /** Writes {@code text} to a sibling temporary file and renames it over {@code file}. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** {@code id:pid,id:pid} (as dev.env's STRONGROOM_NODE_PIDS) as an ordered map. */
  static Map<String, Long> parsePids(String text) {
    Map<String, Long> pids = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return pids;
    }
    for (String part : text.split(",")) {
      String[] kv = part.strip().split(":");
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected id:pid, was '" + part + "' in '" + text + "'");
      }
      pids.put(kv[0].strip(), Long.parseLong(kv[1].strip()));
    }
    return pids;
  }

  static List<Integer> parseSizes(String text) {
    List<Integer> sizes = Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(CompareEtcd::size).sorted().toList();
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no sizes in '" + text + "'");
    }
    return sizes;
  }

  /** {@code 1000}, {@code 100k}, {@code 1M} (also {@code 1m}). */
  static int size(String s) {
    String t = s.toLowerCase(Locale.ROOT).replace("_", "");
    long mult = 1;
    if (t.endsWith("k")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    long n = Long.parseLong(t) * mult;
    if (n < 1 || n > 100_000_000) {
      throw new IllegalArgumentException("size must be 1..100M, was " + s);
    }
    return (int) n;
  }
}
