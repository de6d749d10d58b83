package io.strongroom.raft;

/** Bytes that are not a valid {@link LogEntry} (or stored result) of a known format version. */
public final class MalformedEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedEntryException(String message) {
    super(message);
  }
}
