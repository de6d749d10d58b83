package io.strongroom.unseal;

/** {@code init} ran on a node whose store already holds a seal record. Message: "already initialized". */
public final class AlreadyInitializedException extends SealException {
  public AlreadyInitializedException() {
    super("already initialized");
  }
}
