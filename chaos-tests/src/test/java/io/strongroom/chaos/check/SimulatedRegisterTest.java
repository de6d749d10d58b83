package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryReader;
import io.strongroom.chaos.history.HistoryRecorder;
import io.strongroom.chaos.history.HistoryWriter;
import io.strongroom.chaos.history.OpFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Properties on histories of real registers: always linearizable as recorded, never linearizable
 * once one read is made to observe a value nobody wrote, and the counterexample names that read.
 * A failing case prints its seed; {@link RegisterSimulation} replays it exactly.
 */
class SimulatedRegisterTest {

  @Test
  void historiesOfAnAtomicRegisterAreLinearizable() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 6), integers().between(1, 80))
        .checkAssert((seed, processes, invocations) -> {
          History h = RegisterSimulation.run(seed, new RegisterSimulation.Options(processes, invocations, 1, 0.15, 0.05));
          CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
          assertThat(result).as("seed %d%n%s", seed, result.report()).isInstanceOf(CheckResult.Linearizable.class);
        });
  }

  @Test
  void aReadOfANeverWrittenValueIsNeverLinearizableAndIsTheCounterexample() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 6), integers().between(5, 80))
        .checkAssert((seed, processes, invocations) -> {
          History h = RegisterSimulation.run(seed, new RegisterSimulation.Options(processes, invocations, 1, 0.15, 0.05));
          RegisterSimulation.Corrupted corrupted = RegisterSimulation.corruptOneRead(h, seed);
          if (corrupted == null) {
            return; // no :ok read to corrupt
          }
          CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(corrupted.history());
          assertThat(result).as("seed %d%n%s", seed, result.report()).isInstanceOf(CheckResult.NotLinearizable.class);
          Counterexample<Edn> c = ((CheckResult.NotLinearizable<Edn>) result).counterexamples().get(0);
          assertThat(c.call().completion()).as("seed %d%n%s", seed, result.report()).hasValue(corrupted.corruptedRead());
          assertThat(c.possibleStates()).isNotEmpty().doesNotContain(Edn.of(-1));
        });
  }

  @Test
  void manyKeysAreCheckedIndependently() {
    qt().withExamples(100).forAll(longs().all(), integers().between(2, 5))
        .checkAssert((seed, keys) -> {
          History h = RegisterSimulation.run(seed, new RegisterSimulation.Options(5, 120, keys, 0.1, 0.05));
          CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
          assertThat(result).as("seed %d%n%s", seed, result.report()).isInstanceOf(CheckResult.Linearizable.class);

          RegisterSimulation.Corrupted corrupted = RegisterSimulation.corruptOneRead(h, seed);
          if (corrupted == null) {
            return;
          }
          CheckResult<Edn> bad = LinearizabilityChecker.checkCasRegister(corrupted.history());
          assertThat(bad).isInstanceOf(CheckResult.NotLinearizable.class);
          List<Counterexample<Edn>> found = ((CheckResult.NotLinearizable<Edn>) bad).counterexamples();
          assertThat(found).singleElement().satisfies(c -> assertThat(c.key()).isEqualTo(corrupted.corruptedRead().key()));
          assertThat(bad.report()).contains("1 of " + h.byKey().size() + " keys are not linearizable");
        });
  }

  @Test
  void historiesOfRealThreadsOnAnAtomicReferenceAreLinearizable() throws Exception {
    int threads = 6;
    int perThread = 150;
    HistoryRecorder recorder = new HistoryRecorder();
    AtomicReference<Edn> register = new AtomicReference<>(Edn.NIL);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long process = thread;
        for (int i = 0; i < perThread; i++) {
          Edn fresh = Edn.of(thread * 1_000_000L + i);
          int roll = random.nextInt(10);
          boolean lost = random.nextInt(20) == 0; // the reply is lost: :info, and a new process id
          if (roll < 4) {
            HistoryRecorder.Invocation read = recorder.invoke(process, OpFunction.READ, Edn.NIL);
            Edn value = register.get();
            if (lost) {
              read.info();
            } else {
              read.ok(value);
            }
          } else if (roll < 7) {
            HistoryRecorder.Invocation write = recorder.invoke(process, OpFunction.WRITE, fresh);
            if (!lost || random.nextBoolean()) {
              register.set(fresh);
            }
            if (lost) {
              write.info();
            } else {
              write.ok();
            }
          } else {
            Edn expected = register.get();
            HistoryRecorder.Invocation cas = recorder.invoke(process, OpFunction.CAS, Edn.vector(expected, fresh));
            boolean swapped = register.compareAndSet(expected, fresh);
            if (lost) {
              cas.info();
            } else if (swapped) {
              cas.ok();
            } else {
              cas.fail();
            }
          }
          if (lost) {
            process += threads;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    History h = recorder.history();
    assertThat(h.calls()).hasSize(threads * perThread);
    CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
    assertThat(result).as(result.report()).isInstanceOf(CheckResult.Linearizable.class);
    // Saved and read back, the history is the same and checks the same.
    History reread = HistoryReader.parse(HistoryWriter.toEdn(h));
    assertThat(reread).isEqualTo(h);
    assertThat(LinearizabilityChecker.checkCasRegister(reread).isLinearizable()).isTrue();
  }

  @Test
  void aSearchOverItsLimitIsUnknownNotWrong() {
    History h = RegisterSimulation.run(3, new RegisterSimulation.Options(5, 200, 1, 0.1, 0.05));
    CheckResult<Edn> result = new LinearizabilityChecker<>(CasRegister.empty(), 10).check(h);
    assertThat(result).isInstanceOf(CheckResult.Unknown.class);
    CheckResult.Unknown<Edn> unknown = (CheckResult.Unknown<Edn>) result;
    assertThat(unknown.undecided()).containsExactly(Optional.empty());
    assertThat(unknown.limit()).isEqualTo(10);
    assertThat(result.isLinearizable()).isFalse();
    assertThat(result.report()).startsWith("unknown\nThe search gave up after 10 configurations on the history");
  }
}
