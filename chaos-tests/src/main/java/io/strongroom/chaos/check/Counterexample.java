package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one register's history is not linearizable, at the earliest point it shows: the events of
 * that register's history before {@code call}'s completion can be linearized, and no linearization
 * of them can also place {@code call} before it completes. (As everywhere in the checker, calls that
 * ended {@code :fail} are left out first; calls open at that point, including those that complete
 * {@code :ok} later, may or may not have taken effect by then.)
 *
 * @param key the register ({@code Optional.empty()} for a history without keys)
 * @param call the call that cannot be placed
 * @param linearizablePrefix how many events of the register's history come before {@code call}'s
 *     completion: the longest linearizable prefix
 * @param possibleStates every state the model can be in just before that completion, over all
 *     linearizations of the prefix (none of them admits {@code call}, even after other open calls)
 * @param examples for some of those states (at most {@value #MAX_EXAMPLES}), one linearization of
 *     the prefix that ends in it, oldest step first
 * @param open the other calls invoked before that completion and not completed before it that some
 *     linearization of the prefix leaves unplaced: each could still take effect before {@code call}
 * @param <S> the model's state type
 */
public record Counterexample<S>(
    Optional<Edn> key,
    Call call,
    int linearizablePrefix,
    List<S> possibleStates,
    Map<S, List<Step<S>>> examples,
    List<Call> open) {

  /** How many example linearizations a counterexample keeps. */
  public static final int MAX_EXAMPLES = 5;
  /** How many final steps of each example {@link #report()} prints. */
  static final int STEPS_SHOWN = 8;
  /** How many open calls {@link #report()} prints. */
  static final int OPEN_SHOWN = 20;

  public Counterexample {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(call, "call");
    possibleStates = List.copyOf(possibleStates);
    Map<S, List<Step<S>>> copy = new LinkedHashMap<>();
    examples.forEach((state, steps) -> copy.put(state, List.copyOf(steps)));
    examples = Collections.unmodifiableMap(copy);
    open = List.copyOf(open);
  }

  /**
   * One step of a linearization: {@code call} took effect, leaving the model in {@code stateAfter}.
   */
  public record Step<S>(Call call, S stateAfter) {
    public Step {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(stateAfter, "stateAfter");
    }
  }

  /** A readable explanation, several lines, each ending in a newline. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    key.ifPresent(k -> sb.append("key ").append(k).append(":\n"));
    String indent = key.isPresent() ? "  " : "";
    sb.append(indent).append("This operation cannot be linearized:\n");
    sb.append(indent).append("  ").append(call.invocation()).append('\n');
    call.completion().ifPresent(c -> sb.append(indent).append("  ").append(c).append('\n'));
    sb.append(indent).append("The ").append(linearizablePrefix).append(linearizablePrefix == 1 ? " event" : " events")
        .append(key.isPresent() ? " on this key" : "")
        .append(" before its completion are linearizable; no linearization of them admits it.\n");
    sb.append(indent).append("Possible states just before its completion: ");
    for (int i = 0; i < possibleStates.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(possibleStates.get(i));
    }
    sb.append('\n');
    if (!open.isEmpty()) {
      sb.append(indent).append("Open at that point (each may take effect before it):\n");
      for (Call c : open.subList(0, Math.min(open.size(), OPEN_SHOWN))) {
        sb.append(indent).append("  ").append(c).append('\n');
      }
      if (open.size() > OPEN_SHOWN) {
        sb.append(indent).append("  ... and ").append(open.size() - OPEN_SHOWN).append(" more\n");
      }
    }
    if (!examples.isEmpty()) {
      sb.append(indent).append("A linearization reaching ").append(examples.size() == 1 ? "that state" : "each state")
          .append(examples.size() < possibleStates.size() ? " (of the first " + examples.size() + ")" : "")
          .append(", last steps:\n");
      examples.forEach((state, steps) -> {
        sb.append(indent).append("  to ").append(state).append(":\n");
        List<Step<S>> shown = steps.subList(Math.max(0, steps.size() - STEPS_SHOWN), steps.size());
        if (steps.size() > shown.size()) {
          sb.append(indent).append("    ... ").append(steps.size() - shown.size()).append(" earlier steps\n");
        }
        if (steps.isEmpty()) {
          sb.append(indent).append("    (no call takes effect: the initial state)\n");
        }
        List<String> calls = new ArrayList<>();
        int width = 0;
        for (Step<S> s : shown) {
          String text = s.call().toString();
          calls.add(text);
          width = Math.max(width, text.length());
        }
        for (int i = 0; i < shown.size(); i++) {
          sb.append(indent).append("    ").append(calls.get(i))
              .append(" ".repeat(width - calls.get(i).length())).append("  => ")
              .append(shown.get(i).stateAfter()).append('\n');
        }
      });
    }
    return sb.toString();
  }
}
