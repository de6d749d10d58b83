package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare.json has exactly the shape issue 8 specifies; the table and medians are right. */
class ReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void jsonHasExactlyTheIssuesShape() throws Exception {
    List<Report.Row> rows = List.of(
        new Report.Row("write-c64", new Report.Figures(2401.04, 25.3333, 48.2666), new Report.Figures(3700, 16.5, 42.0)),
        new Report.Row("read-c16", new Report.Figures(1000, 1, 2), new Report.Figures(0, 0, 0)));
    JsonNode root = JSON.readTree(Report.json(rows));

    assertThat(fieldNames(root)).containsExactly("workloads");
    assertThat(root.get("workloads").isArray()).isTrue();
    assertThat(root.get("workloads")).hasSize(2);
    JsonNode w = root.get("workloads").get(0);
    assertThat(fieldNames(w)).containsExactly("name", "strongroom", "etcd", "ratio");
    assertThat(w.get("name").asText()).isEqualTo("write-c64");
    for (String system : List.of("strongroom", "etcd")) {
      assertThat(fieldNames(w.get(system))).containsExactly("ops_per_sec", "p50_ms", "p99_ms");
      w.get(system).forEach(v -> assertThat(v.isNumber()).isTrue());
    }
    assertThat(w.get("strongroom").get("ops_per_sec").asDouble()).isEqualTo(2401.0);
    assertThat(w.get("strongroom").get("p50_ms").asDouble()).isEqualTo(25.333);
    assertThat(w.get("strongroom").get("p99_ms").asDouble()).isEqualTo(48.267);
    assertThat(w.get("etcd").get("ops_per_sec").asDouble()).isEqualTo(3700.0);
    assertThat(w.get("ratio").isNumber()).isTrue();
    assertThat(w.get("ratio").asDouble()).as("strongroom / etcd throughput, 3 decimals").isEqualTo(0.649);

    JsonNode none = root.get("workloads").get(1);
    assertThat(fieldNames(none)).containsExactly("name", "strongroom", "etcd", "ratio");
    assertThat(none.get("ratio").isNull()).as("no ratio against a system that did nothing").isTrue();
  }

  @Test
  void emptyReportIsStillTheShape() throws Exception {
    JsonNode root = JSON.readTree(Report.json(List.of()));
    assertThat(fieldNames(root)).containsExactly("workloads");
    assertThat(root.get("workloads")).isEmpty();
  }

  @Test
  void figuresTakeTheMedianOfEachFigureSeparately() {
    Report.Figures m = Report.Figures.median(List.of(
        new Report.Figures(100, 5, 50), new Report.Figures(300, 1, 10), new Report.Figures(200, 3, 90)));
    assertThat(m).isEqualTo(new Report.Figures(200, 3, 50));
    Report.Figures two = Report.Figures.median(List.of(new Report.Figures(100, 2, 10), new Report.Figures(200, 4, 20)));
    assertThat(two).isEqualTo(new Report.Figures(150, 3, 15));
  }

  @Test
  void ratioIsStrongroomOverEtcd() {
    Report.Row r = new Report.Row("x", new Report.Figures(500, 0, 0), new Report.Figures(250, 0, 0));
    assertThat(r.ratio()).isEqualTo(2.0);
  }

  @Test
  void tableHasAHeaderAndOneLinePerWorkload() {
    String t = Report.table(List.of(
        new Report.Row("write-c1", new Report.Figures(197, 4.78, 10.34), new Report.Figures(560, 1.7, 3.1)),
        new Report.Row("read-c64", new Report.Figures(2672, 22.6, 40.97), new Report.Figures(0, 0, 0))));
    List<String> lines = t.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).contains("workload", "strongroom/s", "etcd/s", "ratio");
    assertThat(lines.get(2)).startsWith("write-c1").contains("197", "4.78", "10.34", "560", "0.35");
    assertThat(lines.get(3)).startsWith("read-c64").contains("2,672").endsWith("n/a");
  }
}
