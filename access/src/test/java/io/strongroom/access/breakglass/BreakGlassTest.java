package io.strongroom.access.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.Seeded;
import io.strongroom.access.breakglass.ApprovalResult.Reason;
import io.strongroom.access.token.TokenKind;
import io.strongroom.access.token.TokenRecord;
import io.strongroom.access.token.TokenRules;
import io.strongroom.access.token.Tokens;
import io.strongroom.access.token.Validity;
import io.strongroom.crypto.Approval;
import io.strongroom.crypto.ApprovalMessage;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The break-glass quorum: approvals counted, refusals named, the token issued once. */
class BreakGlassTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final long MINUTE = 60_000;

  private final SecureRandom random = Seeded.random(42);
  private final HolderPrivateKeys alice = HolderKeys.generate(random);
  private final HolderPrivateKeys bob = HolderKeys.generate(random);
  private final HolderPrivateKeys carol = HolderKeys.generate(random);
  private final HolderPrivateKeys mallory = HolderKeys.generate(random);
  private final HolderPrivateKeys requester = HolderKeys.generate(random);
  private final Quorum quorum = Quorum.of(Map.of(
      "alice", alice.publicKeys(), "bob", bob.publicKeys(), "carol", carol.publicKeys()), 2);

  private BreakGlassRequest request(Bytes requesterKey) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return BreakGlassRequest.create(Bytes.of(nonce), List.of("db-admin", "ops"), 30 * MINUTE,
        "primary database is down; INC-1234", requesterKey, T0, T0 + 15 * MINUTE);
  }

  private BreakGlassState open() {
    return BreakGlassState.open(request(requester.publicKeys().encryptionKey()), quorum);
  }

  private static Approval sign(String holder, BreakGlassState state, HolderPrivateKeys keys) {
    return Approval.sign(holder, state.request().approvalMessage(), keys);
  }

  private static BreakGlassState accepted(ApprovalResult r) {
    assertThat(r).isInstanceOf(ApprovalResult.Accepted.class);
    return ((ApprovalResult.Accepted) r).state();
  }

  private static ApprovalResult.Rejected rejected(ApprovalResult r) {
    assertThat(r).isInstanceOf(ApprovalResult.Rejected.class);
    return (ApprovalResult.Rejected) r;
  }

  @Test
  void thresholdMinusOneIsNotEnoughAndThresholdIs() {
    BreakGlassState s = open();
    s = accepted(BreakGlass.approve(s, sign("alice", s, alice), T0 + MINUTE));
    assertThat(s.isApproved()).isFalse();
    IssueResult early = BreakGlass.issue(s, T0 + MINUTE, Tokens.newAccessor(random), sealed(s));
    assertThat(early).isEqualTo(new IssueResult.Refused(IssueResult.Reason.NOT_APPROVED,
        "break-glass request " + s.request().id() + " has 1 of 2 approvals"));

    s = accepted(BreakGlass.approve(s, sign("carol", s, carol), T0 + 2 * MINUTE));
    assertThat(s.isApproved()).isTrue();
    assertThat(s.approvals().keySet()).containsExactly("alice", "carol");

    String accessor = Tokens.newAccessor(random);
    IssueResult.Issued issued = (IssueResult.Issued) BreakGlass.issue(s, T0 + 3 * MINUTE, accessor, sealed(s));
    TokenRecord record = issued.record();
    assertThat(record.kind()).isEqualTo(TokenKind.BREAK_GLASS);
    assertThat(record.accessor()).isEqualTo(accessor);
    assertThat(record.policies()).containsExactly("db-admin", "ops");
    assertThat(record.parentAccessor()).isNull();
    assertThat(record.renewable()).isFalse();
    assertThat(record.issuedAt()).isEqualTo(T0 + 3 * MINUTE);
    assertThat(record.expiresAt()).isEqualTo(T0 + 33 * MINUTE).isEqualTo(record.maxExpiresAt());
    assertThat(record.meta()).containsEntry(BreakGlass.META_REQUEST, s.request().id())
        .containsEntry(BreakGlass.META_APPROVALS, "2");
    assertThat(TokenRules.isValid(record, T0 + 33 * MINUTE - 1)).isTrue();
    assertThat(TokenRules.validity(record, T0 + 33 * MINUTE)).isEqualTo(Validity.EXPIRED);
    assertThat(issued.state().isIssued()).isTrue();
    assertThat(issued.state().issuance().accessor()).isEqualTo(accessor);

    // Once issued, the request is closed.
    assertThat(BreakGlass.issue(issued.state(), T0 + 4 * MINUTE, Tokens.newAccessor(random), sealed(s)))
        .isInstanceOfSatisfying(IssueResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(IssueResult.Reason.ALREADY_ISSUED));
    BreakGlassState closed = issued.state();
    assertThat(rejected(BreakGlass.approve(closed, sign("bob", closed, bob), T0 + 4 * MINUTE)).reason())
        .isEqualTo(Reason.ALREADY_ISSUED);
  }

  private SealedToken sealed(BreakGlassState s) {
    return TokenSeal.seal(Tokens.mint(random), s.request(), random);
  }

  @Test
  void aForgedSignatureIsRefusedNamingTheHolder() {
    BreakGlassState s = open();
    // Mallory signs with her key but claims to be alice.
    ApprovalResult.Rejected r = rejected(BreakGlass.approve(s, sign("alice", s, mallory), T0 + MINUTE));
    assertThat(r.reason()).isEqualTo(Reason.FORGED_SIGNATURE);
    assertThat(r.holder()).isEqualTo("alice");
    assertThat(r.message()).isEqualTo("the signature of holder 'alice' does not verify");
    // A flipped bit in a real signature.
    Approval real = sign("bob", s, bob);
    byte[] sig = real.signature().toByteArray();
    sig[5] ^= 1;
    Approval tampered = new Approval("bob", real.message(), Bytes.of(sig));
    assertThat(rejected(BreakGlass.approve(s, tampered, T0 + MINUTE)).reason()).isEqualTo(Reason.FORGED_SIGNATURE);
  }

  @Test
  void anUnknownHolderIsRefusedByName() {
    BreakGlassState s = open();
    ApprovalResult.Rejected r = rejected(BreakGlass.approve(s, sign("mallory", s, mallory), T0 + MINUTE));
    assertThat(r.reason()).isEqualTo(Reason.UNKNOWN_HOLDER);
    assertThat(r.holder()).isEqualTo("mallory");
    assertThat(r.message()).contains("'mallory'").contains(s.request().id());
  }

  @Test
  void replaysAreRefused() {
    BreakGlassState s = open();
    Approval bobs = sign("bob", s, bob);
    BreakGlassState once = accepted(BreakGlass.approve(s, bobs, T0 + MINUTE));
    ApprovalResult.Rejected again = rejected(BreakGlass.approve(once, bobs, T0 + 2 * MINUTE));
    assertThat(again.reason()).isEqualTo(Reason.DUPLICATE);
    assertThat(again.holder()).isEqualTo("bob");
    assertThat(once.isApproved()).isFalse();

    // Bob's valid approval of another request does not count here.
    BreakGlassState other = open();
    ApprovalResult.Rejected elsewhere = rejected(BreakGlass.approve(s, sign("bob", other, bob), T0 + MINUTE));
    assertThat(elsewhere.reason()).isEqualTo(Reason.OTHER_REQUEST);
    assertThat(elsewhere.holder()).isEqualTo("bob");
    assertThat(elsewhere.message()).contains("request id differs");

    // Same id, but a signed expiry other than the request's.
    ApprovalMessage m = s.request().approvalMessage();
    Approval longer = Approval.sign("carol", new ApprovalMessage(m.operation(), m.requestId(), m.requestDigest(),
        m.expiresAt().plusSeconds(3600)), carol);
    assertThat(rejected(BreakGlass.approve(s, longer, T0 + MINUTE)).message()).contains("expiry differs");
  }

  @Test
  void approvalsAfterTheWindowAndIssueAfterTheWindowAreRefused() {
    BreakGlassState s = open();
    long closes = s.request().approvalsExpireAt();
    ApprovalResult.Rejected late = rejected(BreakGlass.approve(s, sign("alice", s, alice), closes));
    assertThat(late.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(late.holder()).isEqualTo("alice");
    s = accepted(BreakGlass.approve(s, sign("alice", s, alice), closes - 1));
    s = accepted(BreakGlass.approve(s, sign("bob", s, bob), closes - 1));
    assertThat(BreakGlass.issue(s, closes, Tokens.newAccessor(random), sealed(s)))
        .isInstanceOfSatisfying(IssueResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(IssueResult.Reason.EXPIRED));
  }

  @Test
  void aHolderCannotApproveTheirOwnRequest() {
    BreakGlassState s = BreakGlassState.open(request(bob.publicKeys().encryptionKey()), quorum);
    ApprovalResult.Rejected r = rejected(BreakGlass.approve(s, sign("bob", s, bob), T0 + MINUTE));
    assertThat(r.reason()).isEqualTo(Reason.SELF_APPROVAL);
    assertThat(r.holder()).isEqualTo("bob");
  }

  @Test
  void quorumIsCapturedAndChecked() {
    assertThatThrownBy(() -> Quorum.of(Map.of("a", alice.publicKeys()), 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quorum.of(Map.of("a", alice.publicKeys()), 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quorum.of(Map.of("bad name", alice.publicKeys()), 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quorum.of(Map.<String, HolderPublicKeys>of(), 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(quorum.holders().keySet()).containsExactly("alice", "bob", "carol");
  }

  @Test
  void aStateHoldsOnlyApprovalsThatFitIt() {
    BreakGlassState s = open();
    BreakGlassState other = open();
    TreeMap<String, Approval> misfiled = new TreeMap<>(Map.of("bob", sign("alice", s, alice)));
    assertThatThrownBy(() -> new BreakGlassState(s.request(), quorum, misfiled, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filed under 'bob'");
    TreeMap<String, Approval> foreign = new TreeMap<>(Map.of("alice", sign("alice", other, alice)));
    assertThatThrownBy(() -> new BreakGlassState(s.request(), quorum, foreign, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another request");
  }

  @Test
  void stateRoundTripsAndVerifiesOffline() {
    BreakGlassState s = open();
    s = accepted(BreakGlass.approve(s, sign("bob", s, bob), T0 + MINUTE));
    s = accepted(BreakGlass.approve(s, sign("alice", s, alice), T0 + MINUTE));
    IssueResult.Issued issued = (IssueResult.Issued) BreakGlass.issue(s, T0 + 2 * MINUTE, Tokens.newAccessor(random),
        sealed(s));
    for (BreakGlassState state : List.of(open(), s, issued.state())) {
      Bytes b = state.toBytes();
      BreakGlassState back = BreakGlassState.fromBytes(b);
      assertThat(back).isEqualTo(state);
      assertThat(back.toBytes()).isEqualTo(b);
    }
    // Long after the window closed, the approvals still verify against the holders' keys alone.
    assertThat(BreakGlassState.fromBytes(issued.state().toBytes()).verifiedApprovers()).containsExactly("alice", "bob");
  }

  @Test
  void malformedStateBytesAreRefused() {
    BreakGlassState s = open();
    s = accepted(BreakGlass.approve(s, sign("bob", s, bob), T0 + MINUTE));
    byte[] b = s.toBytes().toByteArray();
    for (int n = 0; n < b.length; n += 7) {
      Bytes cut = Bytes.of(b, 0, n);
      assertThatThrownBy(() -> BreakGlassState.fromBytes(cut)).isInstanceOf(MalformedRecordException.class);
    }
    byte[] extra = java.util.Arrays.copyOf(b, b.length + 1);
    assertThatThrownBy(() -> BreakGlassState.fromBytes(Bytes.of(extra)))
        .isInstanceOf(MalformedRecordException.class).hasMessage("break-glass state has 1 trailing bytes");
    byte[] version = b.clone();
    version[4] = 9;
    assertThatThrownBy(() -> BreakGlassState.fromBytes(Bytes.of(version)))
        .hasMessage("unsupported break-glass state version 9, this build reads 1");
  }

  @Test
  void threshold1WithOneHolderWorks() {
    Quorum solo = Quorum.of(Map.of("alice", alice.publicKeys()), 1);
    BreakGlassState s = BreakGlassState.open(request(requester.publicKeys().encryptionKey()), solo);
    assertThat(accepted(BreakGlass.approve(s, sign("alice", s, alice), T0)).isApproved()).isTrue();
  }

  @Test
  void badIssueArgumentsAreBugs() {
    BreakGlassState s = open();
    assertThatThrownBy(() -> BreakGlass.issue(s, T0, "not-an-accessor", sealed(s)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SealedToken(Bytes.of(new byte[10])))
        .isInstanceOf(MalformedRecordException.class).hasMessageStartingWith("not a sealed token");
  }

  @Test
  void invalidRequestExceptionNamesTheField() {
    InvalidRequestException e = new InvalidRequestException("ttl", "x");
    assertThat(e.field()).isEqualTo("ttl");
  }
}
