package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.SealedShare;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import io.strongroom.crypto.ShareSealer;
import java.util.Base64;
import java.util.Objects;

/**
 * The text form of a share sealed to its holder ({@link SealedShare}), as init and rekey hand it
 * out when holder keys are given, and as {@code operator open-share ENVELOPE --key KEYFILE} reads it.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@code "srse1-"} followed by base64url (no padding)
 * of {@link SealedShare#toBytes()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ShareEnvelopes {
  /** The prefix of every envelope this build writes and reads. */
  public static final String PREFIX = "srse1-";

  private ShareEnvelopes() {}

  /** The text form of {@code sealed}. */
  public static String encode(SealedShare sealed) {
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.toBytes().toByteArray());
  }

  /**
   * Reads an envelope.
   *
   * @throws IllegalArgumentException if the text is not an envelope
   * @throws io.strongroom.crypto.MalformedDataException if its bytes are not a sealed share
   */
  public static SealedShare decode(String envelope) {
    Objects.requireNonNull(envelope, "envelope");
    String t = envelope.strip();
    if (!t.startsWith(PREFIX)) {
      throw new IllegalArgumentException("share envelope must start with '" + PREFIX + "'");
    }
    byte[] b;
    try {
      b = Base64.getUrlDecoder().decode(t.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("share envelope is not base64url");
    }
    return SealedShare.fromBytes(Bytes.of(b));
  }

  /**
   * Opens an envelope with its holder's private keys and returns the share text to submit.
   *
   * @throws io.strongroom.crypto.DecryptionFailedException if these are not the holder's keys
   */
  public static String open(String envelope, HolderPrivateKeys holder) {
    Share share = ShareSealer.open(decode(envelope), holder);
    try {
      return ShareCodec.encode(share);
    } finally {
      share.destroy();
    }
  }
}
