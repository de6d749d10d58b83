package io.strongroom.chaos.check;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryRecorder;
import io.strongroom.chaos.history.Op;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.chaos.history.OpType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic simulation of clients using real compare-and-set registers, so its histories are
 * linearizable by construction: each operation takes effect atomically at one step between its
 * invocation and its completion (or, after an {@code :info}, at a later step or never). One seed
 * drives every choice: which process moves, which operation, when it takes effect, and whether its
 * outcome is lost ({@code :info}: the process retires and its thread continues as process
 * {@code p + processes}, as in Jepsen) or it is rejected before taking effect ({@code :fail}).
 *
 * <p>Written values are unique positive integers, so a value no operation wrote ({@code -1}) can
 * never be read.
 */
final class RegisterSimulation {
  /**
   * @param processes concurrent client threads
   * @param invocations operations invoked in all
   * @param keys registers; 1 means operations carry no {@code :key}
   * @param infoRate chance that an operation's outcome is lost (before or after it takes effect)
   * @param failRate chance that an operation is rejected before it takes effect
   */
  record Options(int processes, int invocations, int keys, double infoRate, double failRate) {}

  private enum Phase { INVOKED, APPLIED }

  private static final class Pending {
    final HistoryRecorder.Invocation invocation;
    final Edn key;
    Phase phase = Phase.INVOKED;
    Edn readResult;
    boolean casSucceeded;

    Pending(HistoryRecorder.Invocation invocation, Edn key) {
      this.invocation = invocation;
      this.key = key;
    }

    Op op() {
      return invocation.op();
    }
  }

  private final Random random;
  private final Options options;
  private final HistoryRecorder recorder;
  private final Map<Edn, Edn> registers = new HashMap<>();
  private final List<Edn> written = new ArrayList<>();
  private final List<Pending> orphans = new ArrayList<>();
  private long nextValue = 1;

  private RegisterSimulation(long seed, Options options) {
    this.random = new Random(seed);
    this.options = options;
    AtomicLong clock = new AtomicLong();
    this.recorder = new HistoryRecorder(() -> clock.addAndGet(1000));
  }

  static History run(long seed, Options options) {
    return new RegisterSimulation(seed, options).run();
  }

  /**
   * The same history with one {@code :ok} read, chosen by {@code seed}, now observing {@code -1};
   * null if it has none.
   */
  static Corrupted corruptOneRead(History history, long seed) {
    List<Integer> reads = okReads(history);
    return reads.isEmpty() ? null : corrupt(history, reads.get(new Random(seed).nextInt(reads.size())));
  }

  /**
   * The same history with its last {@code :ok} read observing {@code -1}, which makes the search
   * exhaust every linearization of nearly the whole history; null if it has none.
   */
  static Corrupted corruptLastRead(History history) {
    List<Integer> reads = okReads(history);
    return reads.isEmpty() ? null : corrupt(history, reads.get(reads.size() - 1));
  }

  private static List<Integer> okReads(History history) {
    List<Integer> reads = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Op op = history.ops().get(i);
      if (op.f() == OpFunction.READ && op.type() == OpType.OK) {
        reads.add(i);
      }
    }
    return reads;
  }

  private static Corrupted corrupt(History history, int at) {
    List<Op> ops = new ArrayList<>(history.ops());
    ops.set(at, ops.get(at).withValue(Edn.of(-1)));
    return new Corrupted(History.of(ops), ops.get(at));
  }

  record Corrupted(History history, Op corruptedRead) {}

  private History run() {
    int processes = options.processes();
    long[] processOf = new long[processes];
    Pending[] slots = new Pending[processes];
    for (int t = 0; t < processes; t++) {
      processOf[t] = t;
    }
    int issued = 0;
    while (true) {
      boolean idle = true;
      for (Pending p : slots) {
        idle &= p == null;
      }
      if (idle && issued >= options.invocations()) {
        return recorder.history();
      }
      if (!orphans.isEmpty() && random.nextInt(20) == 0) {
        Pending orphan = orphans.remove(random.nextInt(orphans.size()));
        if (random.nextBoolean()) {
          apply(orphan); // a lost request takes effect late; otherwise it never does
        }
        continue;
      }
      int t = random.nextInt(processes);
      Pending p = slots[t];
      if (p == null) {
        if (issued < options.invocations()) {
          slots[t] = invoke(processOf[t]);
          issued++;
        }
      } else if (p.phase == Phase.INVOKED) {
        double roll = random.nextDouble();
        if (roll < options.failRate()) {
          p.invocation.fail(Edn.keyword("rejected"));
          slots[t] = null;
        } else if (roll < options.failRate() + options.infoRate() / 2) {
          p.invocation.info(Edn.keyword("timeout"));
          orphans.add(p);
          slots[t] = null;
          processOf[t] += processes;
        } else {
          apply(p);
        }
      } else {
        if (random.nextDouble() < options.infoRate() / 2) {
          p.invocation.info(Edn.keyword("timeout"));
          processOf[t] += processes;
        } else {
          complete(p);
        }
        slots[t] = null;
      }
    }
  }

  private Pending invoke(long process) {
    Edn key = options.keys() > 1 ? Edn.keyword("k" + random.nextInt(options.keys())) : null;
    int roll = random.nextInt(100);
    HistoryRecorder.Invocation invocation;
    if (roll < 40) {
      invocation = invoke(process, key, OpFunction.READ, Edn.NIL);
    } else if (roll < 75) {
      invocation = invoke(process, key, OpFunction.WRITE, fresh());
    } else {
      Edn expected = random.nextInt(10) < 6 ? current(key) : previouslyWritten();
      invocation = invoke(process, key, OpFunction.CAS, Edn.vector(expected, fresh()));
    }
    return new Pending(invocation, key);
  }

  private HistoryRecorder.Invocation invoke(long process, Edn key, OpFunction f, Edn value) {
    return key == null ? recorder.invoke(process, f, value) : recorder.invoke(process, key, f, value);
  }

  /** The linearization point: the operation acts on the register atomically. */
  private void apply(Pending p) {
    Edn value = p.op().value();
    switch (p.op().f()) {
      case READ -> p.readResult = current(p.key);
      case WRITE -> registers.put(p.key, value);
      case CAS -> {
        List<Edn> args = value.asSequence().orElseThrow();
        p.casSucceeded = args.get(0).equals(current(p.key));
        if (p.casSucceeded) {
          registers.put(p.key, args.get(1));
        }
      }
      default -> throw new IllegalStateException();
    }
    p.phase = Phase.APPLIED;
  }

  private void complete(Pending p) {
    switch (p.op().f()) {
      case READ -> p.invocation.ok(p.readResult);
      case WRITE -> p.invocation.ok();
      case CAS -> {
        if (p.casSucceeded) {
          p.invocation.ok();
        } else {
          p.invocation.fail(Edn.keyword("mismatch"));
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  private Edn current(Edn key) {
    return registers.getOrDefault(key, Edn.NIL);
  }

  private Edn fresh() {
    Edn v = Edn.of(nextValue++);
    written.add(v);
    return v;
  }

  private Edn previouslyWritten() {
    return written.isEmpty() ? Edn.NIL : written.get(random.nextInt(written.size()));
  }
}
