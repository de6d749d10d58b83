package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling report's pure parts: /proc parsing, disk usage with hard links, the JSON and table. */
class ScalingTest {
  @Test
  void rssFromProcStatus() {
    assertThat(Scaling.rssKb(List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t  123456 kB", "RssAnon: 1 kB"))).isEqualTo(123456);
    assertThat(Scaling.rssKb(List.of("Name:\tzombie"))).isEqualTo(-1);
    assertThat(Scaling.rssKb(ProcessHandle.current().pid())).as("this JVM").isGreaterThan(1000);
    assertThat(Scaling.rssKb(Long.MAX_VALUE)).isEqualTo(-1);
  }

  @Test
  void diskBytesCountsHardLinksOnce(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("a/b"));
    Files.write(dir.resolve("a/one"), new byte[1000]);
    Files.write(dir.resolve("a/b/two"), new byte[24]);
    Files.createLink(dir.resolve("a/b/one-again"), dir.resolve("a/one")); // as a RocksDB checkpoint links its SSTs
    assertThat(Scaling.diskBytes(dir)).isEqualTo(1024);
    assertThat(Scaling.diskBytes(dir.resolve("absent"))).isEqualTo(-1);
  }

  @Test
  void findsTheNewestInstalledSnapshot(@TempDir Path dir) throws Exception {
    assertThat(Scaling.latestSnapshotDir(dir)).isEmpty();
    Path sm = Files.createDirectories(dir.resolve("raft/4f2e/sm"));
    Files.createDirectories(sm.resolve(".tmp.snapshot.3_900"));
    assertThat(Scaling.latestSnapshotDir(dir)).as("a checkpoint still being built is none").isEmpty();
    Files.createDirectories(sm.resolve("snapshot.2_120"));
    Files.createDirectories(sm.resolve("snapshot.3_1668"));
    Files.write(sm.resolve("snapshot.3_1668/000012.sst"), new byte[2048]);
    assertThat(Scaling.latestSnapshotDir(dir)).hasValue(sm.resolve("snapshot.3_1668"));
    assertThat(Scaling.snapshotIndexOf("snapshot.3_1668")).isEqualTo(1668);
    assertThat(Scaling.snapshotIndexOf("log_0-100")).isEqualTo(-1);
  }

  @Test
  void jsonAndTable() throws Exception {
    Map<String, Long> rss = new LinkedHashMap<>();
    rss.put("n1", 204800L);
    rss.put("n2", -1L);
    Map<String, Long> data = new LinkedHashMap<>();
    data.put("n1", 10L * 1048576);
    data.put("n2", 11L * 1048576);
    ClosedLoop.Measurement reads = new ClosedLoop.Measurement(1000, 0, 2.0, new long[] {1_000_000, 2_000_000, 3_000_000}, null);
    Scaling.Step step = new Scaling.Step(10_000, 9_000, 4.5, 64, reads, rss, data, 5 * 1048576L, 1234, 0.8);
    Scaling.Join join = new Scaling.Join("n4", 10_000, 1200, 1240, 2.25, Double.NaN, 150 * 1024, -1, -1, -1, "not caught up within 20m");

    JsonNode root = new ObjectMapper().readTree(Scaling.json(List.of(step), join, 256, java.time.Duration.ofMinutes(2)));
    assertThat(root.get("value_size").asInt()).isEqualTo(256);
    assertThat(root.get("settle_seconds").asLong()).isEqualTo(120);
    JsonNode s = root.get("sizes").get(0);
    assertThat(s.get("secrets").asInt()).isEqualTo(10_000);
    assertThat(s.get("load").get("writes_per_sec").asDouble()).isEqualTo(2000.0);
    assertThat(s.get("reads").get("clients").asInt()).isEqualTo(64);
    assertThat(s.get("reads").get("ops_per_sec").asDouble()).isEqualTo(500.0);
    assertThat(s.get("reads").get("p99_ms").asDouble()).isEqualTo(3.0);
    assertThat(s.get("rss_mb").get("n1").asDouble()).isEqualTo(200.0);
    assertThat(s.get("rss_mb").get("n2").isNull()).isTrue();
    assertThat(s.get("data_dir_mb").get("n2").asDouble()).isEqualTo(11.0);
    assertThat(s.get("snapshot_save").get("bytes").asLong()).isEqualTo(5 * 1048576L);
    JsonNode j = root.get("join");
    assertThat(j.get("caught_up_seconds").isNull()).isTrue();
    assertThat(j.get("add_peer_seconds").asDouble()).isEqualTo(2.25);
    assertThat(j.get("error").asText()).contains("not caught up");
    assertThat(j.get("by_snapshot").asBoolean()).isFalse();
    assertThat(j.has("installed_snapshot_mb")).isFalse();

    String table = Scaling.table(List.of(step), join);
    assertThat(table).contains("10,000", "200 / ?", "10 / 11", "5.0", "join n4 at 10,000 secrets", "caught up (applied index 1,240) never from the log");
  }
}
