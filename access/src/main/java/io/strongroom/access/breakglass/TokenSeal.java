package io.strongroom.access.breakglass;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.internal.Digests;
import io.strongroom.access.internal.Wire;
import io.strongroom.access.token.Token;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.KeySetId;
import io.strongroom.crypto.MalformedDataException;
import io.strongroom.crypto.SealedShare;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareSealer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Seals a break-glass token to the requester's X25519 key, and opens it with the requester's
 * private key ({@code break-glass claim}). All cryptography is threshold-crypto's
 * {@link ShareSealer}: HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * AES-256-GCM.
 *
 * <p>The token's 32 bytes travel as the value of a one-off {@link Share} whose key set id is bound
 * to the request: {@code keySet = SHA-256(u16 len | "strongroom/break-glass-token/v1" | request
 * digest)[0..5]}, index 1. ShareSealer authenticates the key set id and index (HPKE info and aad),
 * so a sealed token of one request does not open as the token of another, and {@link #open} checks
 * the binding before it decrypts.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The sealed form is {@link SealedShare#toBytes()}
 * (91 bytes) with the key set id and index above.
 *
 * <p>Limitation, on purpose until threshold-crypto offers a general sealer: the HPKE info names
 * {@code strongroom/sealed-share/v1}, so the domain separation from real sealed shares rests on
 * the 40-bit derived key set id (a real key set is checked against its commitments, which this
 * never matches). A {@code Sealer.seal(purpose, plaintext, recipient)} in threshold-crypto would
 * remove that caveat; this class is the only place to change.
 *
 * <p>Randomness only from the {@code SecureRandom} passed in. Stateless and thread-safe.
 */
public final class TokenSeal {
  private static final byte[] TAG = "strongroom/break-glass-token/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int INDEX = 1;

  private TokenSeal() {}

  /**
   * Seals {@code token} to {@code request}'s requester key.
   *
   * @throws InvalidRequestException {@code requester_key} if the key is not a usable X25519 key
   */
  public static SealedToken seal(Token token, BreakGlassRequest request, SecureRandom random) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(random, "random");
    Share share = new Share(keySet(request), INDEX, token.withBytes(SecretBytes::copyOf));
    try {
      return new SealedToken(ShareSealer.seal(share, request.requesterKey(), random).toBytes());
    } catch (MalformedDataException e) {
      throw new InvalidRequestException("requester_key", "requester key is not a usable X25519 public key");
    } finally {
      share.destroy();
    }
  }

  /**
   * Checks at the edge, before a request is stored, that its requester key can be sealed to, so a
   * quorum never approves a request whose token could not be delivered.
   *
   * @throws InvalidRequestException {@code requester_key} if it cannot
   */
  public static void checkRecipient(BreakGlassRequest request, SecureRandom random) {
    byte[] zero = new byte[Token.BYTES];
    Token probe = Token.ofBytes(zero);
    try {
      seal(probe, request, random);
    } finally {
      probe.destroy();
    }
  }

  /**
   * Opens {@code sealed} with the requester's private keys.
   *
   * @return the token; the caller owns it
   * @throws MalformedRecordException if {@code sealed} was not made for {@code request}
   * @throws io.strongroom.crypto.DecryptionFailedException if these are not the requester's keys
   *     or the sealed token was changed
   */
  public static Token open(SealedToken sealed, BreakGlassRequest request, HolderPrivateKeys requester) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(requester, "requester");
    SealedShare s = sealed.sealed();
    if (!s.keySet().equals(keySet(request)) || s.index() != INDEX) {
      throw new MalformedRecordException("sealed token is not for break-glass request " + request.id());
    }
    Share share = ShareSealer.open(s, requester);
    try {
      return share.value().withBytes(Token::ofBytes);
    } finally {
      share.destroy();
    }
  }

  static KeySetId keySet(BreakGlassRequest request) {
    byte[] input = new Wire.Writer().bytes(TAG).raw(request.digest().toByteArray()).toByteArray();
    return new KeySetId(Bytes.of(Arrays.copyOf(Digests.sha256(input), KeySetId.LENGTH)));
  }
}
