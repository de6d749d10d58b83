package io.strongroom.access.token;

import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.internal.Wire;
import io.strongroom.access.policy.Policy;
import io.strongroom.crypto.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What the store keeps about one token, under {@code token/<hash>}: never the token itself. Times
 * are leader time in epoch milliseconds; {@link #NEVER} means no expiry.
 *
 * <p>Invariants, checked by the constructor (an {@link IllegalArgumentException} names the one
 * broken): a well-formed accessor; 1..64 valid policy names; {@code kind == ROOT} exactly when the
 * policies hold {@code root}; {@code issuedAt > 0}; {@code issuedAt < expiresAt <= maxExpiresAt};
 * {@code ttlMillis == 0} (no expiry, {@code expiresAt == NEVER}, not renewable) only for root
 * tokens; break-glass tokens are orphans and never renewable; {@code 0 <= usesConsumed <= numUses}
 * ({@code usesConsumed == 0} when {@code numUses == 0}); {@code revokedAt >= 0}.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1, integers big-endian,
 * strings UTF-8 with a u16 byte-length prefix:
 * <pre>
 * "SRTR" | u8 1 | accessor | u8 kind code | u16 n, n policies (strictly ascending) |
 * u8 has parent, [parent accessor] | i64 issuedAt | i64 ttlMillis | i64 maxExpiresAt |
 * i64 expiresAt | u8 renewable | i32 numUses | i32 usesConsumed | i64 revokedAt |
 * displayName | u16 m, m (key, value) (keys strictly ascending)
 * </pre>
 * Decoding is strict (canonical order, booleans 0/1, no trailing bytes, every invariant), so each
 * record has exactly one encoding.
 *
 * @param accessor the token's accessor ({@code ac.} + 22 base64url characters)
 * @param kind what made the token
 * @param policies the attached policy names, sorted; an unmodifiable copy
 * @param parentAccessor the accessor of the token that created it, or null for an orphan
 * @param issuedAt when it was created
 * @param ttlMillis the TTL granted at creation (the default renewal increment); 0 for no expiry
 * @param maxExpiresAt the hard limit no renewal passes, or {@link #NEVER}
 * @param expiresAt when the token stops working unless renewed, or {@link #NEVER}
 * @param renewable whether {@link TokenRules#renew} may extend it
 * @param numUses how many requests it may serve; 0 for unlimited (Vault's {@code num_uses})
 * @param usesConsumed how many of those it has served
 * @param revokedAt when it was revoked, or 0 if it was not
 * @param displayName a label for people, up to 256 characters, possibly empty
 * @param meta labels, up to 32 entries; an unmodifiable sorted copy
 */
public record TokenRecord(
    String accessor,
    TokenKind kind,
    SortedSet<String> policies,
    String parentAccessor,
    long issuedAt,
    long ttlMillis,
    long maxExpiresAt,
    long expiresAt,
    boolean renewable,
    int numUses,
    int usesConsumed,
    long revokedAt,
    String displayName,
    SortedMap<String, String> meta) {

  /** No expiry. */
  public static final long NEVER = Long.MAX_VALUE;
  private static final byte[] MAGIC = "SRTR".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  public TokenRecord {
    Objects.requireNonNull(kind, "kind");
    if (!Tokens.isAccessor(accessor)) {
      throw new IllegalArgumentException("accessor is not well-formed");
    }
    if (parentAccessor != null && !Tokens.isAccessor(parentAccessor)) {
      throw new IllegalArgumentException("parent accessor is not well-formed");
    }
    String problem = Labels.checkPolicies(policies);
    if (problem == null && policies.isEmpty()) {
      problem = "a token needs at least one policy";
    }
    if (problem == null) {
      problem = Labels.checkDisplayName(displayName);
    }
    if (problem == null) {
      problem = Labels.checkMeta(meta);
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    policies = Labels.sortedSet(policies);
    meta = Labels.sortedMap(meta);
    boolean hasRoot = policies.contains(Policy.ROOT);
    if (hasRoot != (kind == TokenKind.ROOT)) {
      throw new IllegalArgumentException("kind must be ROOT exactly when the policies hold root, was " + kind
          + " with " + policies);
    }
    if (issuedAt <= 0) {
      throw new IllegalArgumentException("issuedAt must be > 0, was " + issuedAt);
    }
    if (ttlMillis < 0) {
      throw new IllegalArgumentException("ttlMillis must be >= 0, was " + ttlMillis);
    }
    if (ttlMillis == 0) {
      if (kind != TokenKind.ROOT || expiresAt != NEVER || maxExpiresAt != NEVER || renewable) {
        throw new IllegalArgumentException("only a non-renewable root token may have no expiry (ttlMillis 0)");
      }
    } else if (expiresAt == NEVER) {
      throw new IllegalArgumentException("a token with a TTL must expire");
    }
    if (expiresAt <= issuedAt) {
      throw new IllegalArgumentException("expiresAt must be after issuedAt");
    }
    if (maxExpiresAt < expiresAt) {
      throw new IllegalArgumentException("expiresAt must not be after maxExpiresAt");
    }
    if (kind == TokenKind.BREAK_GLASS && (renewable || parentAccessor != null)) {
      throw new IllegalArgumentException("a break-glass token is an orphan and never renewable");
    }
    if (numUses < 0 || usesConsumed < 0 || (numUses == 0 ? usesConsumed != 0 : usesConsumed > numUses)) {
      throw new IllegalArgumentException("uses out of range: numUses " + numUses + ", usesConsumed " + usesConsumed);
    }
    if (revokedAt < 0) {
      throw new IllegalArgumentException("revokedAt must be >= 0, was " + revokedAt);
    }
  }

  /** Whether {@link TokenRules#revoke} marked it. */
  public boolean isRevoked() {
    return revokedAt != 0;
  }

  /** Uses left; empty when uses are unlimited. */
  public OptionalInt usesRemaining() {
    return numUses == 0 ? OptionalInt.empty() : OptionalInt.of(numUses - usesConsumed);
  }

  TokenRecord withExpiry(long newExpiresAt) {
    return new TokenRecord(accessor, kind, policies, parentAccessor, issuedAt, ttlMillis, maxExpiresAt,
        newExpiresAt, renewable, numUses, usesConsumed, revokedAt, displayName, meta);
  }

  TokenRecord withUsesConsumed(int consumed) {
    return new TokenRecord(accessor, kind, policies, parentAccessor, issuedAt, ttlMillis, maxExpiresAt,
        expiresAt, renewable, numUses, consumed, revokedAt, displayName, meta);
  }

  TokenRecord withRevokedAt(long at) {
    return new TokenRecord(accessor, kind, policies, parentAccessor, issuedAt, ttlMillis, maxExpiresAt,
        expiresAt, renewable, numUses, usesConsumed, at, displayName, meta);
  }

  /** The binary form described above; deterministic. */
  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer()
        .raw(MAGIC)
        .u8(VERSION)
        .utf8(accessor)
        .u8(kind.code())
        .u16(policies.size());
    policies.forEach(w::utf8);
    w.bool(parentAccessor != null);
    if (parentAccessor != null) {
      w.utf8(parentAccessor);
    }
    w.i64(issuedAt).i64(ttlMillis).i64(maxExpiresAt).i64(expiresAt).bool(renewable)
        .i32(numUses).i32(usesConsumed).i64(revokedAt).utf8(displayName).u16(meta.size());
    meta.forEach((k, v) -> w.utf8(k).utf8(v));
    return Bytes.of(w.toByteArray());
  }

  /**
   * Reads the binary form.
   *
   * @throws MalformedRecordException if {@code bytes} is not a well-formed, canonical token record
   */
  public static TokenRecord fromBytes(Bytes bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes.toByteArray(), "token record");
    r.expectMagic(MAGIC);
    r.expectVersion(VERSION);
    String accessor = r.utf8("accessor");
    int code = r.u8();
    TokenKind kind = TokenKind.ofCode(code);
    if (kind == null) {
      throw r.malformed("unknown token kind " + code);
    }
    int n = r.u16();
    List<String> policies = new ArrayList<>(Math.min(n, Labels.MAX_POLICIES + 1));
    for (int i = 0; i < n; i++) {
      String p = r.utf8("policy");
      if (!policies.isEmpty() && policies.get(policies.size() - 1).compareTo(p) >= 0) {
        throw r.malformed("policies are not in strictly ascending order");
      }
      policies.add(p);
    }
    String parent = r.bool("has parent") ? r.utf8("parent accessor") : null;
    long issuedAt = r.i64();
    long ttl = r.i64();
    long maxExpiresAt = r.i64();
    long expiresAt = r.i64();
    boolean renewable = r.bool("renewable");
    int numUses = r.i32();
    int usesConsumed = r.i32();
    long revokedAt = r.i64();
    String displayName = r.utf8("display name");
    int m = r.u16();
    Map<String, String> meta = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < m; i++) {
      String k = r.utf8("meta key");
      String v = r.utf8("meta value");
      if (previous != null && previous.compareTo(k) >= 0) {
        throw r.malformed("meta keys are not in strictly ascending order");
      }
      previous = k;
      meta.put(k, v);
    }
    r.end();
    try {
      return new TokenRecord(accessor, kind, new java.util.TreeSet<>(policies), parent, issuedAt, ttl,
          maxExpiresAt, expiresAt, renewable, numUses, usesConsumed, revokedAt, displayName,
          new TreeMap<>(meta));
    } catch (IllegalArgumentException e) {
      throw r.malformed(e.getMessage());
    }
  }
}
