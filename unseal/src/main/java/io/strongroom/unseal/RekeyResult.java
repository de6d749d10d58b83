package io.strongroom.unseal;

import io.strongroom.crypto.KeySetId;
import java.util.List;

/**
 * What one rekey step achieved. Results that carry new shares redact them in {@code toString}.
 */
public sealed interface RekeyResult {

  /** Which shares the ceremony is collecting. */
  enum Phase {
    /** Current shares, authorizing the rekey. */
    AUTHORIZE,
    /** New shares handed back, proving their holders received them. */
    VERIFY
  }

  /**
   * More shares are needed.
   *
   * @param nonce names this ceremony (authorize phase) or the verification (verify phase)
   * @param phase which shares are being collected
   * @param threshold shares needed in this phase
   * @param shares share count of the key set being collected from
   * @param progress valid shares so far in this phase
   * @param newShares the share count of the key set being made
   * @param newThreshold the threshold of the key set being made
   * @param verificationRequired whether the new shares take effect only after verification
   */
  record Progress(String nonce, Phase phase, int threshold, int shares, int progress, int newShares,
      int newThreshold, boolean verificationRequired) implements RekeyResult {}

  /**
   * The new shares, not yet in effect: k of them must be submitted back with
   * {@link SealLifecycle#rekeyVerify}; until then, and after a cancel, the old shares stay valid.
   *
   * @param verificationNonce the nonce the verification steps must name
   * @param pendingKeySet the id of the key set the new shares belong to
   * @param shares the new shares (texts or envelopes, as at init)
   */
  record PendingVerification(String verificationNonce, KeySetId pendingKeySet, List<String> shares)
      implements RekeyResult {
    public PendingVerification {
      shares = List.copyOf(shares);
    }

    @Override
    public String toString() {
      return "PendingVerification[verificationNonce=" + verificationNonce + ", pendingKeySet=" + pendingKeySet
          + ", shares=" + shares.size() + " (redacted)]";
    }
  }

  /**
   * The rekey took effect: the old shares are refused from now on.
   *
   * @param keySet the new key set
   * @param shares the new shares when they were issued by this step (no verification), else empty
   */
  record Rekeyed(KeySetId keySet, List<String> shares) implements RekeyResult {
    public Rekeyed {
      shares = List.copyOf(shares);
    }

    @Override
    public String toString() {
      return "Rekeyed[keySet=" + keySet + ", shares=" + shares.size() + " (redacted)]";
    }
  }
}
