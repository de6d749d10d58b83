package io.strongroom.access.breakglass;

import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.internal.Wire;
import io.strongroom.access.token.Tokens;
import io.strongroom.crypto.Approval;
import io.strongroom.crypto.ApprovalVerifier;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.ThresholdCryptoException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One break-glass request and its progress, stored under {@code breakglass/<id>}: the request, the
 * quorum captured when it was opened, the approvals accepted so far (one per holder), and, once the
 * token was issued, the {@link Issuance}. Change it only through {@link BreakGlass}.
 *
 * <p>Invariants (checked by the constructor): every approval is keyed by its holder, the holder
 * belongs to the quorum, and the approval's message is exactly {@link
 * BreakGlassRequest#approvalMessage()}. Signatures were verified when {@link BreakGlass#approve}
 * accepted them; {@link #verifiedApprovers()} verifies them again, e.g. offline from an export.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1, big-endian:
 * <pre>
 * "SRBS" | u8 1 | u32 len | request (BreakGlassRequest.toBytes) | u8 threshold |
 * u16 n, n × (u16 len | holder name | u16 32 | X25519 key | u16 32 | Ed25519 key), names ascending |
 * u16 m, m × (u16 len | Approval.toBytes), holders ascending |
 * u8 issued, [u16 len | accessor | i64 issuedAt | u16 len | sealed token]
 * </pre>
 *
 * @param request the request
 * @param quorum who may approve and how many must
 * @param approvals holder name to accepted approval; an unmodifiable sorted copy
 * @param issuance the issued token, or null while none was issued
 */
public record BreakGlassState(BreakGlassRequest request, Quorum quorum, SortedMap<String, Approval> approvals,
    Issuance issuance) {
  private static final byte[] MAGIC = "SRBS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /**
   * The token issued for the request.
   *
   * @param accessor the token's accessor (the record lives under the token's hash)
   * @param issuedAt leader time of issue
   * @param sealedToken the token sealed to the requester, for {@code break-glass claim}
   */
  public record Issuance(String accessor, long issuedAt, SealedToken sealedToken) {
    public Issuance {
      Objects.requireNonNull(sealedToken, "sealedToken");
      if (!Tokens.isAccessor(accessor)) {
        throw new IllegalArgumentException("accessor is not well-formed");
      }
      if (issuedAt <= 0) {
        throw new IllegalArgumentException("issuedAt must be > 0, was " + issuedAt);
      }
    }
  }

  public BreakGlassState {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(quorum, "quorum");
    Objects.requireNonNull(approvals, "approvals");
    var expected = request.approvalMessage();
    for (Map.Entry<String, Approval> e : approvals.entrySet()) {
      Approval a = Objects.requireNonNull(e.getValue(), "approval");
      if (!a.holder().equals(e.getKey())) {
        throw new IllegalArgumentException("approval of '" + a.holder() + "' filed under '" + e.getKey() + "'");
      }
      if (!quorum.holders().containsKey(a.holder())) {
        throw new IllegalArgumentException("approval of '" + a.holder() + "', who is not in the quorum");
      }
      if (!a.message().equals(expected)) {
        throw new IllegalArgumentException("approval of '" + a.holder() + "' is for another request");
      }
    }
    Map<String, Approval> given = approvals;
    approvals = Collections.unmodifiableSortedMap(new TreeMap<>(given));
  }

  /** A freshly opened request: no approvals, nothing issued. */
  public static BreakGlassState open(BreakGlassRequest request, Quorum quorum) {
    return new BreakGlassState(request, quorum, new TreeMap<>(), null);
  }

  /** Whether at least {@code threshold} distinct holders have approved. */
  public boolean isApproved() {
    return approvals.size() >= quorum.threshold();
  }

  /** Whether the token was issued (a request issues at most one). */
  public boolean isIssued() {
    return issuance != null;
  }

  /**
   * The holders whose stored approvals verify under the quorum's keys, sorted: the offline check
   * of a stored or exported state. Expiry is judged as of the request's creation, so an old,
   * closed request still verifies.
   */
  public List<String> verifiedApprovers() {
    ApprovalVerifier verifier = new ApprovalVerifier(quorum.holders());
    Instant asOf = Instant.ofEpochMilli(request.createdAt());
    var expected = request.approvalMessage();
    List<String> ok = new ArrayList<>();
    for (Approval a : approvals.values()) {
      try {
        verifier.verify(a, expected, asOf);
        ok.add(a.holder());
      } catch (ThresholdCryptoException e) {
        // not verified: left out
      }
    }
    return ok;
  }

  BreakGlassState withApproval(Approval approval) {
    TreeMap<String, Approval> more = new TreeMap<>(approvals);
    more.put(approval.holder(), approval);
    return new BreakGlassState(request, quorum, more, issuance);
  }

  BreakGlassState withIssuance(Issuance issued) {
    return new BreakGlassState(request, quorum, approvals, issued);
  }

  /** The binary form described above; deterministic. */
  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer()
        .raw(MAGIC)
        .u8(VERSION)
        .longBytes(request.toBytes().toByteArray())
        .u8(quorum.threshold())
        .u16(quorum.holders().size());
    quorum.holders().forEach((name, keys) -> w.utf8(name)
        .bytes(keys.encryptionKey().toByteArray())
        .bytes(keys.signingKey().toByteArray()));
    w.u16(approvals.size());
    approvals.values().forEach(a -> w.bytes(a.toBytes().toByteArray()));
    w.bool(issuance != null);
    if (issuance != null) {
      w.utf8(issuance.accessor()).i64(issuance.issuedAt()).bytes(issuance.sealedToken().bytes().toByteArray());
    }
    return Bytes.of(w.toByteArray());
  }

  /**
   * Reads the binary form. Does not verify signatures ({@link #verifiedApprovers()} does).
   *
   * @throws MalformedRecordException if {@code bytes} is not a well-formed, canonical state
   */
  public static BreakGlassState fromBytes(Bytes bytes) {
    Objects.requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes.toByteArray(), "break-glass state");
    r.expectMagic(MAGIC);
    r.expectVersion(VERSION);
    BreakGlassRequest request = BreakGlassRequest.fromBytes(Bytes.of(r.longBytes()));
    int threshold = r.u8();
    int n = r.u16();
    TreeMap<String, HolderPublicKeys> holders = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String name = r.utf8("holder name");
      byte[] x = r.bytes();
      byte[] ed = r.bytes();
      if (previous != null && previous.compareTo(name) >= 0) {
        throw r.malformed("holders are not in strictly ascending order");
      }
      previous = name;
      try {
        holders.put(name, new HolderPublicKeys(Bytes.of(x), Bytes.of(ed)));
      } catch (IllegalArgumentException e) {
        throw r.malformed("holder " + name + ": " + e.getMessage());
      }
    }
    int m = r.u16();
    TreeMap<String, Approval> approvals = new TreeMap<>();
    previous = null;
    for (int i = 0; i < m; i++) {
      Approval a;
      try {
        a = Approval.fromBytes(Bytes.of(r.bytes()));
      } catch (ThresholdCryptoException e) {
        throw r.malformed("approval " + (i + 1) + ": " + e.getMessage());
      }
      if (previous != null && previous.compareTo(a.holder()) >= 0) {
        throw r.malformed("approvals are not in strictly ascending order of holder");
      }
      previous = a.holder();
      approvals.put(a.holder(), a);
    }
    Issuance issuance = null;
    if (r.bool("issued")) {
      String accessor = r.utf8("accessor");
      long issuedAt = r.i64();
      Bytes sealed = Bytes.of(r.bytes());
      try {
        issuance = new Issuance(accessor, issuedAt, new SealedToken(sealed));
      } catch (IllegalArgumentException e) {
        throw r.malformed(e.getMessage());
      }
    }
    r.end();
    try {
      return new BreakGlassState(request, new Quorum(holders, threshold), approvals, issuance);
    } catch (IllegalArgumentException e) {
      throw r.malformed(e.getMessage());
    }
  }
}
