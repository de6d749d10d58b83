package io.strongroom.access.breakglass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.access.InvalidRequestException;
import io.strongroom.access.MalformedRecordException;
import io.strongroom.crypto.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request: its limits, its derived id, and its encoding (a compatibility contract). */
class BreakGlassRequestTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final Bytes NONCE = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
  private static final Bytes KEY = Bytes.fromHex("11".repeat(32));

  private static BreakGlassRequest make(List<String> policies, long ttl, String reason, Bytes key, long expires) {
    return BreakGlassRequest.create(NONCE, policies, ttl, reason, key, T0, expires);
  }

  private static BreakGlassRequest good() {
    return make(List.of("ops", "db"), 3_600_000, "outage", KEY, T0 + 600_000);
  }

  @Test
  void encodingIdAndSignedMessageArePinned() throws Exception {
    String expected = "53524247" + "01" // "SRBG", version 1
        + "0010" + "000102030405060708090a0b0c0d0e0f"
        + "0002" + "0002" + hex("db") + "0003" + hex("ops")
        + "000000000036ee80" // ttl 3 600 000
        + "0006" + hex("outage")
        + "0020" + "11".repeat(32)
        + String.format("%016x", T0)
        + String.format("%016x", T0 + 600_000);
    BreakGlassRequest r = good();
    assertThat(r.toBytes().hex()).isEqualTo(expected);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(expected));
    assertThat(r.digest()).isEqualTo(Bytes.of(digest));
    assertThat(r.id()).isEqualTo("bg-" + HexFormat.of().formatHex(digest, 0, 16));
    assertThat(r.approvalMessage().operation()).isEqualTo("break-glass");
    assertThat(r.approvalMessage().requestId()).isEqualTo(r.id());
    assertThat(r.approvalMessage().requestDigest()).isEqualTo(r.digest());
    assertThat(r.approvalMessage().expiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + 600_000));
    assertThat(BreakGlassRequest.fromBytes(r.toBytes())).isEqualTo(r);
  }

  private static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theIdFollowsTheContent() {
    BreakGlassRequest a = good();
    assertThat(good().id()).isEqualTo(a.id());
    BreakGlassRequest otherNonce = BreakGlassRequest.create(Bytes.fromHex("ff".repeat(16)), a.policies(), a.ttlMillis(),
        a.reason(), a.requesterKey(), a.createdAt(), a.approvalsExpireAt());
    assertThat(otherNonce.id()).isNotEqualTo(a.id());
    assertThat(make(List.of("ops"), 3_600_000, "outage", KEY, T0 + 600_000).id()).isNotEqualTo(a.id());
    assertThatThrownBy(() -> new BreakGlassRequest("bg-" + "0".repeat(32), a.nonce(), a.policies(), a.ttlMillis(),
        a.reason(), a.requesterKey(), a.createdAt(), a.approvalsExpireAt()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match its content");
  }

  @Test
  void approvalsCloseOnAWholeSecond() {
    assertThat(make(List.of("ops"), 1000, "r", KEY, T0 + 600_999).approvalsExpireAt()).isEqualTo(T0 + 600_000);
  }

  @Test
  void ttlOfExactlyOneHourIsAcceptedAndMoreRefused() {
    assertThat(make(List.of("ops"), 3_600_000, "r", KEY, T0 + 60_000).ttlMillis()).isEqualTo(3_600_000);
    assertThatThrownBy(() -> make(List.of("ops"), 3_600_001, "r", KEY, T0 + 60_000))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ttl"))
        .hasMessage("break-glass ttl must be more than 0 and at most 1h (3600000 ms), was 3600001 ms");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(List.of("ops"), 0L, "r", KEY, T0 + 60_000, "ttl"),
        Arguments.of(List.of("ops"), 7_200_000L, "r", KEY, T0 + 60_000, "ttl"),
        Arguments.of(List.of(), 1000L, "r", KEY, T0 + 60_000, "policies"),
        Arguments.of(List.of("root"), 1000L, "r", KEY, T0 + 60_000, "policies"),
        Arguments.of(List.of("Ops"), 1000L, "r", KEY, T0 + 60_000, "policies"),
        Arguments.of(List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9", "p10", "p11", "p12", "p13", "p14",
            "p15", "p16", "p17"), 1000L, "r", KEY, T0 + 60_000, "policies"),
        Arguments.of(List.of("ops"), 1000L, "", KEY, T0 + 60_000, "reason"),
        Arguments.of(List.of("ops"), 1000L, " \n\t ", KEY, T0 + 60_000, "reason"),
        Arguments.of(List.of("ops"), 1000L, "x".repeat(1025), KEY, T0 + 60_000, "reason"),
        Arguments.of(List.of("ops"), 1000L, "bell\u0007", KEY, T0 + 60_000, "reason"),
        Arguments.of(List.of("ops"), 1000L, "r", Bytes.of(new byte[31]), T0 + 60_000, "requester_key"),
        Arguments.of(List.of("ops"), 1000L, "r", KEY, T0, "approvals_expire_at"),
        Arguments.of(List.of("ops"), 1000L, "r", KEY, T0 - 60_000, "approvals_expire_at"),
        Arguments.of(List.of("ops"), 1000L, "r", KEY, T0 + 24 * 3_600_000 + 1000, "approvals_expire_at"));
  }

  @ParameterizedTest(name = "[{index}] {5}")
  @MethodSource("badRequests")
  void badRequestsNameTheField(List<String> policies, long ttl, String reason, Bytes key, long expires, String field) {
    assertThatThrownBy(() -> make(policies, ttl, reason, key, expires))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void aMultiLineReasonIsFine() {
    assertThat(make(List.of("ops"), 1000, "line one\n\tline two", KEY, T0 + 60_000).reason()).contains("\n");
    assertThat(make(List.of("ops", "ops"), 1000, "r", KEY, T0 + 60_000).policies()).isEqualTo(Set.of("ops"));
  }

  @Test
  void badBytesAreRefused() {
    byte[] b = good().toBytes().toByteArray();
    for (int n = 0; n < b.length; n++) {
      Bytes cut = Bytes.of(b, 0, n);
      assertThatThrownBy(() -> BreakGlassRequest.fromBytes(cut)).isInstanceOf(MalformedRecordException.class);
    }
    // A TTL over an hour, written by hand, is refused on decode too.
    String hex = good().toBytes().hex().replace("000000000036ee80", "000000000036ee81");
    assertThatThrownBy(() -> BreakGlassRequest.fromBytes(Bytes.fromHex(hex)))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("at most 1h");
    // Approvals closing off a whole second.
    String offSecond = good().toBytes().hex().replace(String.format("%016x", T0 + 600_000),
        String.format("%016x", T0 + 600_001));
    assertThatThrownBy(() -> BreakGlassRequest.fromBytes(Bytes.fromHex(offSecond)))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("whole second");
  }
}
