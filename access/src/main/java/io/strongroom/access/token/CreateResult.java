package io.strongroom.access.token;

import java.util.Objects;

/** The outcome of {@link TokenRules#create}: the record to store, or why not. */
public sealed interface CreateResult {

  /**
   * The token may be created: store {@code record} (and, if it has a parent, the child index key).
   *
   * @param record the new token's record
   * @param ttlCapped whether the TTL or max TTL asked for was cut down to a limit (Vault warns)
   */
  record Created(TokenRecord record, boolean ttlCapped) implements CreateResult {
    public Created {
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The caller may not create this token.
   *
   * @param reason what rule refused it
   * @param message for people; names the policies or the state involved
   */
  record Refused(Reason reason, String message) implements CreateResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why {@link TokenRules#create} refused. */
  enum Reason {
    /** The parent token is revoked, exhausted or expired. */
    PARENT_INVALID,
    /** Break-glass tokens cannot create tokens: emergency access is personal and short. */
    PARENT_IS_BREAK_GLASS,
    /** A token with a use limit cannot create tokens (as in Vault). */
    PARENT_USE_LIMITED,
    /** Policies not held by the parent, asked for without root or sudo on auth/token/create. */
    POLICIES_NOT_SUBSET,
    /** Only a root token can create a root token. */
    ROOT_REQUIRES_ROOT,
    /** An orphan needs a root parent or sudo on auth/token/create. */
    ORPHAN_REQUIRES_SUDO,
    /** The token would have no policy at all. */
    NO_POLICIES
  }
}
