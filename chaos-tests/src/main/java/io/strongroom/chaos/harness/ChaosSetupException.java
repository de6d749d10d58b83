package io.strongroom.chaos.harness;

/**
 * The harness could not set up what a chaos run needs (a network namespace, iptables, the node
 * jar, a cluster that starts): the run did not happen, and the suite must fail saying why.
 */
public final class ChaosSetupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChaosSetupException(String message) {
    super(message);
  }

  public ChaosSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
