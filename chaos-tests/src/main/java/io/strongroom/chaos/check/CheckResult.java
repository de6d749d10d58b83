package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Edn;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a history: {@link Linearizable}, {@link NotLinearizable} with a counterexample for
 * every register that is not, or {@link Unknown} when the search gave up on some register before
 * finding either (and no other register was found not linearizable).
 *
 * <p>{@link #report()} is the text the command line prints: the first line is exactly
 * {@code linearizable}, {@code NOT linearizable} or {@code unknown}.
 *
 * @param <S> the model's state type
 */
public sealed interface CheckResult<S>
    permits CheckResult.Linearizable, CheckResult.NotLinearizable, CheckResult.Unknown {

  /** Whether the history is linearizable. */
  boolean isLinearizable();

  /** How many search configurations were explored, over all registers. */
  long configurations();

  /** A readable report; every line ends in a newline. */
  String report();

  /**
   * Every register's history is linearizable.
   *
   * @param keys how many registers (keys) the history has
   * @param calls how many calls (invocations) the history has, {@code :fail} ones included
   */
  record Linearizable<S>(int keys, int calls, long configurations) implements CheckResult<S> {
    @Override
    public boolean isLinearizable() {
      return true;
    }

    @Override
    public String report() {
      return "linearizable\n" + summary(keys, calls, configurations);
    }
  }

  /**
   * At least one register's history is not linearizable.
   *
   * @param counterexamples one per register that is not, in order of first appearance
   * @param undecided registers the search gave up on
   */
  record NotLinearizable<S>(
      List<Counterexample<S>> counterexamples, List<Optional<Edn>> undecided, int keys, long configurations)
      implements CheckResult<S> {
    public NotLinearizable {
      counterexamples = List.copyOf(counterexamples);
      undecided = List.copyOf(undecided);
      if (counterexamples.isEmpty()) {
        throw new IllegalArgumentException("a NotLinearizable result needs a counterexample");
      }
    }

    @Override
    public boolean isLinearizable() {
      return false;
    }

    @Override
    public String report() {
      StringBuilder sb = new StringBuilder("NOT linearizable\n");
      if (keys > 1) {
        sb.append(counterexamples.size()).append(" of ").append(keys).append(" keys are not linearizable")
            .append(undecided.isEmpty() ? "" : "; " + undecided.size() + " undecided (search limit)")
            .append(".\n");
      }
      for (Counterexample<S> c : counterexamples) {
        sb.append(c.report());
      }
      return sb.toString();
    }
  }

  /**
   * The search exceeded its limit on some registers, and every other register is linearizable.
   *
   * @param undecided the registers the search gave up on
   * @param limit the configurations allowed per register
   */
  record Unknown<S>(List<Optional<Edn>> undecided, int keys, long limit, long configurations)
      implements CheckResult<S> {
    public Unknown {
      undecided = List.copyOf(undecided);
    }

    @Override
    public boolean isLinearizable() {
      return false;
    }

    @Override
    public String report() {
      StringBuilder sb = new StringBuilder("unknown\n");
      sb.append("The search gave up after ").append(limit).append(" configurations on ");
      if (keys == 1) {
        sb.append("the history");
      } else {
        sb.append(undecided.size()).append(" of ").append(keys).append(" keys:");
        for (Optional<Edn> k : undecided) {
          sb.append(' ').append(k.map(Edn::toString).orElse("(no key)"));
        }
      }
      sb.append("; the rest is linearizable. Raise the limit (and the heap) to decide.\n");
      return sb.toString();
    }
  }

  private static String summary(int keys, int calls, long configurations) {
    return calls + (calls == 1 ? " operation" : " operations") + " on " + keys + (keys == 1 ? " key" : " keys")
        + ", " + configurations + (configurations == 1 ? " search configuration\n" : " search configurations\n");
  }
}
