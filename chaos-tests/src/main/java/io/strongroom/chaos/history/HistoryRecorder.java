package io.strongroom.chaos.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Records a history as a workload runs: each client thread calls {@link #invoke} just before it
 * sends a request and completes the returned {@link Invocation} as soon as it knows the outcome.
 *
 * <pre>{@code
 * HistoryRecorder recorder = new HistoryRecorder();
 * HistoryRecorder.Invocation w = recorder.invoke(process, OpFunction.WRITE, Edn.of(3));
 * try {
 *   client.put(key, 3);
 *   w.ok();
 * } catch (TimeoutException e) {
 *   w.info(Edn.keyword("timeout"));    // may or may not have happened; use a new process id next
 * }
 * }</pre>
 *
 * <p>Thread-safe: any number of threads may record at once. Events get consecutive indices in the
 * order their calls take the recorder's lock, and timestamps read inside that lock, so index order
 * and time order agree and each event lies between the moments its method was entered and returned.
 * That is what makes the history a faithful real-time order: an operation's invocation must be
 * recorded before its request leaves and its completion after its response arrives.
 *
 * <p>Misuse fails fast with {@link IllegalStateException}: invoking on a process that has an open
 * invocation, completing an invocation twice, completing a read without the value it observed.
 * Jepsen's convention, which this class leaves to the caller, is that a process whose operation
 * ended {@code :info} never issues another: the thread continues under a new process id.
 */
public final class HistoryRecorder {
  private final LongSupplier nanoClock;
  private final long start;
  private final List<Op> ops = new ArrayList<>();
  private final Map<Long, Invocation> open = new HashMap<>();

  /** A recorder whose timestamps are {@link System#nanoTime()} since its construction. */
  public HistoryRecorder() {
    this(System::nanoTime);
  }

  /** A recorder whose timestamps are {@code nanoClock} readings minus the one taken now. */
  public HistoryRecorder(LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.start = nanoClock.getAsLong();
  }

  /**
   * Records that {@code process} invokes {@code f} with {@code value} on the single register: for a
   * read {@link Edn#NIL}, for a write the value, for a compare-and-set {@code [expected new]}.
   *
   * @throws IllegalStateException if {@code process} already has an open invocation
   * @throws IllegalArgumentException if a compare-and-set's value is not {@code [expected new]}
   */
  public Invocation invoke(long process, OpFunction f, Edn value) {
    return invoke(process, Optional.empty(), f, value);
  }

  /** As {@link #invoke(long, OpFunction, Edn)}, on the register named {@code key}. */
  public Invocation invoke(long process, Edn key, OpFunction f, Edn value) {
    return invoke(process, Optional.of(Objects.requireNonNull(key, "key")), f, value);
  }

  private synchronized Invocation invoke(long process, Optional<Edn> key, OpFunction f, Edn value) {
    Objects.requireNonNull(f, "f");
    Objects.requireNonNull(value, "value");
    Invocation previous = open.get(process);
    if (previous != null) {
      throw new IllegalStateException("process " + process + " already has an open invocation: " + previous.op);
    }
    Op op = append(OpType.INVOKE, process, f, key, value, Optional.empty());
    Invocation invocation = new Invocation(op);
    open.put(process, invocation);
    return invocation;
  }

  /** A snapshot of everything recorded so far; open invocations have no completion in it. */
  public synchronized History history() {
    return History.of(ops);
  }

  /** How many events have been recorded. */
  public synchronized int size() {
    return ops.size();
  }

  private Op append(OpType type, long process, OpFunction f, Optional<Edn> key, Edn value, Optional<Edn> error) {
    long time = nanoClock.getAsLong() - start;
    Op op = new Op(ops.size(), OptionalLong.of(time), type, process, f, key, value, error);
    ops.add(op);
    return op;
  }

  /** An invoked operation awaiting its outcome; complete it exactly once. */
  public final class Invocation {
    private final Op op;
    private boolean completed;

    private Invocation(Op op) {
      this.op = op;
    }

    /** The recorded invocation event. */
    public Op op() {
      return op;
    }

    /**
     * A write or compare-and-set took effect.
     *
     * @throws IllegalStateException for a read (use {@link #ok(Edn)}), or if already completed
     */
    public void ok() {
      if (op.f() == OpFunction.READ) {
        throw new IllegalStateException("a read completes with the value it observed: use ok(value)");
      }
      complete(OpType.OK, op.value(), Optional.empty());
    }

    /**
     * A read observed {@code value} ({@link Edn#NIL} for an empty register).
     *
     * @throws IllegalStateException for a write or compare-and-set (use {@link #ok()}), or if
     *     already completed
     */
    public void ok(Edn value) {
      Objects.requireNonNull(value, "value");
      if (op.f() != OpFunction.READ) {
        throw new IllegalStateException("only a read completes with a value; use ok() for :" + op.f().keyword());
      }
      complete(OpType.OK, value, Optional.empty());
    }

    /**
     * The operation certainly did not take effect: a compare-and-set whose expected value did not
     * match, a request the cluster rejected before acting on it.
     */
    public void fail() {
      complete(OpType.FAIL, op.value(), Optional.empty());
    }

    /** As {@link #fail()}, with the client's reason. */
    public void fail(Edn error) {
      complete(OpType.FAIL, op.value(), Optional.of(Objects.requireNonNull(error, "error")));
    }

    /** The outcome is unknown (a timeout, a lost connection): it may take effect later, or never. */
    public void info() {
      complete(OpType.INFO, op.value(), Optional.empty());
    }

    /** As {@link #info()}, with the client's reason. */
    public void info(Edn error) {
      complete(OpType.INFO, op.value(), Optional.of(Objects.requireNonNull(error, "error")));
    }

    private void complete(OpType type, Edn value, Optional<Edn> error) {
      synchronized (HistoryRecorder.this) {
        if (completed) {
          throw new IllegalStateException("already completed: " + op);
        }
        completed = true;
        open.remove(op.process());
        append(type, op.process(), op.f(), op.key(), value, error);
      }
    }

    @Override
    public String toString() {
      return "Invocation" + op;
    }
  }
}
