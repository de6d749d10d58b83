package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Call;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The Wing &amp; Gong search for a linearization of one register's calls, with Lowe's memoization of
 * (set of linearized calls, model state), as in Knossos's {@code wgl} and Porcupine.
 *
 * <p>Every call contributes an entry at its invocation and, if it is determinate, one at its
 * completion, in history order, on a doubly linked list. The search walks the list: at an
 * invocation it tries to linearize that call now (the model must accept it and the resulting
 * configuration must be new), which removes the call's entries and restarts the walk from the head;
 * at a completion of a call not yet linearized it backtracks. Indeterminate calls have no completion
 * entry (their completion is at +infinity), so they may be linearized anywhere after their
 * invocation or never. The history is linearizable once every determinate call is linearized.
 *
 * <p>For the counterexample, every dead end records how far into the history it got; the furthest
 * completion reached is where the longest linearizable prefix ends, and the states seen there are
 * all the states any linearization of that prefix can leave.
 *
 * <p>One use per instance; not thread-safe.
 */
final class WglSearch<S> {
  /** How the search ended. */
  enum Verdict {
    LINEARIZABLE,
    NOT_LINEARIZABLE,
    GAVE_UP
  }

  private static final int HEAD = 0;

  private final List<Call> calls;
  private final Model<S> model;
  private final long maxConfigurations;

  // The entry list: entries 1..m, HEAD = 0, tail = m + 1.
  private final int tail;
  private final int[] next;
  private final int[] prev;
  private final int[] callOf;
  private final boolean[] isCompletion;
  private final int[] position;
  private final int[] completionEntryOf;
  private final boolean[] indeterminate;

  // Model states, interned to small integers.
  private final List<S> states = new ArrayList<>();
  private final Map<S, Integer> stateIds = new HashMap<>();

  // Memo of visited configurations; Zobrist hashing keeps the hash of the linearized set current.
  private final long[] zobrist;
  private final HashSet<Configuration> memo = new HashSet<>();
  private final long[] linearized;
  private long linearizedHash;

  // The furthest dead end: its position, call, and the states (with a path to each) seen there;
  // the calls open there (invoked before it, not completed before it), and which of them some
  // configuration there has not linearized.
  private int furthest = -1;
  private int furthestCall = -1;
  private final LinkedHashMap<Integer, List<Counterexample.Step<S>>> furthestStates = new LinkedHashMap<>();
  private int[] openThere = new int[0];
  private boolean[] unplacedThere = new boolean[0];

