package io.strongroom.raft;

import java.util.List;

/**
 * What applying one log entry produced: the leader time every replica used, and one result per
 * command in order. The reply a proposer receives.
 */
public record AppliedEntry(long leaderTimeMillis, List<CommandResult> results) {
  public AppliedEntry {
    results = List.copyOf(results);
  }
}
