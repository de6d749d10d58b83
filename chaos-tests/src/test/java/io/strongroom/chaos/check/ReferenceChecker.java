package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A deliberately simple linearizability checker for a single compare-and-set register, to test
 * {@link LinearizabilityChecker} against: it tries every order of every subset of the calls, with
 * its own register semantics and no memoization, pruning or entry list. Exponential; for histories
 * of up to about 8 calls.
 */
final class ReferenceChecker {
  private final List<Call> calls = new ArrayList<>();
  private final Set<Edn> finalStates = new LinkedHashSet<>();

  private ReferenceChecker(History history) {
    for (Call c : history.calls()) {
      if (c.outcome() != OpType.FAIL) {
        calls.add(c);
      }
    }
  }

  static boolean isLinearizable(History history, Edn initial) {
    return !finalStates(history, initial).isEmpty();
  }

  /**
   * The register's value after each linearization of {@code history} (every determinate call
   * placed, any subset of the indeterminate ones); empty if there is none.
   */
  static Set<Edn> finalStates(History history, Edn initial) {
    ReferenceChecker r = new ReferenceChecker(history);
    r.search(new boolean[r.calls.size()], initial);
    return r.finalStates;
  }

  private void search(boolean[] placed, Edn state) {
    boolean allDeterminatePlaced = true;
    for (int i = 0; i < calls.size(); i++) {
      allDeterminatePlaced &= placed[i] || calls.get(i).isIndeterminate();
    }
    if (allDeterminatePlaced) {
      finalStates.add(state);
    }
    for (int i = 0; i < calls.size(); i++) {
      if (placed[i] || !mayGoNext(i, placed)) {
        continue;
      }
      Edn next = apply(calls.get(i), state);
      if (next != null) {
        placed[i] = true;
        search(placed, next);
        placed[i] = false;
      }
    }
  }

  /** Real time: every call that completed before {@code i} was invoked must already be placed. */
  private boolean mayGoNext(int i, boolean[] placed) {
    for (int j = 0; j < calls.size(); j++) {
      Call other = calls.get(j);
      if (!placed[j] && !other.isIndeterminate() && other.completedAt() < calls.get(i).invokedAt()) {
        return false;
      }
    }
    return true;
  }

  /** The register after {@code call}, or null if it cannot happen in {@code state}. */
  private static Edn apply(Call call, Edn state) {
    Edn value = call.value();
    switch (call.f()) {
      case READ:
        return call.outcome() != OpType.OK || value.equals(state) ? state : null;
      case WRITE:
        return value;
      case CAS:
        List<Edn> args = value.asSequence().orElseThrow();
        return args.get(0).equals(state) ? args.get(1) : null;
      default:
        throw new IllegalStateException();
    }
  }
}
