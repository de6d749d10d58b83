package io.strongroom.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.HistoryReader;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryRecorder;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.chaos.nemesis.FaultKind;
import io.strongroom.chaos.nemesis.Nemesis;
import io.strongroom.chaos.workload.RunLog;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's artifacts: the merged EDN history, the SVG timeline, summary.json, and the options' round trip. */
class ArtifactsTest {

  @Test
  void theMergedHistoryKeepsRegisterEventsInOrderAndTheCheckerSkipsTheRest(@TempDir Path dir) throws Exception {
    RunLog log = new RunLog();
    HistoryRecorder.Invocation w = log.registers().invoke(0, Edn.of("r0"), OpFunction.WRITE, Edn.of(1));
    log.nemesis("kill-leader", "start kill -9 leader [n1]");
    log.client(500_000, "invoke", "add", Edn.of(7), Optional.empty());
    w.ok();
    log.client(500_000, "ok", "add", Edn.of(7), Optional.empty());
    HistoryRecorder.Invocation r = log.registers().invoke(1, Edn.of("r0"), OpFunction.READ, Edn.NIL);
    r.ok(Edn.of(1));
    Path file = dir.resolve("history.edn");
    log.writeEdn(file);

    String text = Files.readString(file);
    assertThat(text.lines()).hasSize(7);
    assertThat(text).contains(":process :nemesis, :f :kill-leader").contains(":f :add, :value 7");
    History read = HistoryReader.read(file);
    assertThat(read).isEqualTo(log.registerHistory());
  }

  @Test
  void theTimelineIsWellFormedSvgWithFaultsOperationsAndKills() throws Exception {
    RunLog log = new RunLog();
    HistoryRecorder.Invocation w = log.registers().invoke(0, Edn.of("r0"), OpFunction.WRITE, Edn.of(1));
    w.info(Edn.keyword("unavailable"));
    log.registers().invoke(1, Edn.of("r0"), OpFunction.READ, Edn.NIL).ok(Edn.of(1));
    log.registers().invoke(2, Edn.of("r0"), OpFunction.CAS, Edn.vector(Edn.of(1), Edn.of(2)));
    List<Timeline.Bar> bars = Timeline.registerBars(log.registerHistory().calls(), 2_000_000_000L, p -> "register " + p, Set.of(2L));
    String svg = Timeline.svg("a <run> & more", 2_000_000_000L, bars,
        List.of(new Nemesis.Interval(FaultKind.KILL_LEADER, 100_000_000L, 900_000_000L, "kill -9 leader [n1]")),
        List.of(new Nemesis.LeaderKill(100_000_000L, "n1", FaultKind.KILL_LEADER)));
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(svg).contains("kill-leader").contains("a &lt;run&gt; &amp; more").contains("stroke=\"black\"")
        .contains("#ff9f1c").contains("#2ca02c").contains("#d62728").contains("stroke=\"red\"");
  }

  @Test
  void summaryJsonRendersEdn() {
    Map<Edn, Edn> m = new LinkedHashMap<>();
    m.put(Edn.keyword("seed"), Edn.of(42));
    m.put(Edn.keyword("passed"), new Edn.Bool(true));
    m.put(Edn.keyword("faults"), new Edn.MapOf(Map.of(Edn.keyword("kill-leader"), Edn.of(2))));
    m.put(Edn.keyword("kills"), Edn.vector(Edn.of(1), Edn.NIL));
    m.put(Edn.keyword("note"), Edn.of("say \"hi\"\n"));
    m.put(Edn.keyword("empty"), new Edn.MapOf(Map.of()));
    assertThat(Json.render(new Edn.MapOf(m))).isEqualTo("{\n  \"seed\": 42,\n  \"passed\": true,\n  \"faults\": {\n"
        + "    \"kill-leader\": 2\n  },\n  \"kills\": [1, null],\n  \"note\": \"say \\\"hi\\\"\\n\",\n  \"empty\": {}\n}\n");
  }

  @Test
  void snapshotInstallsAreCountedFromTheNodesLogs(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("n1"));
    Files.createDirectories(dir.resolve("n4"));
    Files.writeString(dir.resolve("n1").resolve("node.log"),
        "03:02:07.537 INFO  [n1-impl-thread1] i.s.r.r.StrongroomStateMachine - state open at applied index 19096 (snapshot (t:5, i:10000))\n");
    Files.writeString(dir.resolve("n4").resolve("node.log"),
        "03:01:22.923 INFO  [n4-impl-thread1] i.s.r.r.StrongroomStateMachine - state open at applied index -1 (snapshot none)\n"
            + "03:01:25.640 INFO  [n4@group-CDBA9D22B70A-StateMachineUpdater] i.s.r.r.StrongroomStateMachine - state open at applied index"
            + " 11392 (snapshot (t:5, i:11392))\n");
    assertThat(ChaosRun.snapshotInstalls(dir)).isEqualTo(1);
  }

  @Test
  void optionsRoundTripThroughTheCommandLine() {
    RunOptions o = RunOptions.combined("x", 9, 5, 40, true, Path.of("/tmp/out"), Path.of("/tmp/sr.jar"));
    assertThat(RunOptions.parse(o.toArgs())).isEqualTo(o);
    RunOptions c = RunOptions.negativeControl("c", 3, Path.of("/tmp/out"), Path.of("/tmp/sr.jar"));
    assertThat(RunOptions.parse(c.toArgs())).isEqualTo(c);
    assertThat(c.kinds()).containsExactly(FaultKind.ONE_WAY_LAG);
    assertThat(c.mode()).isEqualTo("unsafe-local-reads");
  }
}
