package io.strongroom.access.token;

import java.util.Objects;

/** The outcome of {@link TokenRules#renew}. */
public sealed interface RenewResult {

  /**
   * The renewed record to store.
   *
   * @param record the record with its new expiry
   * @param capped whether the increment was cut down by the token's max expiry or the max TTL
   */
  record Renewed(TokenRecord record, boolean capped) implements RenewResult {
    public Renewed {
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The token cannot be renewed.
   *
   * @param reason why
   * @param validity when {@code reason == INVALID}, why the token is not valid; else VALID
   */
  record Refused(Reason reason, Validity validity) implements RenewResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(validity, "validity");
    }
  }

  /** Why {@link TokenRules#renew} refused. */
  enum Reason {
    /** The token is revoked, exhausted or expired: see the validity. */
    INVALID,
    /** It was created non-renewable, or it never expires. */
    NOT_RENEWABLE,
    /** Break-glass tokens never renew; ask the quorum again. */
    BREAK_GLASS
  }
}
