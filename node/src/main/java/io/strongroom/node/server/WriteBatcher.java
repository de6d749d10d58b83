package io.strongroom.node.server;

import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Groups the commands of concurrent client requests into shared Raft entries.
 *
 * <p>A command that arrives when no entry is in flight leaves at once. While entries are in flight,
 * the commands that arrive wait and leave together in one entry (up to {@code maxCommands}) as soon
 * as an entry completes, or earlier, in another entry of its own, once {@code minFollowOn} of them
 * are waiting and fewer than {@code maxInFlight} entries are in flight. Under load batches grow by
 * themselves, so one replication round and one fsync serve many requests; each command still gets
 * its own result.
 *
 * <p>The linger, for few clients: when the last entry in flight completes and its commands plus
 * those waiting number at most {@code minFollowOn}, no second entry could have carried them
 * anyway, and the clients it answered are likely to send their next requests soon. So the waiting
 * commands wait for that many to be queued, at most {@code lingerNanos}, and they all leave in one
 * entry. Without it 16 clients settle into two half-full entries in turn, each costing a whole
 * entry's CPU (BENCHMARKS.md, item 25). A lone client loses nothing: one command is all it waits
 * for, and it leaves at once. With more outstanding than that, or after a failed entry, nothing
 * lingers; and after a linger that its timer ended (clients that think between requests), the
 * next {@value #BACK_OFF_ENTRIES} entries do not linger.
 *
 * <p>Why a follow-on entry needs {@code minFollowOn} commands: an entry costs the cluster about as
 * much CPU as a handful of requests whatever it carries (1-2 ms over three nodes on this project's
 * 2-core machines, against 0.2-0.4 ms per request), so a second entry with few commands buys
 * little latency and costs throughput; with many waiting it keeps the pipeline full.
 *
 * <p>Thread-safe.
 */
final class WriteBatcher {
  private record Pending(Command command, CompletableFuture<Result> reply) {}

  /** A command's result and the leader time of the entry it rode in. */
  record Result(CommandResult result, long leaderTimeMillis) {}

  private final Function<LogEntry, CompletableFuture<AppliedEntry>> propose;
  private final int maxCommands;
  private final int maxInFlight;
  private final int minFollowOn;
  private final long lingerNanos;
  private final ScheduledExecutorService timer;
  private final List<Pending> queue = new ArrayList<>();
  private int inFlight;
  /** How many commands the next entry waits for while none is in flight; 0 when it waits for none. */
  private int expected;
  /** The timer that ends the current linger, if one runs. */
  private ScheduledFuture<?> lingerEnds;
  /** Counts lingers, so that a timer that fires late cannot end a later one. */
  private long lingers;
  /** Entries still to complete without a linger after one ended by its timer. */
  private int noLingerFor;
  /**
   * How many entries complete without a linger after one ended by its timer: clients that do not
   * come back at once (they think between requests) then cost at most one linger in this many
   * entries.
   */
  static final int BACK_OFF_ENTRIES = 32;

  /** A batcher without a linger. */
  WriteBatcher(Function<LogEntry, CompletableFuture<AppliedEntry>> propose, int maxCommands, int maxInFlight, int minFollowOn) {
    this(propose, maxCommands, maxInFlight, minFollowOn, 0, null);
  }

  /**
   * @param lingerNanos how long waiting commands may wait for the ones an entry answered; 0 for no
   *     linger
   * @param timer ends lingers; used only when {@code lingerNanos} is positive
   */
  WriteBatcher(
      Function<LogEntry, CompletableFuture<AppliedEntry>> propose, int maxCommands, int maxInFlight, int minFollowOn, long lingerNanos,
      ScheduledExecutorService timer) {
    if (maxCommands < 1 || maxInFlight < 1 || minFollowOn < 1) {
      throw new IllegalArgumentException("maxCommands, maxInFlight and minFollowOn must be at least 1");
    }
    if (lingerNanos < 0 || lingerNanos > 0 && timer == null) {
      throw new IllegalArgumentException("a linger needs a timer, and cannot be negative");
    }
    this.propose = propose;
    this.maxCommands = maxCommands;
    this.maxInFlight = maxInFlight;
    this.minFollowOn = minFollowOn;
    this.lingerNanos = lingerNanos;
    this.timer = timer;
  }

  CompletableFuture<Result> submit(Command command) {
    CompletableFuture<Result> reply = new CompletableFuture<>();
    synchronized (this) {
      queue.add(new Pending(command, reply));
    }
    drain();
    return reply;
  }

  private void drain() {
    while (true) {
      List<Pending> batch;
      synchronized (this) {
        if (queue.isEmpty() || inFlight >= maxInFlight || (inFlight > 0 && queue.size() < minFollowOn)) {
          return;
        }
        if (inFlight == 0 && queue.size() < expected && linger()) {
          return;
        }
        expected = 0;
        if (lingerEnds != null) {
          lingerEnds.cancel(false);
          lingerEnds = null;
        }
        int n = Math.min(maxCommands, queue.size());
        batch = new ArrayList<>(queue.subList(0, n));
        queue.subList(0, n).clear();
        inFlight++;
      }
      send(batch);
    }
  }

  /** Starts the linger's timer unless it runs; false if the timer refuses (it is shut down). */
  private boolean linger() {
    if (lingerEnds != null) {
      return true;
    }
    long which = ++lingers;
    try {
      lingerEnds = timer.schedule(() -> lingerEnded(which), lingerNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException e) {
      return false; // shutting down: nothing waits for a timer that will not run
    }
  }

  private void lingerEnded(long which) {
    synchronized (this) {
      if (which != lingers || lingerEnds == null) {
        return; // that linger ended already, by the commands it waited for
      }
      expected = 0;
      lingerEnds = null;
      noLingerFor = BACK_OFF_ENTRIES; // they did not come back in time: stop waiting for a while
    }
    drain();
  }

  private void send(List<Pending> batch) {
    CompletableFuture<AppliedEntry> applied;
    try {
      applied = propose.apply(new LogEntry(0, batch.stream().map(Pending::command).toList()));
    } catch (RuntimeException e) {
      applied = CompletableFuture.failedFuture(e);
    }
    applied.whenComplete(
        (entry, error) -> {
          synchronized (this) {
            inFlight--;
            int outstanding = queue.size() + batch.size();
            if (noLingerFor > 0) {
              noLingerFor--;
            } else if (lingerNanos > 0 && inFlight == 0 && error == null && outstanding <= minFollowOn) {
              expected = outstanding; // the answered clients' next requests, and those already waiting
            }
          }
          for (int i = 0; i < batch.size(); i++) {
            if (error != null) {
              batch.get(i).reply().completeExceptionally(error);
            } else {
              batch.get(i).reply().complete(new Result(entry.results().get(i), entry.leaderTimeMillis()));
            }
          }
          drain();
        });
  }
}
