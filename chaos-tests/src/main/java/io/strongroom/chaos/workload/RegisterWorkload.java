package io.strongroom.chaos.workload;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.HistoryRecorder;
import io.strongroom.chaos.history.OpFunction;
import io.strongroom.client.CasMismatchException;
import io.strongroom.client.Secret;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.VersionInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Linearizable registers, one per key: many client threads read, write and compare-and-set
 * through the client, and every call is recorded (invoke, then ok / fail / info) for the checker.
 *
 * <p>A register is the field {@code v} of the secret at {@code PREFIX/reg/KEY}. Values written are
 * unique per key (1, 2, 3, ...), so the checker can tell every write apart and prune the
 * indeterminate ones nobody observed.
 *
 * <p><b>Compare-and-set.</b> The store offers check-and-set on versions, not values, so
 * {@code cas [e n]} is: read the current version (a linearizable read); if its value is not
 * {@code e}, the call fails (nothing was written); else put {@code n} with {@code cas=version}.
 * If that put succeeds, no version was added between the read and the put's apply, so at the
 * put's linearization point the register still held {@code e}: a correct cas, linearized there. A
 * CAS_MISMATCH answer is a definite failure (decided at apply, answered once per request id).
 * Values never repeat, so a changed version cannot hide an ABA. A read that fails fails the cas;
 * a put with an uncertain outcome makes it {@code :info}.
 *
 * <p>Thread {@code t} reads through the client bound to node {@code t mod n} (70% of its reads)
 * or through the leader-following client; it writes through the leader-following client. After
 * an {@code :info} it continues as a new process, as Jepsen requires.
 */
public final class RegisterWorkload {
  /** Final reads are made by processes from here on. */
  public static final long FINAL_READ_PROCESS = 1_000_000;

  private final RunLog log;
  private final Clients clients;
  private final AuditExpectations audit;
  private final String prefix;
  private final List<String> keys;
  private final int threads;
  private final long seed;
  private final AtomicLong[] nextValue;
  private final List<Thread> running = new ArrayList<>();
  private volatile boolean stop;

