package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryWriter;
import io.strongroom.chaos.history.Op;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.chaos.history.OpType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker against {@link ReferenceChecker} (every order of every subset, no cleverness) on
 * random small histories over a few colliding values, with every outcome: ok, fail, info, never
 * completed, and process ids reused after info. About half of them are not linearizable.
 */
class DifferentialTest {
  private static final Edn[] VALUES = {Edn.NIL, Edn.of(0), Edn.of(1), Edn.of(2)};

  /** The same register without pruning, so possible states can be compared with the reference's. */
  private static final Model<Edn> UNPRUNED = new Model<>() {
    @Override
    public String name() {
      return "unpruned";
    }

    @Override
    public Edn initial() {
      return Edn.NIL;
    }

    @Override
    public Optional<Edn> step(Edn state, Call call) {
      return CasRegister.empty().step(state, call);
    }
  };

  @Test
  void verdictsMatchTheReference() {
    int[] notLinearizable = {0};
    qt().withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
      History h = randomHistory(new Random(seed));
      boolean expected = ReferenceChecker.isLinearizable(h, Edn.NIL);
      CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
      assertThat(result.isLinearizable()).as("seed %d%n%s%s", seed, HistoryWriter.toEdn(h), result.report())
          .isEqualTo(expected);
      assertThat(new LinearizabilityChecker<>(UNPRUNED).check(h).isLinearizable()).isEqualTo(expected);
      notLinearizable[0] += expected ? 0 : 1;
    });
    assertThat(notLinearizable[0]).as("the generator makes both kinds").isBetween(300, 2700);
  }

  @Test
  void counterexamplesMarkTheLongestLinearizablePrefixAndItsStates() {
    qt().withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      History h = randomHistory(new Random(seed));
      CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
      if (!(result instanceof CheckResult.NotLinearizable<Edn> no)) {
        return;
      }
      Counterexample<Edn> c = no.counterexamples().get(0);
      String context = "seed " + seed + "\n" + HistoryWriter.toEdn(h) + result.report();
      int p = c.linearizablePrefix();
      Op failed = c.call().completion().orElseThrow();
      assertThat(h.ops().get(p)).as(context).isEqualTo(failed);
      // Events before the completion are linearizable; with it, they are not. (Calls that end
      // :fail are gone before the search starts, so they are gone from the prefixes too: cut
      // short, a failed call would look indeterminate.)
      List<Op> withoutFailed = withoutFailedCalls(h);
      int at = withoutFailed.indexOf(failed);
      History before = History.of(withoutFailed.subList(0, at));
      History through = History.of(withoutFailed.subList(0, at + 1));
      assertThat(ReferenceChecker.isLinearizable(before, Edn.NIL)).as(context).isTrue();
      assertThat(ReferenceChecker.isLinearizable(through, Edn.NIL)).as(context).isFalse();
      // Without pruning, the possible states are exactly the reference's final states of the prefix.
      CheckResult<Edn> unpruned = new LinearizabilityChecker<>(UNPRUNED).check(h);
      Counterexample<Edn> u = ((CheckResult.NotLinearizable<Edn>) unpruned).counterexamples().get(0);
      assertThat(u.linearizablePrefix()).as(context).isEqualTo(p);
      assertThat(new HashSet<>(u.possibleStates())).as(context)
          .isEqualTo(ReferenceChecker.finalStates(before, Edn.NIL));
      // ... and pruning only ever removes some.
      assertThat(u.possibleStates()).as(context).containsAll(c.possibleStates());
      // Every example is a legal linearization ending in its state.
      c.examples().forEach((state, steps) -> {
        Edn s = Edn.NIL;
        for (Counterexample.Step<Edn> step : steps) {
          s = CasRegister.empty().step(s, step.call()).orElseThrow();
          assertThat(step.stateAfter()).isEqualTo(s);
        }
        assertThat(s).as(context).isEqualTo(state);
      });
    });
  }

  private static List<Op> withoutFailedCalls(History h) {
    List<Op> ops = new ArrayList<>(h.ops());
    for (Call call : h.calls()) {
      if (call.outcome() == OpType.FAIL) {
        ops.remove(call.invocation());
        ops.remove(call.completion().orElseThrow());
      }
    }
    return ops;
  }

  /** Up to 7 calls on 1-3 processes over 4 values, events interleaved at random. */
  static History randomHistory(Random r) {
    int processes = 1 + r.nextInt(3);
    int calls = 1 + r.nextInt(7);
    List<Op> ops = new ArrayList<>();
    Op[] open = new Op[processes];
    boolean[] retired = new boolean[processes];
    int issued = 0;
    while (true) {
      List<Integer> movable = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        if (!retired[p] && (open[p] != null || issued < calls)) {
          movable.add(p);
        }
      }
      if (movable.isEmpty()) {
        return History.of(ops);
      }
      int p = movable.get(r.nextInt(movable.size()));
      if (open[p] == null) {
        OpFunction f = OpFunction.values()[r.nextInt(3)];
        Edn value = switch (f) {
          case READ -> Edn.NIL;
          case WRITE -> value(r);
          case CAS -> Edn.vector(value(r), value(r));
        };
        open[p] = Op.of(ops.size(), OpType.INVOKE, p, f, value);
        ops.add(open[p]);
        issued++;
        continue;
      }
      int roll = r.nextInt(20);
      if (roll < 2) {
        retired[p] = true; // never completes
        continue;
      }
      OpType type = roll < 13 ? OpType.OK : roll < 16 ? OpType.INFO : OpType.FAIL;
      Edn value = open[p].f() == OpFunction.READ && type == OpType.OK ? value(r) : open[p].value();
      ops.add(Op.of(ops.size(), type, p, open[p].f(), value));
      open[p] = null;
    }
  }

  private static Edn value(Random r) {
    return VALUES[r.nextInt(VALUES.length)];
  }
}
