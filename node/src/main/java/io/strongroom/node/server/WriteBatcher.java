package io.strongroom.node.server;

import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Groups the commands of concurrent client requests into shared Raft entries.
 *
 * <p>No timer and no added latency: a command that arrives when no entry is in flight leaves at
 * once. While entries are in flight, the commands that arrive wait and leave together in one entry
 * (up to {@code maxCommands}) as soon as an entry completes, or earlier, in another entry of its
 * own, once {@code minFollowOn} of them are waiting and fewer than {@code maxInFlight} entries are
 * in flight. Under load batches grow by themselves, so one replication round and one fsync serve
 * many requests; each command still gets its own result.
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
  private final List<Pending> queue = new ArrayList<>();
  private int inFlight;

  WriteBatcher(Function<LogEntry, CompletableFuture<AppliedEntry>> propose, int maxCommands, int maxInFlight, int minFollowOn) {
    if (maxCommands < 1 || maxInFlight < 1 || minFollowOn < 1) {
      throw new IllegalArgumentException("maxCommands, maxInFlight and minFollowOn must be at least 1");
    }
    this.propose = propose;
    this.maxCommands = maxCommands;
    this.maxInFlight = maxInFlight;
    this.minFollowOn = minFollowOn;
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
        int n = Math.min(maxCommands, queue.size());
        batch = new ArrayList<>(queue.subList(0, n));
        queue.subList(0, n).clear();
        inFlight++;
      }
      send(batch);
    }
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
