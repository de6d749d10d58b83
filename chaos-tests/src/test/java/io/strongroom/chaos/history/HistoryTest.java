package io.strongroom.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pairing invocations with completions (Jepsen's rules, plus the lenient ones for reused process ids). */
class HistoryTest {

  private static History h(String edn) {
    return HistoryReader.parse(edn);
  }

  @Test
  void pairsEachCompletionWithItsProcessesOpenInvocation() {
    History history = h("""
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 1, :type :invoke, :f :read}
        {:process 1, :type :ok, :f :read, :value 1}
        {:process 0, :type :ok, :f :write, :value 1}
        """);
    assertThat(history.calls()).extracting(Call::invokedAt, Call::completedAt, Call::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 3, OpType.OK),
            org.assertj.core.groups.Tuple.tuple(1, 2, OpType.OK));
    assertThat(history.calls().get(1).value()).as("a read's value is what it observed").isEqualTo(Edn.of(1));
    assertThat(history.calls().get(1)).hasToString("process 1 :read 1 :ok (index 1 to 2)");
  }

  @Test
  void aProcessReusedAfterInfoStartsANewCall() {
    History history = h("""
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :info, :f :write, :value 1}
        {:process 0, :type :invoke, :f :read}
        {:process 0, :type :ok, :f :read, :value 1}
        """);
    assertThat(history.calls()).extracting(Call::outcome).containsExactly(OpType.INFO, OpType.OK);
    assertThat(history.calls().get(0).isIndeterminate()).isTrue();
    assertThat(history.calls().get(1).invokedAt()).isEqualTo(2);
  }

  @Test
  void anInvocationWhileOneIsOpenLeavesTheEarlierOneNeverCompleted() {
    History history = h("""
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :invoke, :f :write, :value 2}
        {:process 0, :type :ok, :f :write, :value 2}
        {:process 1, :type :invoke, :f :read}
        """);
    assertThat(history.calls()).hasSize(3);
    Call lost = history.calls().get(0);
    assertThat(lost.completion()).isEmpty();
    assertThat(lost.completedAt()).isEqualTo(Call.NEVER);
    assertThat(lost.isIndeterminate()).isTrue();
    assertThat(lost).hasToString("process 0 :write 1 :info (index 0, never completed)");
    assertThat(history.calls().get(1).completedAt()).isEqualTo(2);
    assertThat(history.calls().get(2).completion()).as("open at the end").isEmpty();
  }

  @Test
  void splitsByKeyInOrderOfFirstAppearance() {
    History history = h("""
        {:process 0, :type :invoke, :f :write, :key :b, :value 1}
        {:process 1, :type :invoke, :f :read, :key :a}
        {:process 2, :type :invoke, :f :read}
        {:process 0, :type :ok, :f :write, :key :b, :value 1}
        {:process 1, :type :ok, :f :read, :key :a, :value nil}
        """);
    Map<Optional<Edn>, History> byKey = history.byKey();
    assertThat(byKey.keySet()).containsExactly(
        Optional.of(Edn.keyword("b")), Optional.of(Edn.keyword("a")), Optional.empty());
    History b = byKey.get(Optional.of(Edn.keyword("b")));
    assertThat(b.ops()).extracting(Op::index).containsExactly(0L, 3L);
    assertThat(b.calls()).singleElement().satisfies(c -> assertThat(c.completedAt()).isEqualTo(1));
    assertThat(h("{:process 2, :type :invoke, :f :read}").byKey()).containsOnlyKeys(Optional.empty());
  }

  @Test
  void rejectsCompletionsThatMatchNoInvocation() {
    Op ok = Op.of(0, OpType.OK, 4, OpFunction.READ, Edn.NIL);
    assertThatThrownBy(() -> History.of(List.of(ok))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("op 0: process 4 completes :read with :ok but has no open invocation");
  }

  @Test
  void opsValidateWhatTheyCan() {
    assertThatThrownBy(() -> Op.of(0, OpType.INVOKE, 0, OpFunction.CAS, Edn.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cas invocation's value must be [expected new], was 1");
    assertThatThrownBy(() -> Op.of(-1, OpType.INVOKE, 0, OpFunction.READ, Edn.NIL))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("index must be >= 0, was -1");
    assertThat(Op.of(0, OpType.FAIL, 0, OpFunction.CAS, Edn.NIL).value())
        .as("completions of a cas are not checked").isEqualTo(Edn.NIL);
  }
}
