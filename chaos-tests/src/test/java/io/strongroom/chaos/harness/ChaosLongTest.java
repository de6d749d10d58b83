package io.strongroom.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Edn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long chaos run ({@code mvn -B -Pchaos-long -pl chaos-tests -am verify}): seeded runs one after
 * another for {@code chaos.long.minutes} (30), alternating 3 and 5 nodes, every fault kind with
 * longer holds, seeds {@code S, S+1, ...} from {@code -Dchaos.seed=S} (else the clock), plus one
 * negative control first. Every run must pass; all are run before the test fails, and their
 * one-line results go to {@code target/chaos/long-summary.txt}.
 */
@EnabledIfSystemProperty(named = "chaos.long", matches = "true")
class ChaosLongTest {

  @Test
  void manySeedsForHalfAnHour() throws Exception {
    long minutes = Long.getLong("chaos.long.minutes", 30);
    long deadline = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
    long seed = ChaosRuns.seed();
    Path report = ChaosRuns.out().resolve("long-summary.txt");
    Files.createDirectories(report.getParent());
    List<String> lines = new ArrayList<>();
    List<String> failures = new ArrayList<>();

    RunOptions control = RunOptions.negativeControl("long-control-3n-seed-" + seed, seed, ChaosRuns.out(), ChaosRuns.jar());
    record(ChaosRuns.run(control, Duration.ofMinutes(10)), control, lines, failures);
    Files.write(report, lines);

    for (int i = 0; System.nanoTime() < deadline; i++) {
      long s = seed + i;
      int nodes = i % 2 == 0 ? 5 : 3;
      RunOptions options = RunOptions.combined("long-real-" + nodes + "n-seed-" + s, s, nodes, 120, true, ChaosRuns.out(), ChaosRuns.jar());
      try {
        record(ChaosRuns.run(options, Duration.ofMinutes(20)), options, lines, failures);
      } catch (ChaosSetupException e) {
        lines.add(options.name() + " COULD NOT RUN: " + e.getMessage());
        failures.add(options.name() + ": " + e.getMessage());
      }
      Files.write(report, lines);
    }
    System.out.println(String.join("\n", lines));
    assertThat(lines).as("runs").hasSizeGreaterThan(2);
    assertThat(failures).as("failed runs (see each run's verdict.txt; " + report + ")").isEmpty();
  }

  private static void record(Edn.MapOf s, RunOptions o, List<String> lines, List<String> failures) {
    String line = o.name() + ": " + (ChaosRuns.bool(s, "passed") ? "passed" : "FAILED") + ", ops " + ChaosRuns.num(s, "operations-checked")
        + ", faults " + ChaosRuns.get(s, "faults") + ", anomalies " + ChaosRuns.num(s, "anomalies") + ", lost writes "
        + ChaosRuns.num(s, "lost-writes") + ", longest unavailability after a leader kill "
        + ChaosRuns.get(s, "longest-unavailability-after-leader-kill-ms") + " ms";
    lines.add(line);
    if (!ChaosRuns.bool(s, "passed")) {
      failures.add(line);
    }
  }
}
