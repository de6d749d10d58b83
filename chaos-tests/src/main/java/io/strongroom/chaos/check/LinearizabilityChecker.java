package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: whether every
 * operation can be given one instant between its invocation and its completion such that, taken
 * in that order, the operations are a legal run of the model.
 *
 * <p>Semantics, as in Jepsen and Knossos:
 * <ul>
 *   <li>each {@code :key} is an independent register (linearizability is compositional), checked on
 *       its own; events without a key form one register;</li>
 *   <li>{@code :fail} operations did not happen and are dropped;</li>
 *   <li>{@code :info} operations, and invocations the history never completes, may have happened
 *       at any instant after their invocation, or not at all: their completion is at +infinity;</li>
 *   <li>order is the order of events in the history; timestamps are not consulted.</li>
 * </ul>
 *
 * <p>The search is Wing &amp; Gong's with memoization of (linearized calls, model state). It is
 * exponential in the worst case (many concurrent indeterminate calls); {@code maxConfigurations}
 * bounds the memo per register, and a register that exceeds it is reported {@link CheckResult.Unknown}
 * rather than exhausting memory. Memory is roughly 100 bytes plus one bit per call, per
 * configuration.
 *
 * <p>Immutable and thread-safe; each {@link #check} is independent.
 *
 * @param <S> the model's state type
 */
public final class LinearizabilityChecker<S> {
  /** The default bound on memoized configurations per register: about 1-2 GB of heap at most. */
  public static final long DEFAULT_MAX_CONFIGURATIONS = 10_000_000;

  private final Model<S> model;
  private final long maxConfigurations;

  /** A checker with {@link #DEFAULT_MAX_CONFIGURATIONS}. */
  public LinearizabilityChecker(Model<S> model) {
    this(model, DEFAULT_MAX_CONFIGURATIONS);
  }

  public LinearizabilityChecker(Model<S> model, long maxConfigurations) {
    this.model = Objects.requireNonNull(model, "model");
    if (maxConfigurations < 1) {
      throw new IllegalArgumentException("maxConfigurations must be >= 1, was " + maxConfigurations);
    }
    this.maxConfigurations = maxConfigurations;
  }

  /** Checks a history of compare-and-set registers that start empty ({@code nil}). */
  public static CheckResult<Edn> checkCasRegister(History history) {
    return new LinearizabilityChecker<>(CasRegister.empty()).check(history);
  }

  public Model<S> model() {
    return model;
  }

  /** Checks {@code history}, every key to the end (so every failing key gets a counterexample). */
  public CheckResult<S> check(History history) {
    Objects.requireNonNull(history, "history");
    List<Counterexample<S>> counterexamples = new ArrayList<>();
    List<Optional<Edn>> undecided = new ArrayList<>();
    long configurations = 0;
    Map<Optional<Edn>, History> byKey = history.byKey();
    for (Map.Entry<Optional<Edn>, History> e : byKey.entrySet()) {
      List<Call> calls = new ArrayList<>();
      for (Call c : e.getValue().calls()) {
        if (c.outcome() != OpType.FAIL) {
          calls.add(c);
        }
      }
      calls = model.prune(calls);
      WglSearch<S> search = new WglSearch<>(calls, model, maxConfigurations);
      WglSearch.Verdict verdict = search.run();
      configurations += search.configurations();
      switch (verdict) {
        case LINEARIZABLE:
          break;
        case GAVE_UP:
          undecided.add(e.getKey());
          break;
        case NOT_LINEARIZABLE:
          counterexamples.add(new Counterexample<>(e.getKey(), search.failedCall(), search.failedAt(),
              search.possibleStates(), search.examples(), search.openCalls()));
          break;
        default:
          throw new IllegalStateException("unknown verdict " + verdict);
      }
    }
    int keys = byKey.size();
    if (!counterexamples.isEmpty()) {
      return new CheckResult.NotLinearizable<>(counterexamples, undecided, keys, configurations);
    }
    if (!undecided.isEmpty()) {
      return new CheckResult.Unknown<>(undecided, keys, maxConfigurations, configurations);
    }
    return new CheckResult.Linearizable<>(keys, history.calls().size(), configurations);
  }
}
