package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The issue's workloads, the filter that picks some, and the command line's small parsers. */
class WorkloadTest {
  @Test
  void theIssuesWorkloads() {
    assertThat(Workload.ALL).extracting(Workload::name)
        .containsExactly("write-c1", "write-c16", "write-c64", "read-c16", "read-c64", "mixed-c64");
    assertThat(Workload.ALL).filteredOn(w -> w.name().equals("mixed-c64")).singleElement()
        .satisfies(w -> assertThat(w.clients()).isEqualTo(64))
        .satisfies(w -> assertThat(w.writePercent()).isEqualTo(10));
  }

  @Test
  void filterKeepsTheStandardOrder() {
    assertThat(Workload.select("read-c16, write-c1")).extracting(Workload::name).containsExactly("write-c1", "read-c16");
    assertThat(Workload.select("all")).isEqualTo(Workload.ALL);
    assertThat(Workload.select("")).isEqualTo(Workload.ALL);
    assertThatThrownBy(() -> Workload.select("write-c2")).hasMessageContaining("no workload 'write-c2'").hasMessageContaining("write-c64");
    assertThatThrownBy(() -> Workload.select(" , ")).hasMessageContaining("no workload selected");
  }

  @Test
  void warmUpRunsTheMixThenEachSelectedWorkload() {
    var plan = CompareEtcd.warmUpPlan(Workload.select("write-c1,read-c64"), Duration.ofSeconds(180), Duration.ofSeconds(15));
    assertThat(plan).extracting(s -> s.workload().clients(), s -> s.workload().writePercent(), CompareEtcd.WarmUp::time)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(64, 10, Duration.ofSeconds(180)),
            org.assertj.core.groups.Tuple.tuple(1, 100, Duration.ofSeconds(15)),
            org.assertj.core.groups.Tuple.tuple(64, 0, Duration.ofSeconds(15)));
    assertThat(CompareEtcd.warmUpPlan(Workload.ALL, Duration.ZERO, Duration.ofSeconds(1))).hasSize(Workload.ALL.size())
        .extracting(s -> s.workload().name()).containsExactlyElementsOf(Workload.ALL.stream().map(Workload::name).toList());
    assertThat(CompareEtcd.warmUpPlan(Workload.ALL, Duration.ofSeconds(5), Duration.ZERO)).singleElement()
        .satisfies(s -> assertThat(s.workload().clients()).isEqualTo(64));
  }

  @Test
  void invalidWorkloads() {
    assertThatThrownBy(() -> new Workload("x", 0, 0)).hasMessage("clients must be 1..4096, was 0");
    assertThatThrownBy(() -> new Workload("x", 1, 101)).hasMessage("writePercent must be 0..100, was 101");
  }

  @Test
  void durationsSizesAndPids() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("3")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> Durations.parse("5 seconds")).hasMessageContaining("not a duration");
    assertThat(Durations.format(Duration.ofSeconds(20))).isEqualTo("20s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");

    assertThat(CompareEtcd.parseSizes("1M, 1k,100k")).containsExactly(1_000, 100_000, 1_000_000);
    assertThat(CompareEtcd.size("10_000")).isEqualTo(10_000);
    assertThatThrownBy(() -> CompareEtcd.size("0")).hasMessageContaining("size must be");

    assertThat(CompareEtcd.parsePids("n1:101,n2:102, n3:103")).containsExactly(
        java.util.Map.entry("n1", 101L), java.util.Map.entry("n2", 102L), java.util.Map.entry("n3", 103L));
    assertThat(CompareEtcd.parsePids(null)).isEmpty();
    assertThatThrownBy(() -> CompareEtcd.parsePids("n1=5")).hasMessageContaining("expected id:pid");
  }

  @Test
  void keySpace() {
    KeySpace k = new KeySpace("bench", 1000);
    assertThat(k.key(0)).isEqualTo("bench/k0");
    assertThat(k.key(999)).isEqualTo("bench/k999");
    assertThat(KeySpace.value(256, 1)).hasSize(256).matches("[a-z]+").isEqualTo(KeySpace.value(256, 1));
    assertThat(KeySpace.value(256, 1).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(256);
    assertThatThrownBy(() -> new KeySpace("bench/", 1)).hasMessageContaining("trailing");
    assertThatThrownBy(() -> new KeySpace("bench", 0)).hasMessageContaining(">= 1");
  }
}
