package io.strongroom.access;

/**
 * Bytes that should hold one of this module's records (token record, break-glass request or state,
 * sealed token) are truncated, of an unknown version, not in canonical form, or describe a value
 * that breaks the record's invariants. Read from the replicated store this means corruption or a
 * newer writer; from a client it means a bad argument.
 */
public final class MalformedRecordException extends AccessException {
  /** @param message names the format and what is wrong, e.g. "token record is truncated: 7 bytes" */
  public MalformedRecordException(String message) {
    super(message);
  }
}
