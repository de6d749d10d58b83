package io.strongroom.access.breakglass;

import io.strongroom.access.token.TokenRecord;
import java.util.Objects;

/** The outcome of {@link BreakGlass#issue}. */
public sealed interface IssueResult {

  /**
   * Issue: store {@code record} under the token's hash and {@code state} under the request (in one
   * command, compare-and-set on the state read).
   *
   * @param state the state holding the issuance and the sealed token
   * @param record the token record: kind break-glass, orphan, non-renewable, TTL as requested
   */
  record Issued(BreakGlassState state, TokenRecord record) implements IssueResult {
    public Issued {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * Not issued; nothing changes.
   *
   * @param reason why
   * @param message for people
   */
  record Refused(Reason reason, String message) implements IssueResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why {@link BreakGlass#issue} refused. */
  enum Reason {
    /** Fewer than {@code threshold} holders approved. */
    NOT_APPROVED,
    /** The approval window closed before the token was issued. */
    EXPIRED,
    /** A token was already issued for this request. */
    ALREADY_ISSUED
  }
}
