package io.strongroom.access;

import java.util.Objects;

/**
 * A request value is out of range: a break-glass TTL over one hour, an empty reason, a policy name
 * that is not a valid name, a negative TTL. {@link #field()} names the offending field so the
 * caller can point at it.
 */
public final class InvalidRequestException extends AccessException {
  private final String field;

  /**
   * @param field the request field at fault, e.g. {@code ttl}
   * @param message says what is wrong and shows the value, e.g. "ttl must be at most 1h, was 2h"
   */
  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The request field at fault. */
  public String field() {
    return field;
  }
}
