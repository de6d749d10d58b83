package io.strongroom.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void aSeedReplaysTheSameSchedule() {
    List<FaultKind> kinds = FaultKind.combined(5);
    Schedule a = Schedule.generate(42, kinds, Duration.ofSeconds(120), Schedule.Timing.LONG);
    Schedule b = Schedule.generate(42, kinds, Duration.ofSeconds(120), Schedule.Timing.LONG);
    Schedule c = Schedule.generate(43, kinds, Duration.ofSeconds(120), Schedule.Timing.LONG);
    assertThat(a.steps()).isEqualTo(b.steps());
    assertThat(a.describe()).isEqualTo(b.describe());
    assertThat(c.steps()).isNotEqualTo(a.steps());
  }

  @Test
  void everyKindComesOnceBeforeAnyRepeats() {
    for (long seed = 0; seed < 50; seed++) {
      List<FaultKind> kinds = FaultKind.combined(seed % 2 == 0 ? 5 : 3);
      Schedule s = Schedule.generate(seed, kinds, Duration.ofSeconds(1), Schedule.Timing.QUICK);
      assertThat(s.steps()).hasSize(kinds.size());
      Set<FaultKind> first = EnumSet.noneOf(FaultKind.class);
      s.steps().forEach(step -> first.add(step.kind()));
      assertThat(first).containsExactlyInAnyOrderElementsOf(kinds);
    }
  }

  @Test
  void holdsAndRestsStayInsideTheirBoundsAndFillTheLength() {
    Schedule s = Schedule.generate(7, FaultKind.combined(3), Duration.ofMinutes(10), Schedule.Timing.LONG);
    long total = 0;
    for (Schedule.Step step : s.steps()) {
      assertThat(step.holdMillis()).isBetween(3_000L, 10_000L);
      assertThat(step.quietMillis()).isBetween(2_000L, 5_000L);
      total += step.holdMillis() + step.quietMillis();
    }
    assertThat(total).isGreaterThanOrEqualTo(600_000);
    assertThat(s.steps().get(s.steps().size() - 1).number()).isEqualTo(s.steps().size());
  }

  @Test
  void threeNodeClustersGetNoRing() {
    assertThat(FaultKind.combined(3)).doesNotContain(FaultKind.PARTITION_RING).contains(FaultKind.KILL_ALL, FaultKind.MEMBERSHIP);
    assertThat(FaultKind.combined(5)).contains(FaultKind.PARTITION_RING);
    assertThat(FaultKind.fromKeyword("one-way-lag")).contains(FaultKind.ONE_WAY_LAG);
  }
}
