package io.strongroom.access;

/**
 * Base of every failure this module reports for bad input: a policy document that does not parse,
 * record bytes that do not decode, a request value out of range. The subclasses are the complete
 * list, so a caller can map them to error codes by type, never by message text. Domain outcomes
 * (a token that expired, an approval that was refused) are result values, not exceptions.
 *
 * <p>Messages name the offending value (a path, a capability, a field) and never contain token or
 * key material. When one is thrown nothing has changed.
 */
public abstract sealed class AccessException extends RuntimeException
    permits PolicyException, MalformedRecordException, InvalidRequestException {

  AccessException(String message) {
    super(message);
  }
}
