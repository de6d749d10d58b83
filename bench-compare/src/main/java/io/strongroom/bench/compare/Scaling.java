package io.strongroom.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strongroom.client.StrongroomClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scaling}: a Strongroom cluster holding more and more secrets. For each size (ascending)
 * it tops the key space up to that many secrets, then measures linearizable reads with 64 clients
 * over the whole key space, each node's resident memory ({@code VmRSS} of its process), each
 * node's data directory on disk, and the size of a full backup taken with the CLI's
 * {@code operator raft snapshot save}. After the largest size, optionally, the time a fresh node
 * (already started with {@code join: true} by the caller) takes to be added and catch up: the
 * leader first takes a Raft snapshot (so the log it would otherwise send is purged and the new node
 * is caught up by snapshot), then {@code add-peer}, then the new node's applied index is polled
 * until it reaches the leader's commit index from just before the add.
 */
@Command(
    name = "scaling",
    sortOptions = false,
    description = {
      "Strongroom at 1k, 100k, 1M secrets (--sizes): p99 of linearizable reads with 64 clients, node RSS, data on disk, backup (snapshot save)"
          + " size; and at the largest size the time for a fresh node to join and catch up. Needs a root token in $STRONGROOM_TOKEN."
          + " Usually run through bench/scaling.sh, which starts the cluster and the joining node.",
      "Writes OUT/scaling.json and prints a table."
    })
