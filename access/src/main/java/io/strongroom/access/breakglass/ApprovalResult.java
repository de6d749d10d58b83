package io.strongroom.access.breakglass;

import java.util.Objects;

/** The outcome of {@link BreakGlass#approve}: the new state, or a refusal naming the holder. */
public sealed interface ApprovalResult {

  /**
   * The approval counts. Store {@code state} (compare-and-set on the state read).
   *
   * @param state the state with the approval added
   */
  record Accepted(BreakGlassState state) implements ApprovalResult {
    public Accepted {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * The approval does not count; the state is unchanged.
   *
   * @param reason why
   * @param holder the holder the approval names (as claimed: for a forgery, the impersonated one)
   * @param message for people, naming the holder and the request
   */
  record Rejected(Reason reason, String holder, String message) implements ApprovalResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(holder, "holder");
      Objects.requireNonNull(message, "message");
    }
  }

  /** Why an approval was refused. */
  enum Reason {
    /** The holder is not in the request's quorum. */
    UNKNOWN_HOLDER,
    /** The signature does not verify under the holder's registered key. */
    FORGED_SIGNATURE,
    /** Replayed: this holder's approval was already counted. */
    DUPLICATE,
    /** Replayed from elsewhere: a valid approval, but of another request (id, digest or expiry differ). */
    OTHER_REQUEST,
    /** The request's approval window (the approval's expiry) has passed. */
    EXPIRED,
    /** The holder's own request (their X25519 key is the requester key): a quorum needs others. */
    SELF_APPROVAL,
    /** The token was already issued; the request is closed. */
    ALREADY_ISSUED
  }
}
