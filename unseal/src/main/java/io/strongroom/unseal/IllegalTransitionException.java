package io.strongroom.unseal;

/**
 * A call asked for a move the {@link SealState} table does not allow (for example sealing a sealed
 * node, or unsealing after close). Never a silent no-op: the caller learns both states.
 */
public final class IllegalTransitionException extends SealException {
  private final SealState from;
  private final SealState to;

  IllegalTransitionException(SealState from, SealState to) {
    super("illegal transition " + from + " -> " + to + reason(from, to));
    this.from = from;
    this.to = to;
  }

  public SealState from() {
    return from;
  }

  public SealState to() {
    return to;
  }

  private static String reason(SealState from, SealState to) {
    if (from == SealState.CLOSED) {
      return ": node is closed";
    }
    if (from == to) {
      return ": node is already " + from.name().toLowerCase(java.util.Locale.ROOT);
    }
    if (from == SealState.UNINITIALIZED) {
      return ": node is not initialized";
    }
    return "";
  }
}
