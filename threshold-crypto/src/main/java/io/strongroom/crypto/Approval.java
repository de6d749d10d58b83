package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A holder's Ed25519 signature (RFC 8032, pure Ed25519) over the canonical encoding of an
 * {@link ApprovalMessage}. Verify it with {@link ApprovalVerifier}; break-glass counts verified
 * approvals.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1:
 * {@code "SRAP" | u8 1 | u16 len | holder (UTF-8) | u16 len | message encoding | u16 64 |
 * signature}.
 *
 * @param holder the registered name of the signing holder, 1..64 characters of
 *     {@code [A-Za-z0-9._@-]}
 * @param message what is approved
 * @param signature the 64-byte Ed25519 signature over {@code message.encode()}
 */
public record Approval(String holder, ApprovalMessage message, Bytes signature) {
  private static final byte[] MAGIC = "SRAP".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** @throws MalformedDataException if the holder name or signature length is invalid */
  public Approval {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    checkHolder(holder);
    if (signature.length() != Primitives.SIGNATURE_LENGTH) {
      throw new MalformedDataException("signature must be 64 bytes, was " + signature.length());
    }
  }

  /** Signs {@code message} as {@code holder} with the holder's private signing key. */
  public static Approval sign(String holder, ApprovalMessage message, HolderPrivateKeys keys) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(keys, "keys");
    checkHolder(holder);
    byte[] encoded = message.encode().toByteArray();
    Bytes signature = keys.signingKey().withBytes(seed -> Bytes.wrap(Primitives.ed25519Sign(seed, encoded)));
    return new Approval(holder, message, signature);
  }

  /** The binary form described above. */
  public Bytes toBytes() {
    return Bytes.wrap(new Canonical.Writer()
        .raw(MAGIC)
        .u8(VERSION)
        .utf8(holder)
        .bytes(message.encode().toByteArray())
        .bytes(signature.toByteArray())
        .toByteArray());
  }

  /**
   * Reads the binary form. Does not verify the signature.
   *
   * @throws MalformedDataException if {@code bytes} is not a well-formed approval
   */
  public static Approval fromBytes(Bytes bytes) {
    Canonical.Reader r = new Canonical.Reader(bytes.toByteArray(), "approval");
    r.expectMagic(MAGIC, "approval");
    r.expectVersion(VERSION);
    String holder = r.utf8("holder");
    ApprovalMessage message = ApprovalMessage.decode(Bytes.wrap(r.bytes()));
    Bytes signature = Bytes.wrap(r.bytes());
    r.end();
    return new Approval(holder, message, signature);
  }

  static void checkHolder(String holder) {
    Objects.requireNonNull(holder, "holder");
    if (!HOLDER.matcher(holder).matches()) {
      throw new MalformedDataException("holder name must be 1..64 characters of [A-Za-z0-9._@-], was '"
          + holder.substring(0, Math.min(64, holder.length())) + "'");
    }
  }
}
