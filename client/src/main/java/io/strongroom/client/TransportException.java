package io.strongroom.client;

/**
 * Internal: one attempt failed below the protocol (no connection, connection lost, no answer in
 * time). Always retryable: the request either never left, or it carries a request id the cluster
 * deduplicates. Never escapes the client except as the cause of an {@link UnavailableException}.
 */
final class TransportException extends Exception {

  TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
