package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a holder approves: an operation (such as {@code break-glass}) on one request, identified by
 * its id and the SHA-256 digest of its content, until an expiry.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #encode()} gives the exact bytes a holder
 * signs; verifiers on every version must produce the same bytes. Version 1, fields in this order,
 * integers big-endian:
 *
 * <pre>
 * u16 19 | "strongroom/approval"     domain tag (ASCII), keeps these signatures apart from any other
 * u8 1                                version
 * u16 len | operation                 UTF-8, 1..64 bytes of [a-z0-9._-]
 * u16 len | request id                UTF-8, 1..256 bytes
 * u16 32  | request digest            32 bytes (SHA-256 of the request)
 * i64     | expiry                    seconds since 1970-01-01T00:00:00Z
 * </pre>
 *
 * Decoding is strict (exact lengths, valid UTF-8, no trailing bytes), so every message has exactly
 * one encoding and every encoding at most one message.
 *
 * @param operation what is approved, e.g. {@code break-glass}
 * @param requestId the id of the request being approved
 * @param requestDigest SHA-256 of the request, 32 bytes
 * @param expiresAt when the approval stops being valid; truncated to whole seconds
 */
public record ApprovalMessage(String operation, String requestId, Bytes requestDigest, Instant expiresAt) {
  private static final byte[] TAG = "strongroom/approval".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final Pattern OPERATION = Pattern.compile("[a-z0-9._-]{1,64}");
  private static final int MAX_REQUEST_ID_BYTES = 256;

  /** @throws MalformedDataException if a field is out of what the encoding allows */
  public ApprovalMessage {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(requestDigest, "requestDigest");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!OPERATION.matcher(operation).matches()) {
      throw new MalformedDataException("operation must be 1..64 characters of [a-z0-9._-], was '"
          + operation.substring(0, Math.min(64, operation.length())) + "'");
    }
    int idBytes = requestId.getBytes(StandardCharsets.UTF_8).length;
    if (idBytes < 1 || idBytes > MAX_REQUEST_ID_BYTES) {
      throw new MalformedDataException("request id must be 1..256 bytes of UTF-8, was " + idBytes + " bytes");
    }
    if (requestDigest.length() != KeyMaterial.DIGEST_LENGTH) {
      throw new MalformedDataException("request digest must be 32 bytes, was " + requestDigest.length());
    }
    expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The canonical encoding described above; these are the bytes that are signed. */
  public Bytes encode() {
    return Bytes.wrap(new Canonical.Writer()
        .bytes(TAG)
        .u8(VERSION)
        .utf8(operation)
        .utf8(requestId)
        .bytes(requestDigest.toByteArray())
        .i64(expiresAt.getEpochSecond())
        .toByteArray());
  }

  /**
   * Reads the canonical encoding.
   *
   * @throws MalformedDataException if {@code encoded} is not a well-formed approval message
   */
  public static ApprovalMessage decode(Bytes encoded) {
    Canonical.Reader r = new Canonical.Reader(encoded.toByteArray(), "approval message");
    byte[] tag = r.bytes();
    if (!java.util.Arrays.equals(tag, TAG)) {
      throw new MalformedDataException("not an approval message: wrong domain tag");
    }
    r.expectVersion(VERSION);
    String operation = r.utf8("operation");
    String requestId = r.utf8("request id");
    Bytes digest = Bytes.wrap(r.bytes());
    long expiry = r.i64();
    r.end();
    Instant expiresAt;
    try {
      expiresAt = Instant.ofEpochSecond(expiry);
    } catch (java.time.DateTimeException e) {
      throw new MalformedDataException("approval message: expiry out of range: " + expiry);
    }
    return new ApprovalMessage(operation, requestId, digest, expiresAt);
  }
}
