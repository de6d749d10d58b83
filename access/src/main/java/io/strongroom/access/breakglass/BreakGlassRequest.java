package io.strongroom.access.breakglass;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.internal.Digests;
import io.strongroom.access.internal.Text;
import io.strongroom.access.internal.Wire;
import io.strongroom.access.policy.Policy;
import io.strongroom.crypto.ApprovalMessage;
import io.strongroom.crypto.Bytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A request for emergency access, as the holders see and approve it. Its {@link #id()} and
 * {@link #digest()} are derived from its content, so an approval of one request can never count
 * for another, and two requests with the same content differ by their nonce.
 *
 * <p>Limits: 1..{@value #MAX_POLICIES} valid policy names, never {@code root} (a root token comes
 * from the generate-root ceremony, with shares); a TTL of 1 ms to one hour; a reason of
 * 1..{@value #MAX_REASON_CHARS} characters with at least one that is not whitespace and no control
 * characters but newline and tab; a 32-byte X25519 requester key; approvals that close after the
 * request is made, within {@value #MAX_APPROVAL_WINDOW_MILLIS} ms, on a whole second (the signed
 * expiry has whole seconds).
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1, big-endian:
 * <pre>
 * "SRBG" | u8 1 | u16 16 | nonce | u16 n, n policy names (UTF-8, u16 length, strictly ascending) |
 * i64 ttlMillis | u16 len | reason (UTF-8) | u16 32 | requester X25519 key |
 * i64 createdAt | i64 approvalsExpireAt
 * digest = SHA-256(toBytes());  id = "bg-" + hex(digest[0..16])
 * </pre>
 * What holders sign is threshold-crypto's {@link ApprovalMessage}: operation
 * {@value #OPERATION}, this id, this digest, expiry {@code approvalsExpireAt}.
 *
 * @param id {@code bg-} and 32 hex digits, derived from the rest
 * @param nonce 16 random bytes from the edge
 * @param policies the policies the emergency token gets; an unmodifiable sorted copy
 * @param ttlMillis how long the token lives once issued
 * @param reason why, for the holders and the audit log
 * @param requesterKey the X25519 public key the token is sealed to
 * @param createdAt leader time the request was made, epoch ms
 * @param approvalsExpireAt leader time after which approvals (and issuing) are refused, epoch ms
 */
public record BreakGlassRequest(
    String id,
    Bytes nonce,
    SortedSet<String> policies,
    long ttlMillis,
    String reason,
    Bytes requesterKey,
    long createdAt,
    long approvalsExpireAt) {

  /** The operation named in approval messages. */
  public static final String OPERATION = "break-glass";
  public static final long MAX_TTL_MILLIS = 3_600_000;
  public static final long MAX_APPROVAL_WINDOW_MILLIS = 24 * 3_600_000;
  public static final int MAX_REASON_CHARS = 1024;
  public static final int MAX_POLICIES = 16;
  public static final int NONCE_BYTES = 16;
  static final int KEY_BYTES = 32;
  private static final byte[] MAGIC = "SRBG".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /**
   * @throws InvalidRequestException naming the field out of range
   * @throws IllegalArgumentException if {@code id} is not the one derived from the content
   */
  public BreakGlassRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requesterKey, "requesterKey");
    policies = checkContent(nonce, policies, ttlMillis, reason, requesterKey, createdAt, approvalsExpireAt);
    String derived = deriveId(encode(nonce, policies, ttlMillis, reason, requesterKey, createdAt, approvalsExpireAt));
    if (!id.equals(derived)) {
      throw new IllegalArgumentException("request id " + Text.quote(id) + " does not match its content");
    }
  }

  /**
   * Makes a request and derives its id. {@code approvalsExpireAt} is rounded down to a whole
   * second.
   *
   * @param nonce 16 random bytes, drawn at the edge
   * @throws InvalidRequestException naming the field out of range
   */
  public static BreakGlassRequest create(Bytes nonce, Collection<String> policies, long ttlMillis, String reason,
      Bytes requesterKey, long createdAt, long approvalsExpireAt) {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(requesterKey, "requesterKey");
    long expiry = Math.floorDiv(approvalsExpireAt, 1000) * 1000;
    SortedSet<String> sorted = checkContent(nonce, policies, ttlMillis, reason, requesterKey, createdAt, expiry);
    String id = deriveId(encode(nonce, sorted, ttlMillis, reason, requesterKey, createdAt, expiry));
    return new BreakGlassRequest(id, nonce, sorted, ttlMillis, reason, requesterKey, createdAt, expiry);
  }

  /** The binary form described above; deterministic. */
  public Bytes toBytes() {
    return Bytes.of(encode(nonce, policies, ttlMillis, reason, requesterKey, createdAt, approvalsExpireAt));
  }

  /**
   * Reads the binary form and derives the id.
   *
   * @throws MalformedRecordException if {@code bytes} is not a well-formed, valid request
   */
  public static BreakGlassRequest fromBytes(Bytes bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes.toByteArray(), "break-glass request");
    r.expectMagic(MAGIC);
    r.expectVersion(VERSION);
    Bytes nonce = Bytes.of(r.bytes());
    int n = r.u16();
    List<String> policies = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String p = r.utf8("policy");
      if (!policies.isEmpty() && policies.get(policies.size() - 1).compareTo(p) >= 0) {
        throw r.malformed("policies are not in strictly ascending order");
      }
      policies.add(p);
    }
    long ttl = r.i64();
    String reason = r.utf8("reason");
    Bytes key = Bytes.of(r.bytes());
    long createdAt = r.i64();
    long expiresAt = r.i64();
    r.end();
    try {
      BreakGlassRequest request = create(nonce, policies, ttl, reason, key, createdAt, expiresAt);
      if (request.approvalsExpireAt() != expiresAt) {
        throw r.malformed("approvals expiry is not on a whole second");
      }
      return request;
    } catch (InvalidRequestException e) {
      throw r.malformed(e.getMessage());
    }
  }

  /** SHA-256 of {@link #toBytes()}: what approvals bind. */
  public Bytes digest() {
    return Bytes.of(Digests.sha256(toBytes().toByteArray()));
  }

  /** The message every approving holder signs. */
  public ApprovalMessage approvalMessage() {
    return new ApprovalMessage(OPERATION, id, digest(), Instant.ofEpochMilli(approvalsExpireAt));
  }

  private static String deriveId(byte[] encoded) {
    byte[] digest = Digests.sha256(encoded);
    return "bg-" + HexFormat.of().formatHex(digest, 0, 16);
  }

  private static byte[] encode(Bytes nonce, SortedSet<String> policies, long ttlMillis, String reason,
      Bytes requesterKey, long createdAt, long approvalsExpireAt) {
    Wire.Writer w = new Wire.Writer().raw(MAGIC).u8(VERSION).bytes(nonce.toByteArray()).u16(policies.size());
    policies.forEach(w::utf8);
    return w.i64(ttlMillis)
        .utf8(reason)
        .bytes(requesterKey.toByteArray())
        .i64(createdAt)
        .i64(approvalsExpireAt)
        .toByteArray();
  }

  private static SortedSet<String> checkContent(Bytes nonce, Collection<String> policies, long ttlMillis,
      String reason, Bytes requesterKey, long createdAt, long approvalsExpireAt) {
    if (nonce.length() != NONCE_BYTES) {
      throw new InvalidRequestException("nonce", "nonce must be " + NONCE_BYTES + " bytes, was " + nonce.length());
    }
    SortedSet<String> sorted = checkPolicies(policies);
    if (ttlMillis <= 0 || ttlMillis > MAX_TTL_MILLIS) {
      throw new InvalidRequestException("ttl", "break-glass ttl must be more than 0 and at most 1h ("
          + MAX_TTL_MILLIS + " ms), was " + ttlMillis + " ms");
    }
    checkReason(reason);
    if (requesterKey.length() != KEY_BYTES) {
      throw new InvalidRequestException("requester_key",
          "requester key must be a 32-byte X25519 public key, was " + requesterKey.length() + " bytes");
    }
    if (createdAt <= 0) {
      throw new InvalidRequestException("created_at", "createdAt must be > 0, was " + createdAt);
    }
    if (approvalsExpireAt <= createdAt || approvalsExpireAt - createdAt > MAX_APPROVAL_WINDOW_MILLIS) {
      throw new InvalidRequestException("approvals_expire_at", "approvals must close after the request is made"
          + " and within 24h of it, was " + (approvalsExpireAt - createdAt) + " ms after");
    }
    if (approvalsExpireAt % 1000 != 0) {
      throw new InvalidRequestException("approvals_expire_at",
          "approvals must close on a whole second, was " + approvalsExpireAt + " ms");
    }
    return sorted;
  }

  private static SortedSet<String> checkPolicies(Collection<String> policies) {
    Objects.requireNonNull(policies, "policies");
    if (policies.isEmpty() || policies.size() > MAX_POLICIES) {
      throw new InvalidRequestException("policies",
          "a break-glass request needs 1.." + MAX_POLICIES + " policies, had " + policies.size());
    }
    for (String p : policies) {
      if (!Policy.isValidName(p)) {
        throw new InvalidRequestException("policies", "policy name must be 1.." + Policy.MAX_NAME_LENGTH
            + " characters of [a-z0-9._-], was " + (p == null ? "null" : Text.quote(p)));
      }
      if (p.equals(Policy.ROOT)) {
        throw new InvalidRequestException("policies",
            "break-glass cannot grant the root policy; generate-root is the ceremony for a root token");
      }
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(policies));
  }

  private static void checkReason(String reason) {
    if (reason.isBlank() || reason.length() > MAX_REASON_CHARS) {
      throw new InvalidRequestException("reason", "reason must be 1.." + MAX_REASON_CHARS
          + " characters and not blank, was " + reason.length() + " characters");
    }
    int bad = Text.firstBadChar(reason, true);
    if (bad >= 0) {
      throw new InvalidRequestException("reason", "reason has a control character at index " + bad);
    }
  }
}
