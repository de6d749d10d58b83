package io.strongroom.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.nemesis.FaultKind;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The quick chaos runs of the default build (about three minutes on 2 cores): real node processes
 * in a network namespace, every fault kind against a 5-node cluster, and the negative control
 * that proves the checker catches stale reads. Each run prints its seed; {@code -Dchaos.seed=S}
 * replays one. Where the namespace, iptables or the node jar cannot be had, the test fails with
 * the reason ({@link ChaosSetupException}): it never passes without having run.
 */
@DisabledIfSystemProperty(named = "chaos.quick", matches = "false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosSuiteTest {

  @Test
  @Order(1)
  void fiveNodesUnderEveryFaultKindStayLinearizableAndLoseNothing() throws Exception {
    long seed = ChaosRuns.seed();
    RunOptions options = RunOptions.combined("quick-real-5n", seed, 5, 40, false, ChaosRuns.out(), ChaosRuns.jar());
    Edn.MapOf s = ChaosRuns.run(options, Duration.ofMinutes(10));
    String where = " (seed " + seed + ", see " + options.runDir() + "/verdict.txt)";

    assertThat(ChaosRuns.str(s, "linearizability")).as("register histories" + where).isEqualTo("linearizable");
    assertThat(ChaosRuns.num(s, "anomalies")).as("anomalies" + where).isZero();
    assertThat(ChaosRuns.num(s, "lost-writes")).as("acknowledged adds lost" + where).isZero();
    assertThat(ChaosRuns.bool(s, "audit", "valid")).as("audit: one entry per acknowledged write, same head everywhere, export verifies" + where).isTrue();
    assertThat(ChaosRuns.bool(s, "audit", "heads-converged")).as("audit heads" + where).isTrue();
    assertThat(ChaosRuns.num(s, "operations-checked")).as("register operations checked" + where).isGreaterThan(300);
    assertThat(ChaosRuns.num(s, "register-outcomes", "ok")).as("register operations that succeeded" + where).isGreaterThan(150);
    assertThat(ChaosRuns.num(s, "set-adds", "acknowledged")).as("acknowledged set adds" + where).isGreaterThan(50);
    for (FaultKind k : FaultKind.combined(5)) {
      assertThat(ChaosRuns.get(s, "faults").toString()).as("faults applied" + where).contains(":" + k.keyword() + " ");
    }
    assertThat(ChaosRuns.num(s, "recovered-after-heal-ms")).as("the cluster takes writes after healing" + where).isBetween(0L, 60_000L);
    assertThat(ChaosRuns.get(s, "longest-unavailability-after-leader-kill-ms")).as("a leader was killed and a write followed" + where)
        .isInstanceOf(Edn.Int.class);
    assertThat(ChaosRuns.bool(s, "passed")).as("run verdict" + where).isTrue();
    for (String artifact : new String[] {"history.edn", "verdict.txt", "timeline.svg", "summary.json", "schedule.txt",
        "audit-export.jsonl", "nodes/n1/node.log"}) {
      assertThat(options.runDir().resolve(artifact)).as(artifact).isRegularFile();
    }
    assertThat(Files.readString(options.runDir().resolve("history.edn"))).contains(":process :nemesis");
    assertThat(Files.readString(options.runDir().resolve("nodes/n1/node.log")))
        .as("Ratis logs at INFO in chaos runs (STRONGROOM_RAFT_LOG_LEVEL)").containsPattern("INFO +\\[[^\\]]*\\] o\\.a\\.r\\.");
  }

  /**
   * The negative control: nodes started with the test-only unsafe local reads (no read index)
   * while the leader cannot send to one follower. That follower falls behind but still answers
   * reads (and gets their audit records committed through the leader), so clients bound to it
   * read stale values: the checker must say NOT linearizable.
   */
  @Test
  @Order(2)
  void negativeControlUnsafeLocalReadsAreCaughtAsStale() throws Exception {
    long seed = ChaosRuns.seed();
    RunOptions options = RunOptions.negativeControl("quick-control-3n", seed, ChaosRuns.out(), ChaosRuns.jar());
    Edn.MapOf s = ChaosRuns.run(options, Duration.ofMinutes(8));
    String where = " (seed " + seed + ", see " + options.runDir() + "/verdict.txt)";

    assertThat(ChaosRuns.num(s, "faults", "one-way-lag")).as("one-way cuts applied" + where).isPositive();
    assertThat(ChaosRuns.str(s, "linearizability")).as("the checker must catch the stale reads" + where).isEqualTo("not-linearizable");
    assertThat(ChaosRuns.num(s, "anomalies-by-check", "linearizability")).as("anomalies" + where).isPositive();
    assertThat(ChaosRuns.bool(s, "passed")).as("negative control verdict" + where).isTrue();
    assertThat(Files.readString(options.runDir().resolve("verdict.txt"))).contains("NOT linearizable");
  }
}