final class Scaling implements Callable<Integer> {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--sizes", defaultValue = "1k,100k,1M", paramLabel = "LIST",
      description = "Secret counts to measure at, ascending; each tops up the previous (default: ${DEFAULT-VALUE}).")
  String sizes;

  @Option(names = "--load-clients", defaultValue = "256", paramLabel = "N", description = "Writes in flight while loading (default: ${DEFAULT-VALUE}).")
  int loadClients;

  @Option(names = "--read-clients", defaultValue = "64", paramLabel = "N", description = "Logical clients reading (default: ${DEFAULT-VALUE}).")
  int readClients;

  @Option(names = "--warmup", defaultValue = "5s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Reads before each measured run (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--settle", defaultValue = "0s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "An idle pause after loading each size, before the read warm-up: lets flushes and compactions"
          + " triggered by a fast bulk load finish, so the reads measure the steady state (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(names = "--duration", defaultValue = "20s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Each measured read run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--value-size", defaultValue = "256", paramLabel = "BYTES", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--prefix", defaultValue = "scale", paramLabel = "PATH", description = "Key prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--node-pids", paramLabel = "ID:PID,...", description = "The nodes' processes (default: $STRONGROOM_NODE_PIDS).")
  String nodePids;

  @Option(names = "--dev-dir", paramLabel = "DIR", description = "The dev cluster's directory: data directory sizes are read from DIR/ID/data.")
  Path devDir;

  @Option(names = "--strongroom-jar", required = true, paramLabel = "JAR", description = "The strongroom.jar whose CLI takes the backups.")
  Path strongroomJar;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where backups are written (then deleted); default: a new temporary directory.")
  Path workDir;

  @Option(names = "--join-id", paramLabel = "ID", description = "A node already running with join: true, to add after the largest size.")
  String joinId;

  @Option(names = "--join-raft-address", paramLabel = "HOST:PORT", description = "Its raft_address.")
  String joinRaftAddress;

  @Option(names = "--join-client-address", paramLabel = "HOST:PORT", description = "Its client_address.")
  String joinClientAddress;

  @Option(names = "--join-pid", paramLabel = "PID", description = "Its process id, for its RSS.")
  Long joinPid;

  @Option(names = "--join-timeout", defaultValue = "20m", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Give up waiting for the new node to catch up after this long (default: ${DEFAULT-VALUE}).")
  Duration joinTimeout;

  @Option(names = "--out", defaultValue = "target/bench", paramLabel = "DIR", description = "Where scaling.json goes (default: ${DEFAULT-VALUE}).")
  Path out;

  /** One size's figures. */
  record Step(int secrets, int added, double loadSeconds, int readClients, ClosedLoop.Measurement reads, Map<String, Long> rssKb, Map<String, Long> dataBytes,
      long snapshotBytes, long snapshotIndex, double snapshotSeconds) {}

  /** The join's figures. {@code error} is null when it went through. */
  record Join(String node, int secrets, long snapshotIndex, long targetIndex, double addPeerSeconds, double caughtUpSeconds, long rssKb, long dataBytes,
      long installedSnapshotIndex, long installedSnapshotBytes, String error) {
    /** Whether the node was caught up by a snapshot (it holds a checkpoint it did not take itself), not by the log alone. */
    boolean bySnapshot() {
      return installedSnapshotIndex > 0;
    }
  }

  @Override
  public Integer call() throws Exception {
    List<Integer> steps = CompareEtcd.parseSizes(sizes);
    Loopback.requireAddresses(System.getenv("STRONGROOM_ADDR"));
    if (joinRaftAddress != null) {
      Loopback.requireAddresses(joinRaftAddress);
    }
    if (joinClientAddress != null) {
      Loopback.requireAddresses(joinClientAddress);
    }
    Map<String, Long> pids = CompareEtcd.parsePids(nodePids != null ? nodePids : System.getenv("STRONGROOM_NODE_PIDS"));
    if (joinId != null && (joinRaftAddress == null || joinClientAddress == null)) {
      throw new IllegalArgumentException("--join-id needs --join-raft-address and --join-client-address");
    }
    PrintStream err = CompareEtcd.progress();
    // A backup in progress is a child process: stop it with this JVM (the caller stops us by PID).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroy), "scaling-children"));
    Files.createDirectories(out);
    Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("sr-scaling-");
    KeySpace all = new KeySpace(prefix, steps.get(steps.size() - 1));
    String value = KeySpace.value(valueSize, 42);
    Workload reads = new Workload("read-c" + readClients, readClients, 0);
    List<Step> done = new ArrayList<>();
    Join join = null;
    err.printf(Locale.ROOT, "scaling: sizes %s; %d writes in flight while loading; reads %d clients, warm-up %s, measured %s%n", steps, loadClients,
        readClients, Durations.format(warmup), Durations.format(duration));
    try (StrongroomTarget target = StrongroomTarget.fromEnvironment(System.getenv(), 1)) {
      int loaded = 0;
      for (int size : steps) {
        long t0 = System.nanoTime();
        int from = loaded;
        all.load(target, from, size, loadClients, value, n -> err.printf(Locale.ROOT, "  loading to %,d: %,d written (%,.0f/s)%n", size, from + n,
            n / Math.max(1e-9, (System.nanoTime() - t0) / 1e9)));
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        loaded = size;
        if (!settle.isZero()) {
          err.printf(Locale.ROOT, "  settling for %s before reading%n", Durations.format(settle));
          Thread.sleep(settle.toMillis());
        }
        KeySpace space = new KeySpace(prefix, size);
        ClosedLoop loop = new ClosedLoop(target, reads, space, value);
        if (!warmup.isZero()) {
          loop.run(warmup);
        }
        ClosedLoop.Measurement m = loop.run(duration);
        Map<String, Long> rss = new LinkedHashMap<>();
        pids.forEach((id, pid) -> rss.put(id, rssKb(pid)));
        Map<String, Long> data = new LinkedHashMap<>();
        if (devDir != null) {
          for (String id : pids.keySet()) {
            data.put(id, diskBytes(devDir.resolve(id).resolve("data")));
          }
        }
        long s0 = System.nanoTime();
        JsonNode snap = snapshotSave(work.resolve("scaling-" + size + ".srdump"));
        double snapSeconds = (System.nanoTime() - s0) / 1e9;
        Step step = new Step(size, size - from, loadSeconds, readClients, m, rss, data, snap.path("bytes").asLong(), snap.path("index").asLong(), snapSeconds);
        done.add(step);
        err.printf(Locale.ROOT, "  %,d secrets: loaded %,d in %.1f s; %s %,.0f ops/s p50 %.2f ms p99 %.2f ms (%,d failed); RSS %s; backup %,d bytes in %.1f s%n",
            size, step.added(), loadSeconds, reads.name(), m.opsPerSec(), m.p50Ms(), m.p99Ms(), m.failed(), mb(rss, 1024), step.snapshotBytes(), snapSeconds);
        write(done, null);
      }
      if (joinId != null) {
        join = join(target.client(), loaded, err);
        err.printf(Locale.ROOT, "  join %s at %,d secrets: add-peer returned after %.1f s, caught up after %.1f s, %s%s%n", join.node(), join.secrets(),
            join.addPeerSeconds(), join.caughtUpSeconds(), join.bySnapshot() ? "by snapshot" : "from the log",
            join.error() == null ? "" : " (" + join.error() + ")");
        write(done, join);
      }
    } finally {
      try (Stream<Path> files = Files.list(work)) {
        for (Path p : files.filter(p -> p.getFileName().toString().startsWith("scaling-")).toList()) {
          Files.deleteIfExists(p);
        }
      }
      if (workDir == null) {
        Files.deleteIfExists(work);
      }
    }
    System.out.print(table(done, join));
    System.out.flush();
    err.printf("scaling: wrote %s%n", out.resolve("scaling.json"));
    return 0;
  }

  private Join join(StrongroomClient client, int secrets, PrintStream err) throws InterruptedException {
    long snapshotIndex = client.sys().raftSnapshot();
    long target = client.sys().status().commitIndex();
    err.printf(Locale.ROOT, "  join: snapshot at index %,d; adding %s (catching up to index %,d)%n", snapshotIndex, joinId, target);
    long t0 = System.nanoTime();
    String error = null;
    double added;
    try {
      client.sys().raftAddPeer(joinId, joinRaftAddress, joinClientAddress, "");
    } catch (RuntimeException e) {
      // The membership change may still go through after the call gave up: keep polling.
      error = "add-peer: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    added = (System.nanoTime() - t0) / 1e9;
    long deadline = t0 + joinTimeout.toNanos();
    double caughtUp = Double.NaN;
    long lastPrint = System.nanoTime();
    while (System.nanoTime() < deadline) {
      long applied = -1;
      try {
        applied = client.sys().node(joinClientAddress).status().appliedIndex();
      } catch (RuntimeException e) {
        // not serving yet (or busy installing the snapshot)
      }
      if (applied >= target) {
        caughtUp = (System.nanoTime() - t0) / 1e9;
        break;
      }
      if (System.nanoTime() - lastPrint > 5_000_000_000L) {
        lastPrint = System.nanoTime();
        err.printf(Locale.ROOT, "  join: %s applied index %,d of %,d after %.0f s%n", joinId, applied, target, (lastPrint - t0) / 1e9);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    if (Double.isNaN(caughtUp)) {
      error = (error == null ? "" : error + "; ") + "not caught up within " + Durations.format(joinTimeout);
    }
    long rss = joinPid == null ? -1 : rssKb(joinPid);
    long data = -1;
    long installedIndex = -1;
    long installedBytes = -1;
    if (devDir != null) {
      Path dataDir = devDir.resolve(joinId).resolve("data");
      data = diskBytes(dataDir);
      // A fresh node takes no snapshot of its own before 10,000 applied entries (the node's
      // auto-snapshot threshold), so a checkpoint in its sm/ was installed from the leader.
      java.util.Optional<Path> snap = latestSnapshotDir(dataDir);
      if (snap.isPresent()) {
        installedIndex = snapshotIndexOf(snap.get().getFileName().toString());
        installedBytes = diskBytes(snap.get());
      }
    }
    return new Join(joinId, secrets, snapshotIndex, target, added, caughtUp, rss, data, installedIndex, installedBytes, error);
  }

  private static final java.util.regex.Pattern SNAPSHOT_DIR = java.util.regex.Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  /** The newest Raft snapshot (a {@code sm/snapshot.TERM_INDEX} checkpoint directory) under {@code dataDir}. */
  static java.util.Optional<Path> latestSnapshotDir(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> walk = Files.walk(dataDir)) {
      return walk.filter(Files::isDirectory)
          .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("sm"))
          .filter(p -> SNAPSHOT_DIR.matcher(p.getFileName().toString()).matches())
          .max(java.util.Comparator.comparingLong(p -> snapshotIndexOf(p.getFileName().toString())));
    } catch (IOException | java.io.UncheckedIOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The log index in a {@code snapshot.TERM_INDEX} name; -1 if it is no such name. */
  static long snapshotIndexOf(String name) {
    java.util.regex.Matcher m = SNAPSHOT_DIR.matcher(name);
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }

  /** Runs {@code strongroom operator raft snapshot save FILE --format json} with this process's environment. */
  private JsonNode snapshotSave(Path file) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-jar", strongroomJar.toString(), "operator", "raft", "snapshot", "save", file.toString(), "--force",
        "--format", "json", "--timeout", "10m")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    byte[] stdout = p.getInputStream().readAllBytes();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("snapshot save did not finish in 15 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException("snapshot save failed with exit code " + p.exitValue());
    }
    JsonNode n = JSON.readTree(new String(stdout, StandardCharsets.UTF_8));
    long size = Files.size(file);
    Files.deleteIfExists(file);
    ((ObjectNode) n).put("file_bytes", size);
    return n;
  }

  /** The resident set of process {@code pid} in KiB, from /proc/PID/status; -1 if it cannot be read. */
  static long rssKb(long pid) {
    try {
      return rssKb(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      return -1;
    }
  }

  /** The {@code VmRSS} of a /proc/PID/status text, in KiB; -1 if absent. */
  static long rssKb(List<String> status) {
    for (String line : status) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return Long.parseLong(parts[0]);
      }
    }
    return -1;
  }

  /** Bytes of the regular files under {@code dir}, each file counted once however many hard links it has (as du does); -1 if absent. */
  static long diskBytes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return -1;
    }
    Set<Object> seen = new HashSet<>();
    long total = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        try {
          Map<String, Object> a = Files.readAttributes(p, "unix:ino,dev,size,isRegularFile", java.nio.file.LinkOption.NOFOLLOW_LINKS);
          if (Boolean.TRUE.equals(a.get("isRegularFile")) && seen.add(a.get("dev") + ":" + a.get("ino"))) {
            total += (Long) a.get("size");
          }
        } catch (IOException | UnsupportedOperationException e) {
          // a file that vanished while walking (RocksDB compaction), or no unix view: skip it
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return total;
    }
    return total;
  }

  private void write(List<Step> steps, Join join) throws IOException {
    CompareEtcd.writeAtomically(out.resolve("scaling.json"), json(steps, join, valueSize, settle));
  }

  /** scaling.json: {"value_size": N, "settle_seconds": N, "sizes": [...], "join": {...} or absent}. */
  static String json(List<Step> steps, Join join, int valueSize, Duration settle) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("value_size", valueSize);
    root.put("settle_seconds", settle.toSeconds());
    var arr = root.putArray("sizes");
    for (Step s : steps) {
      ObjectNode o = arr.addObject();
      o.put("secrets", s.secrets());
      ObjectNode load = o.putObject("load");
      load.put("added", s.added());
      load.put("seconds", Stats.round(s.loadSeconds(), 1));
      load.put("writes_per_sec", Stats.round(Stats.ratio(s.added(), s.loadSeconds()), 1));
      ObjectNode r = o.putObject("reads");
      r.put("clients", s.readClients());
      r.put("ops_per_sec", Stats.round(s.reads().opsPerSec(), 1));
      r.put("p50_ms", Stats.round(s.reads().p50Ms(), 3));
      r.put("p99_ms", Stats.round(s.reads().p99Ms(), 3));
      r.put("failed", s.reads().failed());
      ObjectNode rss = o.putObject("rss_mb");
      s.rssKb().forEach((id, kb) -> rss.put(id, kb < 0 ? null : Stats.round(kb / 1024.0, 1)));
      ObjectNode data = o.putObject("data_dir_mb");
      s.dataBytes().forEach((id, b) -> data.put(id, b < 0 ? null : Stats.round(b / 1048576.0, 1)));
      ObjectNode snap = o.putObject("snapshot_save");
      snap.put("bytes", s.snapshotBytes());
      snap.put("index", s.snapshotIndex());
      snap.put("seconds", Stats.round(s.snapshotSeconds(), 1));
    }
    if (join != null) {
      ObjectNode j = root.putObject("join");
      j.put("node", join.node());
      j.put("secrets", join.secrets());
      j.put("snapshot_index", join.snapshotIndex());
      j.put("target_index", join.targetIndex());
      j.put("add_peer_seconds", Stats.round(join.addPeerSeconds(), 2));
      if (Double.isNaN(join.caughtUpSeconds())) {
        j.putNull("caught_up_seconds");
      } else {
        j.put("caught_up_seconds", Stats.round(join.caughtUpSeconds(), 2));
      }
      j.put("rss_mb", join.rssKb() < 0 ? null : Stats.round(join.rssKb() / 1024.0, 1));
      j.put("data_dir_mb", join.dataBytes() < 0 ? null : Stats.round(join.dataBytes() / 1048576.0, 1));
      j.put("by_snapshot", join.bySnapshot());
      if (join.bySnapshot()) {
        j.put("installed_snapshot_index", join.installedSnapshotIndex());
        j.put("installed_snapshot_mb", Stats.round(join.installedSnapshotBytes() / 1048576.0, 1));
      }
      if (join.error() != null) {
        j.put("error", join.error());
      }
    }
    return JSON.writeValueAsString(root) + "\n";
  }

  static String table(List<Step> steps, Join join) {
    StringBuilder sb = new StringBuilder();
    String header = String.format(Locale.ROOT, "%10s | %10s %9s %9s | %-26s | %-26s | %12s%n", "secrets", "reads/s", "p50 ms", "p99 ms",
        "RSS MB (per node)", "data dir MB (per node)", "backup MB");
    sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
    for (Step s : steps) {
      sb.append(String.format(Locale.ROOT, "%,10d | %,10.0f %9.2f %9.2f | %-26s | %-26s | %12.1f%n", s.secrets(), s.reads().opsPerSec(), s.reads().p50Ms(),
          s.reads().p99Ms(), mb(s.rssKb(), 1024), mb(s.dataBytes(), 1048576), s.snapshotBytes() / 1048576.0));
    }
    if (join != null) {
      sb.append(String.format(Locale.ROOT, "join %s at %,d secrets: add-peer %.1f s, caught up (applied index %,d) %s %s; its RSS %s MB, data %s MB%s%n",
          join.node(), join.secrets(), join.addPeerSeconds(), join.targetIndex(),
          Double.isNaN(join.caughtUpSeconds()) ? "never" : String.format(Locale.ROOT, "after %.1f s", join.caughtUpSeconds()),
          join.bySnapshot()
              ? String.format(Locale.ROOT, "by snapshot (index %,d, %.1f MB)", join.installedSnapshotIndex(), join.installedSnapshotBytes() / 1048576.0)
              : "from the log (no snapshot installed)",
          join.rssKb() < 0 ? "?" : String.format(Locale.ROOT, "%.0f", join.rssKb() / 1024.0),
          join.dataBytes() < 0 ? "?" : String.format(Locale.ROOT, "%.1f", join.dataBytes() / 1048576.0),
          join.error() == null ? "" : " [" + join.error() + "]"));
    }
    return sb.toString();
  }

  private static String mb(Map<String, Long> values, double unit) {
    List<String> parts = new ArrayList<>();
    values.forEach((id, v) -> parts.add(v < 0 ? "?" : String.format(Locale.ROOT, "%.0f", v / unit)));
    return String.join(" / ", parts);
  }
}
