package io.strongroom.client;

import java.util.Objects;

/**
 * A new root token, encrypted for whoever started the ceremony: XORed with their one-time pad
 * ({@code otp}) or sealed to their public key ({@code hpke}). Only they can decode it
 * ({@code strongroom operator generate-root --decode}). Immutable; {@link #toString()} redacts it.
 *
 * @param encodedToken the protected token
 * @param protection {@code otp} or {@code hpke}
 */
public record EncodedRootToken(String encodedToken, String protection) implements GenerateRootResult {

  /** Checks that nothing is null. */
  public EncodedRootToken {
    Objects.requireNonNull(encodedToken, "encodedToken");
    Objects.requireNonNull(protection, "protection");
  }

  @Override
  public String toString() {
    return "EncodedRootToken[redacted, protection=" + protection + "]";
  }
}
