package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.Optional;

/**
 * The node is not the Raft leader. The client follows the hint by itself; callers see this only
 * from a view pinned to one node ({@link Sys#node(String)}) or as the cause of an
 * {@link UnavailableException} when no leader answered in time. Code {@link ErrorCode#NOT_LEADER}.
 */
public final class NotLeaderException extends StrongroomException {

  private final String leaderHint;

  /**
   * Creates the exception.
   *
   * @param leaderHint the leader's client address (host:port) if the node knows it, else empty or
   *     {@code null}
   */
  public NotLeaderException(String message, String leaderHint) {
    super(ErrorCode.NOT_LEADER, message, null);
    this.leaderHint = leaderHint == null || leaderHint.isEmpty() ? null : leaderHint;
  }

  /** The leader's client address (host:port) as the node reported it, if it knew one. */
  public Optional<String> leaderHint() {
    return Optional.ofNullable(leaderHint);
  }
}
