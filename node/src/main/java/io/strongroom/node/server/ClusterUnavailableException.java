package io.strongroom.node.server;

/** The cluster could not commit or read in time (no leader, no quorum); answered as UNAVAILABLE. */
final class ClusterUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
