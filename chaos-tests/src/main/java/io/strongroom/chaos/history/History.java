package io.strongroom.chaos.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable history: events in the real-time order they happened, each invocation paired with
 * the completion that follows it on the same process.
 *
 * <p>Pairing rules, as in Jepsen: a completion ({@code :ok}, {@code :fail}, {@code :info}) closes the
 * open invocation of its process, which must exist and have the same {@code :f} and {@code :key}. A
 * process normally issues nothing after {@code :info}; if it does, the new invocation simply starts
 * a new call. If a process invokes again while its previous invocation is still open (a history
 * that lost a completion), the earlier call is treated as never completed (indeterminate) and the
 * next completion closes the later one. Invocations open at the end are never completed.
 *
 * <p>Order is list order: timestamps are not consulted. Thread-safe (immutable).
 */
public final class History {
  private static final History EMPTY = new History(List.of(), List.of());

  private final List<Op> ops;
  private final List<Call> calls;

  private History(List<Op> ops, List<Call> calls) {
    this.ops = ops;
    this.calls = calls;
  }

  /** Reports a pairing error at a position in the op list; returns the exception to throw. */
  @FunctionalInterface
  interface PairingErrors {
    RuntimeException at(int position, String detail);
  }

  /**
   * A history of {@code ops} in order.
   *
   * @throws IllegalArgumentException if a completion has no open invocation on its process, or
   *     names another {@code :f} or {@code :key} than that invocation
   */
  public static History of(List<Op> ops) {
    return of(ops, (position, detail) -> new IllegalArgumentException("op " + position + ": " + detail));
  }

  static History of(List<Op> ops, PairingErrors errors) {
    List<Op> copy = List.copyOf(ops);
    if (copy.isEmpty()) {
      return EMPTY;
    }
    Map<Long, Integer> open = new HashMap<>();
    Call[] byInvocation = new Call[copy.size()];
    for (int i = 0; i < copy.size(); i++) {
      Op op = copy.get(i);
      if (op.type() == OpType.INVOKE) {
        Integer previous = open.put(op.process(), i);
        if (previous != null) {
          byInvocation[previous] = new Call(copy.get(previous), previous, Optional.empty(), Call.NEVER);
        }
        continue;
      }
      Integer at = open.remove(op.process());
      if (at == null) {
        throw errors.at(i, "process " + op.process() + " completes :" + op.f().keyword() + " with :"
            + op.type().keyword() + " but has no open invocation");
      }
      Op invocation = copy.get(at);
      if (invocation.f() != op.f() || !invocation.key().equals(op.key())) {
        throw errors.at(i, "process " + op.process() + " completes " + describe(op) + " but invoked "
            + describe(invocation) + " at index " + invocation.index());
      }
      byInvocation[at] = new Call(invocation, at, Optional.of(op), i);
    }
    for (int at : open.values()) {
      byInvocation[at] = new Call(copy.get(at), at, Optional.empty(), Call.NEVER);
    }
    List<Call> calls = new ArrayList<>();
    for (Call c : byInvocation) {
      if (c != null) {
        calls.add(c);
      }
    }
    return new History(copy, Collections.unmodifiableList(calls));
  }

  private static String describe(Op op) {
    return ":" + op.f().keyword() + op.key().map(k -> " on key " + k).orElse("");
  }

  public static History empty() {
    return EMPTY;
  }

  /** Every event, in order; unmodifiable. */
  public List<Op> ops() {
    return ops;
  }

  /** One call per invocation, in invocation order; unmodifiable. */
  public List<Call> calls() {
    return calls;
  }

  public int size() {
    return ops.size();
  }

  public boolean isEmpty() {
    return ops.isEmpty();
  }

  /**
   * The history of each register: events grouped by {@code :key} (events without a key form one
   * group under {@code Optional.empty()}), in order of each key's first event. Each group keeps the
   * original order.
   */
  public Map<Optional<Edn>, History> byKey() {
    Map<Optional<Edn>, List<Op>> groups = new LinkedHashMap<>();
    for (Op op : ops) {
      groups.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    if (groups.size() == 1) {
      return Map.of(groups.keySet().iterator().next(), this);
    }
    Map<Optional<Edn>, History> result = new LinkedHashMap<>();
    groups.forEach((key, group) -> result.put(key, of(group)));
    return Collections.unmodifiableMap(result);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof History other && ops.equals(other.ops);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ops);
  }

  /** e.g. {@code History[120 events, 60 calls]}; use {@link HistoryWriter} for the contents. */
  @Override
  public String toString() {
    return "History[" + ops.size() + " events, " + calls.size() + " calls]";
  }
}
