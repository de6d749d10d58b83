package io.strongroom.raft;

import java.util.List;

/**
 * The payload of one Raft entry: the leader's wall-clock time when it proposed the entry, and the
 * commands of the client requests that ride in it. Batching many requests into one entry is what
 * lets the cluster commit them with one round of replication and one fsync.
 *
 * @param leaderTimeMillis the only clock every replica uses while applying this entry
 * @param commands applied in order, each with its own result
 */
public record LogEntry(long leaderTimeMillis, List<Command> commands) {
  public LogEntry {
    commands = List.copyOf(commands);
    if (commands.isEmpty()) {
      throw new IllegalArgumentException("a log entry carries at least one command");
    }
  }
}
