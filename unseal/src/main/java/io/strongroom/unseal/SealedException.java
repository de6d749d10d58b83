package io.strongroom.unseal;

/**
 * The node is not unsealed (sealed, not yet initialized, or closed), so it holds no key and refuses
 * every data operation and every ceremony that needs the keys. The message is always
 * {@code "node is sealed"}; {@link #state()} tells which state the node was in.
 */
public final class SealedException extends SealException {
  private final SealState state;

  SealedException(SealState state) {
    super("node is sealed");
    this.state = state;
  }

  /** The state the node was in when it refused the call. */
  public SealState state() {
    return state;
  }
}
