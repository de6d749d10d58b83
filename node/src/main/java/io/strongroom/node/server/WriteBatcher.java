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
 * <p>No timer and no added latency: at most {@code maxInFlight} entries are being replicated at
 * once. A command that arrives when fewer are in flight leaves at once; commands that arrive while
 * the pipeline is full wait and then leave together in one entry (up to {@code maxCommands}) as
 * soon as an entry completes. Under load batches grow by themselves, so one replication round and
 * one fsync serve many requests; each command still gets its own result.
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
  private final List<Pending> queue = new ArrayList<>();
  private int inFlight;

  WriteBatcher(Function<LogEntry, CompletableFuture<AppliedEntry>> propose, int maxCommands, int maxInFlight) {
    this.propose = propose;
    this.maxCommands = maxCommands;
    this.maxInFlight = maxInFlight;
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
        if (queue.isEmpty() || inFlight >= maxInFlight) {
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
