package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ed25519 approvals over the canonical approval message. */
class ApprovalTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void messageAndApprovalCodecsRoundTrip() {
    qt().withExamples(200)
        .forAll(longs().all(), strings().allPossible().ofLengthBetween(1, 60),
            longs().between(-31_556_889_864_403_199L, 31_556_889_864_403_199L), integers().between(1, 64))
        .assuming((seed, id, expiry, opLength) -> id.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff))
        .checkAssert((seed, id, expiry, opLength) -> {
          SecureRandom random = TestSupport.seeded(seed);
          byte[] digest = new byte[32];
          random.nextBytes(digest);
          String op = "break-glass.0123456789_abcdefghijklmnopqrstuvwxyz-0123456789abcdefghijkl".substring(0, opLength);
          ApprovalMessage m = new ApprovalMessage(op, id, Bytes.of(digest), Instant.ofEpochSecond(expiry));
          assertThat(ApprovalMessage.decode(m.encode())).isEqualTo(m);
          Approval a = Approval.sign("alice", m, HolderKeys.generate(random));
          assertThat(Approval.fromBytes(a.toBytes())).isEqualTo(a);
        });
  }

  /** Compatibility pin of the signed bytes (see {@link ApprovalMessage}). */
  @Test
  void canonicalEncodingIsPinned() {
    ApprovalMessage m = new ApprovalMessage("break-glass", "req-1", Bytes.of(new byte[32]),
        Instant.ofEpochSecond(0x0102030405L).plusMillis(999));
    assertThat(m.expiresAt()).isEqualTo(Instant.ofEpochSecond(0x0102030405L));
    assertThat(m.encode().hex()).isEqualTo(
        "0013" + "7374726f6e67726f6f6d2f617070726f76616c" // "strongroom/approval"
            + "01"
            + "000b" + "627265616b2d676c617373" // "break-glass"
            + "0005" + "7265712d31" // "req-1"
            + "0020" + "00".repeat(32)
            + "0000000102030405");
  }

  @Test
  void aValidApprovalVerifiesAndNamesNothingWrong() {
    SecureRandom random = TestSupport.seeded(1);
    HolderPrivateKeys alice = HolderKeys.generate(random);
    ApprovalMessage m = new ApprovalMessage("break-glass", "r-42", Bytes.of(new byte[32]), NOW.plusSeconds(600));
    Approval a = Approval.sign("alice", m, alice);
    ApprovalVerifier verifier = new ApprovalVerifier(Map.of("alice", alice.publicKeys()));
    verifier.verify(a, NOW);
    verifier.verify(a, m, NOW.plusSeconds(599));
    assertThatThrownBy(() -> verifier.verify(a, NOW.plusSeconds(600)))
        .isInstanceOf(ApprovalExpiredException.class)
        .hasMessage("approval of holder 'alice' expired at 2026-11-28T12:10:00Z, now is 2026-11-28T12:10:00Z");
  }

  @Test
  void decodingRejectsNonCanonicalBytes() {
    ApprovalMessage m = new ApprovalMessage("op", "id", Bytes.of(new byte[32]), NOW);
    byte[] encoded = m.encode().toByteArray();
    byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> ApprovalMessage.decode(Bytes.of(longer)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("approval message has 1 trailing bytes");
    byte[] otherVersion = encoded.clone();
    otherVersion[21] = 2;
    assertThatThrownBy(() -> ApprovalMessage.decode(Bytes.of(otherVersion)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage("unsupported approval message version 2, this build reads 1");
  }
}
