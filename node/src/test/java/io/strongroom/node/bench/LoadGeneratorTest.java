package io.strongroom.node.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.client.StrongroomClient;
import io.strongroom.node.ingress.ClientIngress;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.KvWritten;
import io.strongroom.protocol.v1.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load tool against a node stand-in that stores what it is given, over real TCP. */
class LoadGeneratorTest {
  private final Map<String, String> stored = new ConcurrentHashMap<>();
  private final AtomicInteger puts = new AtomicInteger();
  /** When set, the node refuses every request. */
  private volatile boolean refuse;
  private ClientIngress node;
  private StrongroomClient client;

  @BeforeEach
  void start() throws IOException {
    node =
        ClientIngress.start(
            "n1", "127.0.0.1", 0, Optional.empty(), ClientIngress.DEFAULT_MAX_FRAME_BYTES, 1,
            (request, peer) -> {
              if (refuse) {
                return CompletableFuture.completedFuture(
                    Response.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.PERMISSION_DENIED).setMessage("token denied")).build());
              }
              if (request.hasKvPut()) {
                puts.incrementAndGet();
                stored.put(request.getKvPut().getPath(), request.getKvPut().getDataMap().get("v"));
                return CompletableFuture.completedFuture(Response.newBuilder().setKvWritten(KvWritten.newBuilder().setVersion(1)).build());
              }
              String v = stored.get(request.getKvGet().getPath());
              return CompletableFuture.completedFuture(
                  v == null
                      ? Response.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.NOT_FOUND)).build()
                      : Response.newBuilder().setKvSecret(KvSecret.newBuilder().putData("v", v)).build());
            });
    client = StrongroomClient.builder().addresses("127.0.0.1:" + node.port()).token("t".toCharArray()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
  }

  @Test
  void measuresEveryOperationItSendsAndReportsOrderedPercentiles() throws InterruptedException {
    LoadGenerator load = new LoadGenerator(client.kv(), LoadGenerator.Op.MIXED, 4, 32, "bench");
    load.prepare();
    assertThat(stored).hasSize(1_000).allSatisfy((k, v) -> assertThat(v).hasSize(32));
    int prepared = puts.get();
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadGenerator.Result r = load.run(Duration.ZERO, Duration.ofMillis(1_500), new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(r.ok()).isPositive();
    assertThat(r.failed()).isZero();
    assertThat(puts.get() - prepared).as("about a tenth of a mixed load writes").isBetween(1, (int) r.ok() / 3);
    assertThat(r.p50Ms()).isPositive().isLessThanOrEqualTo(r.p99Ms());
    assertThat(r.p99Ms()).isLessThanOrEqualTo(r.p999Ms());
    assertThat(r.p999Ms()).isLessThanOrEqualTo(r.maxMs());
    assertThat(r.opsPerSec()).isCloseTo(r.ok() / r.seconds(), org.assertj.core.data.Offset.offset(0.01));
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("  1 s ");
    assertThat(r.json()).startsWith("{\"op\":\"mixed\",\"clients\":4,\"value_size\":32,").contains("\"p99_ms\":", "\"ops_per_sec\":").endsWith(",\"failures\":{}}");
    assertThat(r.table()).startsWith("mixed, 4 clients, 32-byte values");
  }

  @Test
  void latencyLogHasOneLinePerMeasuredRequestInTheOrderTheyWereSent(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws InterruptedException, IOException {
    LoadGenerator load = new LoadGenerator(client.kv(), LoadGenerator.Op.MIXED, 3, 32, "bench");
    load.prepare();
    int prepared = puts.get();
    LoadGenerator.Result r = load.run(Duration.ofMillis(300), Duration.ofMillis(1_000), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    int measuredPuts = puts.get() - prepared; // warm-up included: an upper bound on the log's puts
    java.nio.file.Path log = dir.resolve("latency.log");
    load.writeLatencyLog(log);

    java.util.List<String> lines = java.nio.file.Files.readAllLines(log);
    assertThat(lines.get(0)).isEqualTo("# start_ms latency_us op");
    java.util.List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(" ")).toList();
    assertThat(rows).hasSize((int) r.ok()).allSatisfy(f -> assertThat(f).hasSize(3));
    double[] starts = rows.stream().mapToDouble(f -> Double.parseDouble(f[0])).toArray();
    assertThat(starts).isSorted();
    assertThat(starts[0]).isBetween(0.0, 1_000.0);
    assertThat(starts[starts.length - 1]).isLessThan(1_000.0); // nothing starts after the deadline
    long[] latencies = rows.stream().mapToLong(f -> Long.parseLong(f[1])).toArray();
    assertThat(java.util.Arrays.stream(latencies).max().orElseThrow()).isCloseTo((long) (r.maxMs() * 1_000), org.assertj.core.data.Offset.offset(1L));
    long logged = rows.stream().filter(f -> f[2].equals("put")).count();
    assertThat(logged).isPositive().isLessThanOrEqualTo(measuredPuts);
    assertThat(rows.stream().filter(f -> f[2].equals("get")).count()).isEqualTo(r.ok() - logged);
  }

  @Test
  void countsFailuresByReasonAndShowsTheLatestInItsProgress() throws InterruptedException {
    LoadGenerator load = new LoadGenerator(client.kv(), LoadGenerator.Op.MIXED, 2, 32, "bench");
    refuse = true;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadGenerator.Result r = load.run(Duration.ZERO, Duration.ofMillis(1_500), new PrintStream(progress, true, StandardCharsets.UTF_8));

    assertThat(r.ok()).isZero();
    assertThat(r.failed()).isPositive();
    assertThat(r.failures()).containsOnlyKeys("PERMISSION_DENIED").containsEntry("PERMISSION_DENIED", r.failed());
    assertThat(r.json()).endsWith(",\"failures\":{\"PERMISSION_DENIED\":" + r.failed() + "}}");
    assertThat(r.table()).endsWith("; failed by reason: {PERMISSION_DENIED=" + r.failed() + "}");
    assertThat(progress.toString(StandardCharsets.UTF_8)).containsPattern("  1 s .* failed\\)  \\d\\d:\\d\\d:\\d\\d  last failure: PERMISSION_DENIED: token denied");
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new LoadGenerator(client.kv(), LoadGenerator.Op.PUT, 0, 256, "b")).hasMessage("clients must be 1..4096, was 0");
    assertThatThrownBy(() -> new LoadGenerator(client.kv(), LoadGenerator.Op.PUT, 1, 0, "b")).hasMessage("value size must be 1..1048576 bytes, was 0");
  }
}
