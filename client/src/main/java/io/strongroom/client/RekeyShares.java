package io.strongroom.client;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a rekey that reached its threshold. Immutable; {@link #toString()} redacts the
 * shares.
 *
 * @param shares the new shares (texts, or hex envelopes with holder keys), shown this one time
 *     only; empty when this answer completes a verification
 * @param keySetId the id of the new key set
 * @param verificationPending true if the new shares are not in effect yet: hand back
 *     {@code threshold} of them with {@link Sys#rekeyVerify} naming {@link #verificationNonce()};
 *     until then the old shares stay valid
 * @param verificationNonce the nonce for the verification, when pending; else empty
 */
public record RekeyShares(List<String> shares, String keySetId, boolean verificationPending, String verificationNonce)
    implements RekeyResult {

  /** Copies the list and checks that nothing is null. */
  public RekeyShares {
    shares = List.copyOf(shares);
    Objects.requireNonNull(keySetId, "keySetId");
    Objects.requireNonNull(verificationNonce, "verificationNonce");
  }

  /** Counts only: the shares are redacted. */
  @Override
  public String toString() {
    return "RekeyShares[shares=" + shares.size() + " redacted, keySetId=" + keySetId + ", verificationPending="
        + verificationPending + ", verificationNonce=" + verificationNonce + "]";
  }
}
