package io.strongroom.access.token;

import java.util.Objects;

/** The outcome of {@link TokenRules#consumeUse}. */
public sealed interface UseResult {

  /**
   * The request may be served. Store {@code record} if it differs from the one read (its use count
   * moved); if {@code lastUse}, revoke the token once the request has been served.
   *
   * @param record the record after this use
   * @param lastUse whether this use was the token's last
   */
  record Allowed(TokenRecord record, boolean lastUse) implements UseResult {
    public Allowed {
      Objects.requireNonNull(record, "record");
    }
  }

  /**
   * The token may not serve this request.
   *
   * @param validity why (never VALID)
   */
  record Denied(Validity validity) implements UseResult {
    public Denied {
      Objects.requireNonNull(validity, "validity");
      if (validity == Validity.VALID) {
        throw new IllegalArgumentException("a denial needs a reason");
      }
    }
  }
}
