package io.strongroom.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recorder a workload's client threads share. */
class HistoryRecorderTest {

  @Test
  void recordsInvocationsAndCompletionsWithIndicesAndTimes() {
    long[] now = {1_000};
    HistoryRecorder recorder = new HistoryRecorder(() -> now[0]);
    now[0] = 1_500;
    HistoryRecorder.Invocation read = recorder.invoke(7, OpFunction.READ, Edn.NIL);
    now[0] = 2_000;
    read.ok(Edn.of(3));
    History h = recorder.history();
    assertThat(h.ops()).containsExactly(
        Op.of(0, OpType.INVOKE, 7, OpFunction.READ, Edn.NIL).withTime(500),
        Op.of(1, OpType.OK, 7, OpFunction.READ, Edn.of(3)).withTime(1_000));
    assertThat(read.op()).isEqualTo(h.ops().get(0));
  }

  @Test
  void completionsCarryTheInvocationsValueAndError() {
    HistoryRecorder recorder = new HistoryRecorder(() -> 0);
    recorder.invoke(0, OpFunction.WRITE, Edn.of(1)).ok();
    recorder.invoke(1, Edn.of("k"), OpFunction.CAS, Edn.vector(Edn.of(1), Edn.of(2))).fail(Edn.keyword("mismatch"));
    recorder.invoke(2, OpFunction.WRITE, Edn.of(5)).info();
    recorder.invoke(3, OpFunction.READ, Edn.NIL).fail();
    List<Op> ops = recorder.history().ops();
    assertThat(ops.get(1).value()).isEqualTo(Edn.of(1));
    assertThat(ops.get(3).value()).isEqualTo(Edn.vector(Edn.of(1), Edn.of(2)));
    assertThat(ops.get(3).key()).hasValue(Edn.of("k"));
    assertThat(ops.get(3).error()).hasValue(Edn.keyword("mismatch"));
    assertThat(ops.get(5).type()).isEqualTo(OpType.INFO);
    assertThat(recorder.history().calls()).extracting(Call::outcome)
        .containsExactly(OpType.OK, OpType.FAIL, OpType.INFO, OpType.FAIL);
  }

  @Test
  void misuseFailsFast() {
    HistoryRecorder recorder = new HistoryRecorder();
    HistoryRecorder.Invocation read = recorder.invoke(0, OpFunction.READ, Edn.NIL);
    assertThatThrownBy(() -> recorder.invoke(0, OpFunction.WRITE, Edn.of(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("process 0 already has an open invocation: {:index 0,");
    assertThatThrownBy(read::ok).isInstanceOf(IllegalStateException.class)
        .hasMessage("a read completes with the value it observed: use ok(value)");
    read.ok(Edn.NIL);
    assertThatThrownBy(read::info).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("already completed");
    HistoryRecorder.Invocation write = recorder.invoke(0, OpFunction.WRITE, Edn.of(1));
    assertThatThrownBy(() -> write.ok(Edn.of(1))).isInstanceOf(IllegalStateException.class)
        .hasMessage("only a read completes with a value; use ok() for :write");
    assertThatThrownBy(() -> recorder.invoke(1, OpFunction.CAS, Edn.of(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(recorder.size()).as("nothing recorded by the failed calls").isEqualTo(3);
  }

  @Test
  void manyThreadsRecordAWellFormedHistory() throws Exception {
    int threads = 8;
    int perThread = 500;
    HistoryRecorder recorder = new HistoryRecorder();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long process = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          HistoryRecorder.Invocation w = recorder.invoke(process, OpFunction.WRITE, Edn.of(i));
          if (i % 7 == 0) {
            w.info();
          } else {
            w.ok();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    History h = recorder.history();
    assertThat(h.size()).isEqualTo(2 * threads * perThread);
    for (int i = 0; i < h.size(); i++) {
      Op op = h.ops().get(i);
      assertThat(op.index()).isEqualTo(i);
      if (i > 0) {
        assertThat(op.time().getAsLong()).isGreaterThanOrEqualTo(h.ops().get(i - 1).time().getAsLong());
      }
    }
    assertThat(h.calls()).hasSize(threads * perThread).allSatisfy(c -> assertThat(c.completion()).isPresent());
  }
}
