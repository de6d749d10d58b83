package io.strongroom.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The comparison's result: per workload, each system's median figures over the rounds, and the
 * throughput ratio. Renders the table printed at the end of a run and {@code compare.json}.
 *
 * <p>IMPORTANT: the JSON shape is what issue 8 specifies and what later tooling reads; change it
 * only together with them:
 * <pre>
 * {"workloads": [{"name": "write-c64",
 *                 "strongroom": {"ops_per_sec": N, "p50_ms": N, "p99_ms": N},
 *                 "etcd": {"ops_per_sec": N, "p50_ms": N, "p99_ms": N},
 *                 "ratio": N}, ...]}
 * </pre>
 * ops/s are rounded to 0.1, latencies to 0.001 ms, the ratio to 0.001; a ratio that cannot be
 * computed (etcd did nothing) is {@code null}.
 */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /** One system's figures for one workload. Latencies in milliseconds. */
  record Figures(double opsPerSec, double p50Ms, double p99Ms) {
    /** The median of each figure over {@code rounds}, taken separately. */
    static Figures median(List<Figures> rounds) {
      if (rounds.isEmpty()) {
        throw new IllegalArgumentException("no rounds to take a median of");
      }
      return new Figures(
          Stats.median(rounds.stream().mapToDouble(Figures::opsPerSec).toArray()),
          Stats.median(rounds.stream().mapToDouble(Figures::p50Ms).toArray()),
          Stats.median(rounds.stream().mapToDouble(Figures::p99Ms).toArray()));
    }
  }

  /** One workload's row: medians over rounds for each system. */
  record Row(String name, Figures strongroom, Figures etcd) {
    Row {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(strongroom, "strongroom");
      Objects.requireNonNull(etcd, "etcd");
    }

    /** Strongroom's throughput over etcd's (above 1: Strongroom is faster); NaN if etcd did nothing. */
    double ratio() {
      return Stats.ratio(strongroom.opsPerSec(), etcd.opsPerSec());
    }
  }

  /** {@code compare.json}'s text (see the class comment for the shape). */
  static String json(List<Row> rows) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode workloads = root.putArray("workloads");
    for (Row r : rows) {
      ObjectNode w = workloads.addObject();
      w.put("name", r.name());
      figures(w.putObject("strongroom"), r.strongroom());
      figures(w.putObject("etcd"), r.etcd());
      double ratio = r.ratio();
      if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
        w.putNull("ratio");
      } else {
        w.put("ratio", Stats.round(ratio, 3));
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static void figures(ObjectNode o, Figures f) {
    o.put("ops_per_sec", Stats.round(f.opsPerSec(), 1));
    o.put("p50_ms", Stats.round(f.p50Ms(), 3));
    o.put("p99_ms", Stats.round(f.p99Ms(), 3));
  }

  /** The table printed at the end of a run: one line per workload. */
  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    String header = String.format(Locale.ROOT, "%-10s | %12s %9s %9s | %12s %9s %9s | %6s%n",
        "workload", "strongroom/s", "p50 ms", "p99 ms", "etcd/s", "p50 ms", "p99 ms", "ratio");
    sb.append(header);
    sb.append("-".repeat(header.length() - 1)).append('\n');
    for (Row r : rows) {
      double ratio = r.ratio();
      sb.append(String.format(Locale.ROOT, "%-10s | %,12.0f %9.2f %9.2f | %,12.0f %9.2f %9.2f | %6s%n",
          r.name(), r.strongroom().opsPerSec(), r.strongroom().p50Ms(), r.strongroom().p99Ms(),
          r.etcd().opsPerSec(), r.etcd().p50Ms(), r.etcd().p99Ms(),
          Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio)));
    }
    return sb.toString();
  }
}
