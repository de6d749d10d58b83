package io.strongroom.raft.ratis;

/**
 * The replicated state is not open on this node: it is starting, closing, or swapping its state for
 * a snapshot installed from the leader. Brief; the request may be retried here or on another node.
 */
public final class StateUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  StateUnavailableException() {
    super("state machine is not open");
  }
}
