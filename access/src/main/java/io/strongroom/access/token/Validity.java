package io.strongroom.access.token;

/**
 * Whether a token record may serve a request at a given time ({@link TokenRules#validity}). When
 * several reasons apply, the first in declaration order after {@code VALID} is reported.
 */
public enum Validity {
  VALID,
  /** {@link TokenRules#revoke} marked it. */
  REVOKED,
  /** It had a use limit and has served that many requests. */
  USES_EXHAUSTED,
  /** {@code now >= expiresAt}. */
  EXPIRED
}