  WglSearch(List<Call> calls, Model<S> model, long maxConfigurations) {
    this.calls = List.copyOf(calls);
    this.model = model;
    this.maxConfigurations = maxConfigurations;
    int n = this.calls.size();
    List<int[]> entries = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      Call call = this.calls.get(c);
      entries.add(new int[] {call.invokedAt(), c, 0});
      if (!call.isIndeterminate()) {
        entries.add(new int[] {call.completedAt(), c, 1});
      }
    }
    entries.sort((a, b) -> Integer.compare(a[0], b[0]));
    int m = entries.size();
    tail = m + 1;
    next = new int[m + 2];
    prev = new int[m + 2];
    callOf = new int[m + 2];
    isCompletion = new boolean[m + 2];
    position = new int[m + 2];
    completionEntryOf = new int[n];
    indeterminate = new boolean[n];
    Arrays.fill(completionEntryOf, -1);
    for (int e = 0; e <= m + 1; e++) {
      next[e] = Math.min(e + 1, m + 1);
      prev[e] = Math.max(e - 1, 0);
    }
    for (int i = 0; i < m; i++) {
      int e = i + 1;
      int[] entry = entries.get(i);
      position[e] = entry[0];
      callOf[e] = entry[1];
      isCompletion[e] = entry[2] == 1;
      if (isCompletion[e]) {
        completionEntryOf[entry[1]] = e;
      }
    }
    for (int c = 0; c < n; c++) {
      indeterminate[c] = this.calls.get(c).isIndeterminate();
    }
    zobrist = new long[n];
    SplittableRandom random = new SplittableRandom(0x5eed_1234_abcdL);
    for (int c = 0; c < n; c++) {
      zobrist[c] = random.nextLong();
    }
    linearized = new long[(n + 63) / 64];
  }

  /** Runs the search; call once. */
  Verdict run() {
    int depth = 0;
    int[] stackEntry = new int[calls.size()];
    int[] stackState = new int[calls.size()];
    int state = intern(model.initial());
    int remaining = 0;
    for (boolean b : indeterminate) {
      remaining += b ? 0 : 1;
    }
    Configuration probe = new Configuration(linearized, 0, 0);
    int entry = next[HEAD];
    while (remaining > 0) {
      if (entry == tail) {
        throw new IllegalStateException("walked past every entry with " + remaining + " calls to place");
      }
      if (!isCompletion[entry]) {
        int c = callOf[entry];
        Optional<S> after = model.step(states.get(state), calls.get(c));
        if (after.isPresent()) {
          int newState = intern(after.get());
          long newHash = linearizedHash ^ zobrist[c];
          setBit(c);
          probe.state = newState;
          probe.hash = mix(newHash, newState);
          if (!memo.contains(probe)) {
            memo.add(new Configuration(linearized.clone(), newState, probe.hash));
            if (memo.size() > maxConfigurations) {
              return Verdict.GAVE_UP;
            }
            stackEntry[depth] = entry;
            stackState[depth] = state;
            depth++;
            state = newState;
            linearizedHash = newHash;
            if (!indeterminate[c]) {
              remaining--;
            }
            lift(entry);
            entry = next[HEAD];
            continue;
          }
          clearBit(c);
        }
        entry = next[entry];
      } else {
        recordDeadEnd(entry, state, depth, stackEntry, stackState);
        if (depth == 0) {
          return Verdict.NOT_LINEARIZABLE;
        }
        depth--;
        entry = stackEntry[depth];
        state = stackState[depth];
        int c = callOf[entry];
        clearBit(c);
        linearizedHash ^= zobrist[c];
        if (!indeterminate[c]) {
          remaining++;
        }
        unlift(entry);
        entry = next[entry];
      }
    }
    return Verdict.LINEARIZABLE;
  }

  /** Configurations memoized so far. */
  long configurations() {
    return memo.size();
  }

  /** For a history that is not linearizable: the call that cannot be placed. */
  Call failedCall() {
    return calls.get(furthestCall);
  }

  /** For a history that is not linearizable: the position of that call's completion. */
  int failedAt() {
    return furthest;
  }

  /** For a history that is not linearizable: the states possible just before {@link #failedAt()}. */
  List<S> possibleStates() {
    List<S> result = new ArrayList<>();
    furthestStates.keySet().forEach(id -> result.add(states.get(id)));
    return result;
  }

  /** For a history that is not linearizable: a linearization reaching each of the first states. */
  Map<S, List<Counterexample.Step<S>>> examples() {
    Map<S, List<Counterexample.Step<S>>> result = new LinkedHashMap<>();
    furthestStates.forEach((id, path) -> {
      if (path != null) {
        result.put(states.get(id), path);
      }
    });
    return result;
  }

  /**
   * For a history that is not linearizable: the calls, other than the failed one, that are open at
   * {@link #failedAt()} and not yet linearized in at least one configuration there, in invocation
   * order. (An open call that every configuration has already placed cannot help.)
   */
  List<Call> openCalls() {
    List<Call> open = new ArrayList<>();
    for (int i = 0; i < openThere.length; i++) {
      if (unplacedThere[i]) {
        open.add(calls.get(openThere[i]));
      }
    }
    return open;
  }

  private void recordDeadEnd(int entry, int state, int depth, int[] stackEntry, int[] stackState) {
    if (position[entry] < furthest) {
      return;
    }
    if (position[entry] > furthest) {
      furthest = position[entry];
      furthestCall = callOf[entry];
      furthestStates.clear();
      List<Integer> open = new ArrayList<>();
      for (int c = 0; c < calls.size(); c++) {
        Call call = calls.get(c);
        if (c != furthestCall && call.invokedAt() < furthest && (indeterminate[c] || call.completedAt() > furthest)) {
          open.add(c);
        }
      }
      openThere = open.stream().mapToInt(Integer::intValue).toArray();
      unplacedThere = new boolean[openThere.length];
    }
    for (int i = 0; i < openThere.length; i++) {
      int c = openThere[i];
      unplacedThere[i] |= (linearized[c >>> 6] & (1L << c)) == 0;
    }
    if (furthestStates.containsKey(state)) {
      return;
    }
    List<Counterexample.Step<S>> path = null;
    if (furthestStates.size() < Counterexample.MAX_EXAMPLES) {
      path = new ArrayList<>(depth);
      for (int i = 0; i < depth; i++) {
        int after = i + 1 < depth ? stackState[i + 1] : state;
        path.add(new Counterexample.Step<>(calls.get(callOf[stackEntry[i]]), states.get(after)));
      }
    }
    furthestStates.put(state, path);
  }

  private int intern(S state) {
    Integer id = stateIds.get(state);
    if (id == null) {
      id = states.size();
      states.add(state);
      stateIds.put(state, id);
    }
    return id;
  }

  /** Removes a call's invocation entry and its completion entry, if any, from the list. */
  private void lift(int entry) {
    remove(entry);
    int completion = completionEntryOf[callOf[entry]];
    if (completion >= 0) {
      remove(completion);
    }
  }

  /** Undoes {@link #lift}; calls must be unlifted in the reverse order of lifting. */
  private void unlift(int entry) {
    int completion = completionEntryOf[callOf[entry]];
    if (completion >= 0) {
      restore(completion);
    }
    restore(entry);
  }

  private void remove(int e) {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e];
  }

  private void restore(int e) {
    next[prev[e]] = e;
    prev[next[e]] = e;
  }

  private void setBit(int c) {
    linearized[c >>> 6] |= 1L << c;
  }

  private void clearBit(int c) {
    linearized[c >>> 6] &= ~(1L << c);
  }

  private static long mix(long linearizedHash, int state) {
    return linearizedHash ^ (state + 1) * 0x9E37_79B9_7F4A_7C15L;
  }

  /** A memo entry: the linearized set and the model state. The probe instance aliases the live set. */
  private static final class Configuration {
    final long[] linearized;
    int state;
    long hash;

    Configuration(long[] linearized, int state, long hash) {
      this.linearized = linearized;
      this.state = state;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Configuration other && hash == other.hash && state == other.state
          && Arrays.equals(linearized, other.linearized);
    }

    @Override
    public int hashCode() {
      return (int) (hash ^ (hash >>> 32));
    }
  }
}
