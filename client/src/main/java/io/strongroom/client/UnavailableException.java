package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.List;

/**
 * No node could serve the call: the cluster has no quorum or no leader, nodes were unreachable, or
 * the retry deadline or attempt limit ran out. Code {@link ErrorCode#UNAVAILABLE}.
 *
 * <p>When the client gives up after retrying, {@link #addressesTried()} names every node it tried
 * (in order of first use) and {@link #getCause()} is the last failure. A write that ends this way
 * may or may not have been applied; it was never applied twice.
 */
public final class UnavailableException extends StrongroomException {

  private final List<String> addressesTried;
  private final int attempts;

  /** Creates the exception for a node that answered UNAVAILABLE. */
  public UnavailableException(String message) {
    this(message, List.of(), 0, null);
  }

  /**
   * Creates the exception for a call that gave up.
   *
   * @param addressesTried node addresses tried, in order of first use (copied)
   * @param attempts how many attempts were made
   * @param cause the last failure, or {@code null}
   */
  public UnavailableException(
      String message, List<String> addressesTried, int attempts, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
    this.addressesTried = List.copyOf(addressesTried);
    this.attempts = attempts;
  }

  /** Node addresses (host:port) tried before giving up, in order of first use; may be empty. */
  public List<String> addressesTried() {
    return addressesTried;
  }

  /** How many attempts were made before giving up; 0 when this reports a single node's answer. */
  public int attempts() {
    return attempts;
  }
}
