package io.strongroom.crypto;

import java.time.Instant;

/** A correctly signed approval whose expiry is not after the caller-supplied time. */
public final class ApprovalExpiredException extends ThresholdCryptoException {
  private final String holder;
  private final Instant expiresAt;

  ApprovalExpiredException(String holder, Instant expiresAt, Instant now) {
    super("approval of holder '" + holder + "' expired at " + expiresAt + ", now is " + now);
    this.holder = holder;
    this.expiresAt = expiresAt;
  }

  public String holder() {
    return holder;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
