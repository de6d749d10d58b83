package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the 5-node, 3-region cluster of {@link MultiRegionHarness} with the {@code multi-region}
 * profile's own timeouts (election 3-6 s, request 10 s) and primary_region us-east: write, stale
 * read and linearizable read latency for a client standing in each region, the time writes take to
 * resume after the leader's region is lost, and how long the leadership takes to come back.
 *
 * <p>A client "in region R" is a {@code strongroom bench} process resolving names through R's
 * hosts file: it talks to a node of R, and when that node redirects it to the leader (writes, and
 * reads with a read index, go to the leader) it pays the delay to the leader's region, as a real
 * client would. Runs only with {@code mvn -B -pl node verify -Pmulti-region}
 * (about 8 minutes); writes its figures to {@code node/target/multi-region-benchmark.md}.
 */
@EnabledIfSystemProperty(named = "strongroom.multiRegion", matches = "true")
class MultiRegionBenchmarkTest {
  private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("strongroom.multiRegion.seconds", 15));
  private static final int FAILOVERS = Integer.getInteger("strongroom.multiRegion.failovers", 3);

  private MultiRegionHarness mr;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(log, true, StandardCharsets.UTF_8);
  private final StringBuilder report = new StringBuilder();

  @AfterEach
  void stop() {
    if (mr != null) {
      mr.close();
    }
  }

  @Test
  void measure() throws Exception {
    Path dir = Path.of("target", "multi-region-benchmark").toAbsolutePath();
    deleteTree(dir);
    mr = MultiRegionHarness.start(dir, "profile: multi-region\nprimary_region: us-east\n", "127.0.4", progress);
    try {
      String leader = stableLeaderIn(List.of("n1", "n2"));
      line("# Multi-region measurements");
      line("");
      line("5 nodes, 3 regions (us-east n1 n2, eu-west n3 n4, ap-south n5), one way us-east/eu-west 40 ms, eu-west/ap-south 60 ms,"
          + " us-east/ap-south 80 ms (delay proxy); profile multi-region (election 3-6 s, request 10 s), primary_region us-east,"
          + " TLS on; leader " + leader + ". One client, one request in flight, 256-byte values, " + MEASURE.toSeconds() + " s per row.");
      line("");
      line("| client in | talks to | op | ops/s | p50 ms | p99 ms | max ms |");
      line("| --- | --- | --- | --- | --- | --- | --- |");
      Map<String, String> near = new LinkedHashMap<>();
      near.put("us-east", leader.equals("n1") ? "n2" : "n1");
      near.put("eu-west", "n3");
      near.put("ap-south", "n5");
      for (String op : Boolean.parseBoolean(System.getProperty("strongroom.multiRegion.latency", "true")) ? List.of("put", "stale", "get") : List.<String>of()) {
        for (Map.Entry<String, String> e : near.entrySet()) {
          Map<String, Double> r = bench(e.getKey(), e.getValue(), op);
          line(String.format(Locale.ROOT, "| %s | %s (%s) | %s | %.0f | %.1f | %.1f | %.1f |", e.getKey(), e.getValue(),
              e.getValue().equals(leader) ? "leader" : "follower",
              op.equals("stale") ? "get --stale 5s" : op.equals("get") ? "get (linearizable)" : "put", r.get("ops_per_sec"), r.get("p50_ms"), r.get("p99_ms"),
              r.get("max_ms")));
        }
      }
      line("");

      // Losing the minority region while a client in us-east writes.
      Writer minority = writer("us-east", "app/minority", near.get("us-east"), leader);
      await().atMost(Duration.ofSeconds(60)).until(() -> minority.ok().size() >= 20);
      long lostAt = System.currentTimeMillis();
      mr.kill("n5");
      await().atMost(Duration.ofSeconds(120)).until(() -> minority.okStartedAfter(lostAt + 5_000) >= 10);
      minority.stop();
      line(String.format(Locale.ROOT, "Losing ap-south (n5, 1 voter) while a client in us-east writes: longest gap between acknowledged writes %d ms"
          + " (a write takes %d ms at p50 before).", minority.longestGapAround(lostAt), minority.p50Before(lostAt)));
      mr.restartAndUnseal("n5", progress);
      line("");

      // Losing the leader's region (us-east) while a client in eu-west writes, several times.
      line("Losing us-east (n1, n2: the leader's region, 2 voters) while a client in eu-west (talking to n3, n4) writes:");
      line("");
      line("| round | old leader | new leader | a new unsealed leader after | first write started after the loss acknowledged after |"
          + " longest gap between acknowledged writes | leadership back in us-east after its nodes are unsealed, the client still writing |");
      line("| --- | --- | --- | --- | --- | --- | --- |");
      for (int round = 1; round <= FAILOVERS; round++) {
        String old = stableLeaderIn(List.of("n1", "n2"));
        Writer w = writer("eu-west", "app/failover-" + round, "n3", "n4");
        await().atMost(Duration.ofSeconds(60)).until(() -> w.ok().size() >= 20);
        long killedAt = System.currentTimeMillis();
        mr.kill("n1");
        mr.kill("n2");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> mr.leader().isPresent());
        long leaderAt = System.currentTimeMillis();
        String now = mr.leader().orElse("?");
        await().atMost(Duration.ofSeconds(120)).until(() -> w.okStartedAfter(killedAt) >= 3);
        long firstWrite = w.firstOkStartedAfter(killedAt) - killedAt;
        long gap = w.longestGapAround(killedAt);
        // us-east comes back while the client keeps writing: the leadership must return under load.
        for (String id : List.of("n1", "n2")) {
          mr.cluster.launch(id);
        }
        long unsealStart = System.nanoTime();
        mr.cluster.unsealAll(progress);
        long unsealed = System.nanoTime();
        long unsealedAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> mr.leader().filter(List.of("n1", "n2")::contains).isPresent());
        long back = System.nanoTime() - unsealed;
        long backAt = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(60)).until(() -> w.okStartedAfter(backAt) >= 3);
        w.stop();
        line(String.format(Locale.ROOT, "| %d | %s | %s | %.1f s | %.1f s | %.1f s | %.1f s (unsealing both took %.1f s); longest write gap meanwhile %.1f s |",
            round, old, now, (leaderAt - killedAt) / 1e3, firstWrite / 1e3, gap / 1e3, back / 1e9, (unsealed - unsealStart) / 1e9,
            w.longestGapAround(unsealedAt) / 1e3));
      }
    } finally {
      String text = report.toString();
      System.out.println(text);
      Files.writeString(Path.of("target", "multi-region-benchmark.md"), text);
      Files.writeString(Path.of("target", "multi-region-benchmark.log"), log.toString(StandardCharsets.UTF_8));
    }
    assertThat(report).contains("| round |");
  }

  /** The leader once it is one of {@code ids} and has stayed the same for four polls, half a second apart. */
  private String stableLeaderIn(List<String> ids) {
    java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger same = new java.util.concurrent.atomic.AtomicInteger();
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
      String now = mr.leader().filter(ids::contains).orElse(null);
      if (now == null || !now.equals(seen.getAndSet(now))) {
        same.set(0);
        return false;
      }
      return same.incrementAndGet() >= 3;
    });
    return seen.get();
  }

  private void line(String s) {
    report.append(s).append('\n');
    System.out.println(s);
  }

  private static final Pattern FIELD = Pattern.compile("\"(ops_per_sec|p50_ms|p99_ms|max_ms)\":([0-9.]+)");

  /** Runs {@code strongroom bench} as a process standing in {@code region}, talking to {@code node}. */
  private Map<String, Double> bench(String region, String node, String op) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-Djdk.net.hosts.file=" + mr.hostsForRegion(region), "-cp", System.getProperty("java.class.path"), "io.strongroom.node.cli.Main", "bench",
        "--clients", "1", "--op", op.equals("put") ? "put" : "get", "--duration", MEASURE.toSeconds() + "s", "--warmup", "3s",
        "--address", mr.namedAddress(node), "--ca-cert", mr.cluster.caCertificate().orElseThrow().toString(), "--timeout", "60s",
        "--prefix", "bench/" + region, "--format", "json"));
    if (op.equals("stale")) {
      cmd.addAll(List.of("--stale", "5s"));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(mr.dir.resolve("bench.log").toFile()));
    pb.environment().put("STRONGROOM_TOKEN", mr.cluster.rootToken());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new AssertionError("bench in " + region + " failed: " + out + " (see " + mr.dir.resolve("bench.log") + ")");
    }
    Map<String, Double> r = new LinkedHashMap<>();
    Matcher m = FIELD.matcher(out);
    while (m.find()) {
      r.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    assertThat(r).as("bench output %s", out).containsKeys("ops_per_sec", "p50_ms", "p99_ms", "max_ms");
    return r;
  }

  /** Starts a {@link RegionWriter} process standing in {@code region}, talking to {@code nodes} (nearest first). */
  private Writer writer(String region, String path, String... nodes) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
        "-Djdk.net.hosts.file=" + mr.hostsForRegion(region), "-cp", System.getProperty("java.class.path"), RegionWriter.class.getName(), "600", path));
    for (String n : nodes) {
      cmd.add(mr.namedAddress(n));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(mr.dir.resolve("writer.log").toFile()));
    pb.environment().put("STRONGROOM_TOKEN", mr.cluster.rootToken());
    pb.environment().put("STRONGROOM_CACERT", mr.cluster.caCertificate().orElseThrow().toString());
    return new Writer(pb.start(), mr.dir.resolve("writer-" + path.replace('/', '-') + ".out"));
  }

  /** A writer process's acknowledged writes (epoch milliseconds), read as it prints them. */
  private static final class Writer {
    record Done(long startedAt, long doneAt) {}

    private final Process process;
    private final List<Done> ok = new CopyOnWriteArrayList<>();
    private final Thread reader;

    Writer(Process process, Path copy) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            var out = Files.newBufferedWriter(copy)) {
          for (String line; (line = in.readLine()) != null; ) {
            out.write(line);
            out.newLine();
            String[] f = line.split(" ");
            if (f[0].equals("ok")) {
              ok.add(new Done(Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
          }
        } catch (IOException e) {
          // the process ended
        }
      }, "writer-output");
      reader.setDaemon(true);
      reader.start();
    }

    List<Done> ok() {
      return ok;
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(5_000);
    }

    long okStartedAfter(long t) {
      return ok.stream().filter(d -> d.startedAt() >= t).count();
    }

    long firstOkStartedAfter(long t) {
      return ok.stream().filter(d -> d.startedAt() >= t).mapToLong(Done::doneAt).min().orElse(Long.MAX_VALUE);
    }

    /** The longest time without an acknowledgement from the last one before {@code t} on. */
    long longestGapAround(long t) {
      long longest = 0;
      long previous = -1;
      for (Done d : ok) {
        if (previous >= 0 && d.doneAt() >= t) {
          longest = Math.max(longest, d.doneAt() - previous);
        }
        previous = d.doneAt();
      }
      return longest;
    }

    long p50Before(long t) {
      long[] l = ok.stream().filter(d -> d.doneAt() < t).mapToLong(d -> d.doneAt() - d.startedAt()).sorted().toArray();
      return l.length == 0 ? 0 : l[l.length / 2];
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
