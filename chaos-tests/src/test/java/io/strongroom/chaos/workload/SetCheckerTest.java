package io.strongroom.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Edn;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SetCheckerTest {
  private static RunLog.Event e(long process, String type, long element) {
    return new RunLog.Event(0, Edn.of(process), type, "add", Edn.of(element), Optional.empty());
  }

  private static final List<RunLog.Event> EVENTS = List.of(
      e(1, "invoke", 1), e(1, "ok", 1),
      e(1, "invoke", 2), e(1, "info", 2),
      e(2, "invoke", 3), e(2, "ok", 3),
      e(3, "invoke", 4), e(3, "fail", 4),
      e(4, "invoke", 5));

  @Test
  void everyAcknowledgedAddPresentIsValidWhateverBecameOfTheIndeterminateOnes() {
    SetChecker.Result r = SetChecker.check(EVENTS, Optional.of(new TreeSet<>(List.of(1L, 2L, 3L, 5L))));
    assertThat(r.valid()).isTrue();
    assertThat(r.anomalies()).isZero();
    assertThat(r.acknowledged()).isEqualTo(2);
    assertThat(r.recovered()).isEqualTo(1);
    assertThat(SetChecker.check(EVENTS, Optional.of(new TreeSet<>(List.of(1L, 3L)))).valid()).isTrue();
  }

  @Test
  void aMissingAcknowledgedAddIsALostWrite() {
    SetChecker.Result r = SetChecker.check(EVENTS, Optional.of(new TreeSet<>(List.of(1L, 2L))));
    assertThat(r.valid()).isFalse();
    assertThat(r.lost()).containsExactly(3L);
    assertThat(r.report()).contains("LOST acknowledged adds: [3]");
  }

  @Test
  void elementsNeverAddedOrFailedAddsPresentAreAnomalies() {
    SetChecker.Result r = SetChecker.check(EVENTS, Optional.of(new TreeSet<>(List.of(1L, 3L, 4L, 99L))));
    assertThat(r.unexpected()).containsExactly(99L);
    assertThat(r.failedPresent()).containsExactly(4L);
    assertThat(r.anomalies()).isEqualTo(2);
  }

  @Test
  void noFinalReadIsNotValid() {
    SetChecker.Result r = SetChecker.check(EVENTS, Optional.empty());
    assertThat(r.valid()).isFalse();
    assertThat(r.report()).contains("NO final read");
  }
}
