package io.strongroom.chaos.workload;

import io.strongroom.chaos.history.Edn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A grow-only set: client threads add unique elements, each as its own secret
 * {@code PREFIX/set/E}; after the faults heal, one linearizable list of {@code PREFIX/set/} is the
 * final read. Every acknowledged add must be in it ({@link SetChecker}); an add that ended
 * {@code :info} may or may not be.
 *
 * <p>Recorded in the run's history as {@code :f :add} (value E) and {@code :f :read-set} (value
 * the sorted elements), events the register checker skips.
 */
public final class SetWorkload {
  /** Set processes are numbered from here. */
  public static final long FIRST_PROCESS = 500_000;

  private final RunLog log;
  private final Clients clients;
  private final AuditExpectations audit;
  private final String prefix;
  private final int threads;
  private final AtomicLong next = new AtomicLong();
  private final List<Thread> running = new ArrayList<>();
  private volatile boolean stop;

  public SetWorkload(RunLog log, Clients clients, AuditExpectations audit, String prefix, int threads) {
    this.log = log;
    this.clients = clients;
    this.audit = audit;
    this.prefix = prefix;
    this.threads = threads;
  }

  public String path(long element) {
    return prefix + "/set/" + element;
  }

  public void start() {
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th = new Thread(() -> loop(thread), "set-" + t);
      th.setDaemon(true);
      running.add(th);
      th.start();
    }
  }

  public void stop() throws InterruptedException {
    stop = true;
    for (Thread t : running) {
      t.join();
    }
  }

  private void loop(int thread) {
    long process = FIRST_PROCESS + thread;
    while (!stop) {
      long e = next.incrementAndGet();
      String path = path(e);
      log.client(process, "invoke", "add", Edn.of(e), Optional.empty());
      try {
        clients.leader().kv().put(path, Map.of("v", Long.toString(e)));
        log.client(process, "ok", "add", Edn.of(e), Optional.empty());
        audit.ackedWrite(path);
      } catch (RuntimeException ex) {
        if (Outcomes.definiteWriteFailure(ex)) {
          log.client(process, "fail", "add", Edn.of(e), Optional.of(Outcomes.name(ex)));
        } else {
          log.client(process, "info", "add", Edn.of(e), Optional.of(Outcomes.name(ex)));
          audit.indeterminateWrite(path);
          process += threads;
        }
      }
      RegisterWorkload.sleep(20);
    }
  }

  /**
   * The final read: lists the set through the leader-following client, retried up to
   * {@code attempts} times; records it and returns the elements, or empty if no attempt succeeded.
   */
  public Optional<TreeSet<Long>> finalRead(int attempts) {
    long process = FIRST_PROCESS + 100_000;
    for (int a = 0; a < attempts; a++, process++) {
      log.client(process, "invoke", "read-set", Edn.NIL, Optional.empty());
      try {
        List<String> keys = clients.leader().kv().list(prefix + "/set/");
        TreeSet<Long> elements = new TreeSet<>();
        for (String k : keys) {
          elements.add(Long.parseLong(k));
        }
        List<Edn> items = new ArrayList<>();
        elements.forEach(x -> items.add(Edn.of(x)));
        log.client(process, "ok", "read-set", new Edn.Vec(items), Optional.empty());
        return Optional.of(elements);
      } catch (RuntimeException ex) {
        log.client(process, "info", "read-set", Edn.NIL, Optional.of(Outcomes.name(ex)));
        RegisterWorkload.sleep(500);
      }
    }
    return Optional.empty();
  }
}