  public RegisterWorkload(RunLog log, Clients clients, AuditExpectations audit, String prefix, int keys, int threads, long seed) {
    this.log = log;
    this.clients = clients;
    this.audit = audit;
    this.prefix = prefix;
    this.threads = threads;
    this.seed = seed;
    List<String> k = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      k.add("r" + i);
    }
    this.keys = List.copyOf(k);
    this.nextValue = new AtomicLong[keys];
    for (int i = 0; i < keys; i++) {
      nextValue[i] = new AtomicLong();
    }
  }

  public List<String> keys() {
    return keys;
  }

  public String path(String key) {
    return prefix + "/reg/" + key;
  }

  public void start() {
    List<String> nodes = clients.nodes();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      String home = nodes.get(t % nodes.size());
      Thread th = new Thread(() -> loop(thread, home), "register-" + t);
      th.setDaemon(true);
      running.add(th);
      th.start();
    }
  }

  /** Stops the threads after their current operation and waits for them. */
  public void stop() throws InterruptedException {
    stop = true;
    for (Thread t : running) {
      t.join();
    }
  }

  private void loop(int thread, String home) {
    Random rnd = new Random(seed * 31 + thread);
    long process = thread;
    Map<Integer, Long> lastSeen = new java.util.HashMap<>();
    while (!stop) {
      int k = rnd.nextInt(keys.size());
      double dice = rnd.nextDouble();
      boolean indeterminate;
      if (dice < 0.5) {
        StrongroomClient c = rnd.nextDouble() < 0.7 ? clients.boundTo(home) : clients.leader();
        indeterminate = read(c, process, k, lastSeen);
      } else if (dice < 0.75 || !lastSeen.containsKey(k)) {
        indeterminate = write(process, k, lastSeen);
      } else {
        indeterminate = cas(process, k, lastSeen.get(k), lastSeen);
      }
      if (indeterminate) {
        process += threads;
      }
      sleep(5 + rnd.nextInt(20));
    }
  }

  /** Reads key {@code k}; returns whether the outcome was indeterminate. */
  boolean read(StrongroomClient c, long process, int k, Map<Integer, Long> lastSeen) {
    String key = keys.get(k);
    HistoryRecorder.Invocation inv = log.registers().invoke(process, Edn.of(key), OpFunction.READ, Edn.NIL);
    try {
      Optional<Long> v = value(c.kv().get(path(key)));
      inv.ok(v.<Edn>map(Edn::of).orElse(Edn.NIL));
      audit.ackedRead(path(key));
      v.ifPresent(x -> lastSeen.put(k, x));
      return false;
    } catch (RuntimeException e) {
      if (Outcomes.definiteReadFailure(e)) {
        inv.fail(Edn.keyword(Outcomes.name(e)));
        return false;
      }
      inv.info(Edn.keyword(Outcomes.name(e)));
      return true;
    }
  }

  private boolean write(long process, int k, Map<Integer, Long> lastSeen) {
    String key = keys.get(k);
    long value = nextValue[k].incrementAndGet();
    HistoryRecorder.Invocation inv = log.registers().invoke(process, Edn.of(key), OpFunction.WRITE, Edn.of(value));
    try {
      clients.leader().kv().put(path(key), Map.of("v", Long.toString(value)));
      inv.ok();
      audit.ackedWrite(path(key));
      lastSeen.put(k, value);
      return false;
    } catch (RuntimeException e) {
      return failWrite(inv, e, path(key));
    }
  }

  private boolean cas(long process, int k, long expected, Map<Integer, Long> lastSeen) {
    String key = keys.get(k);
    long value = nextValue[k].incrementAndGet();
    HistoryRecorder.Invocation inv =
        log.registers().invoke(process, Edn.of(key), OpFunction.CAS, Edn.vector(Edn.of(expected), Edn.of(value)));
    Optional<Secret> current;
    try {
      current = clients.leader().kv().get(path(key));
      audit.ackedRead(path(key));
    } catch (RuntimeException e) {
      inv.fail(Edn.keyword("read-" + Outcomes.name(e))); // nothing was written
      return false;
    }
    Optional<Long> v = value(current);
    if (v.isEmpty() || v.get() != expected) {
      inv.fail(Edn.keyword("precondition"));
      v.ifPresent(x -> lastSeen.put(k, x));
      return false;
    }
    try {
      VersionInfo version = current.orElseThrow().version();
      clients.leader().kv().put(path(key), Map.of("v", Long.toString(value)), version.version());
      inv.ok();
      audit.ackedWrite(path(key));
      lastSeen.put(k, value);
      return false;
    } catch (CasMismatchException e) {
      inv.fail(Edn.keyword("cas-mismatch"));
      return false;
    } catch (RuntimeException e) {
      return failWrite(inv, e, path(key));
    }
  }

  private boolean failWrite(HistoryRecorder.Invocation inv, RuntimeException e, String path) {
    if (Outcomes.definiteWriteFailure(e)) {
      inv.fail(Edn.keyword(Outcomes.name(e)));
      return false;
    }
    inv.info(Edn.keyword(Outcomes.name(e)));
    audit.indeterminateWrite(path);
    return true;
  }

  /**
   * After the faults healed: one read of every key through the leader-following client, retried
   * until it succeeds (at most {@code attempts} times), recorded like any other read.
   */
  public void finalReads(int attempts) {
    for (int k = 0; k < keys.size(); k++) {
      long process = FINAL_READ_PROCESS + k * 1000L;
      for (int a = 0; a < attempts; a++) {
        if (!read(clients.leader(), process, k, new java.util.HashMap<>()) && lastReadOk(process)) {
          break;
        }
        process++;
        sleep(500);
      }
    }
  }

  private boolean lastReadOk(long process) {
    var ops = log.registerHistory().ops();
    for (int i = ops.size() - 1; i >= 0; i--) {
      if (ops.get(i).process() == process) {
        return ops.get(i).type() == io.strongroom.chaos.history.OpType.OK;
      }
    }
    return false;
  }

  static Optional<Long> value(Optional<Secret> s) {
    return s.map(x -> x.get("v")).map(Long::parseLong);
  }

  static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
