package io.strongroom.unseal;

/** What one generate-root step achieved. */
public sealed interface GenerateRootResult {

  /**
   * More shares are needed.
   *
   * @param nonce names this attempt
   * @param threshold shares needed
   * @param shares share count of the key set
   * @param progress valid shares so far
   */
  record Progress(String nonce, int threshold, int shares, int progress) implements GenerateRootResult {}

  /**
   * A new root token was minted; it is returned only encrypted for the requester, so whoever submits
   * the last share (or sees this value) cannot read it. Decode with {@link RootTokens#decodeOtp} or
   * {@link RootTokens#openSealed}.
   *
   * @param encodedToken the protected token (base64url, no padding)
   * @param protection which protection was applied: {@code "otp"} or {@code "hpke"}
   */
  record Generated(String encodedToken, String protection) implements GenerateRootResult {}
}
