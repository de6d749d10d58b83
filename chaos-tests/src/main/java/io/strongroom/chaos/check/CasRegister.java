package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.chaos.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A compare-and-set register holding one {@link Edn} value, {@code initial} at first: a read returns
 * the value, a write replaces it, {@code cas [expected new]} replaces it with {@code new} if it
 * equals {@code expected} and otherwise fails (a failed compare-and-set is recorded {@code :fail}
 * and never reaches the model). Values compare with {@link Edn#equals}, so {@code nil} is an
 * ordinary value: a read of {@code nil} is legal only while the register holds {@code nil}.
 *
 * <p>{@link #prune} drops indeterminate reads (they change nothing and their result is unknown)
 * and, repeatedly, indeterminate writes and compare-and-sets whose new value no remaining call
 * observes (no {@code :ok} read returns it and no compare-and-set expects it). Such a write cannot
 * matter: in any linearization, the call right after it must find that value or overwrite it, and
 * nothing finds it, so deleting it leaves a linearization. This keeps the common Jepsen case of
 * many timed-out writes of unique values from multiplying the search.
 */
public record CasRegister(Edn initial) implements Model<Edn> {
  public static final String NAME = "cas-register";

  public CasRegister {
    Objects.requireNonNull(initial, "initial");
  }

  /** A register that starts empty ({@code nil}). */
  public static CasRegister empty() {
    return new CasRegister(Edn.NIL);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Edn> step(Edn state, Call call) {
    switch (call.f()) {
      case READ:
        if (call.outcome() != OpType.OK) {
          return Optional.of(state);
        }
        return call.value().equals(state) ? Optional.of(state) : Optional.empty();
      case WRITE:
        return Optional.of(call.value());
      case CAS:
        List<Edn> args = casArguments(call);
        return args.get(0).equals(state) ? Optional.of(args.get(1)) : Optional.empty();
      default:
        throw new IllegalArgumentException("a cas-register has no :" + call.f().keyword());
    }
  }

  @Override
  public List<Call> prune(List<Call> calls) {
    List<Call> kept = new ArrayList<>();
    for (Call c : calls) {
      if (!(c.f() == OpFunction.READ && c.isIndeterminate())) {
        kept.add(c);
      }
    }
    Map<Edn, Integer> observers = new HashMap<>();
    for (Call c : kept) {
      Optional<Edn> observed = observed(c);
      observed.ifPresent(v -> observers.merge(v, 1, Integer::sum));
    }
    boolean[] removed = new boolean[kept.size()];
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < kept.size(); i++) {
        Call c = kept.get(i);
        if (removed[i] || !c.isIndeterminate() || c.f() == OpFunction.READ) {
          continue;
        }
        Edn written = c.f() == OpFunction.WRITE ? c.value() : casArguments(c).get(1);
        Optional<Edn> own = observed(c);
        int others = observers.getOrDefault(written, 0) - (own.isPresent() && own.get().equals(written) ? 1 : 0);
        if (others == 0) {
          removed[i] = true;
          changed = true;
          own.ifPresent(v -> observers.merge(v, -1, Integer::sum));
        }
      }
    }
    List<Call> result = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      if (!removed[i]) {
        result.add(kept.get(i));
      }
    }
    return result;
  }

  /** The value a call needs the register to hold: an ok read's result, a compare-and-set's expected value. */
  private static Optional<Edn> observed(Call c) {
    if (c.f() == OpFunction.READ && c.outcome() == OpType.OK) {
      return Optional.of(c.value());
    }
    if (c.f() == OpFunction.CAS) {
      return Optional.of(casArguments(c).get(0));
    }
    return Optional.empty();
  }

  private static List<Edn> casArguments(Call call) {
    return call.value().asSequence()
        .filter(items -> items.size() == 2)
        .orElseThrow(() -> new IllegalArgumentException("a cas needs [expected new], was " + call.value()));
  }
}
