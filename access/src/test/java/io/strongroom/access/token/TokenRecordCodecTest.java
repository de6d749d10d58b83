package io.strongroom.access.token;

import static io.strongroom.access.token.Fixtures.HOUR;
import static io.strongroom.access.token.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.strongroom.access.MalformedRecordException;
import io.strongroom.access.Seeded;
import io.strongroom.crypto.Bytes;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The token record codec (a compatibility contract, see {@link TokenRecord}). */
class TokenRecordCodecTest {

  private static TokenRecord sample() {
    return new TokenRecord("ac.AAAAAAAAAAAAAAAAAAAAAA", TokenKind.SERVICE, Fixtures.set("default", "app"),
        "ac.BBBBBBBBBBBBBBBBBBBBBB", 0x0102030405L, HOUR, 0x0102030405L + 2 * HOUR, 0x0102030405L + HOUR,
        true, 5, 2, 0, "ci", new TreeMap<>(Map.of("k", "v")));
  }

  @Test
  void goldenBytes() {
    String hex = "53525452" + "01" // "SRTR", version 1
        + "0019" + hex("ac.AAAAAAAAAAAAAAAAAAAAAA")
        + "01" // SERVICE
        + "0002" + "0003" + hex("app") + "0007" + hex("default")
        + "01" + "0019" + hex("ac.BBBBBBBBBBBBBBBBBBBBBB")
        + "0000000102030405" // issuedAt
        + "000000000036ee80" // ttl: 3 600 000
        + "000000010270e105" // max: issuedAt + 7 200 000
        + "000000010239f285" // expiresAt: issuedAt + 3 600 000
        + "01" // renewable
        + "00000005" + "00000002" // numUses, usesConsumed
        + "0000000000000000" // revokedAt
        + "0002" + hex("ci")
        + "0001" + "0001" + hex("k") + "0001" + hex("v");
    assertThat(sample().toBytes().hex()).isEqualTo(hex);
    assertThat(TokenRecord.fromBytes(Bytes.fromHex(hex))).isEqualTo(sample());
  }

  private static String hex(String ascii) {
    return Bytes.of(ascii.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
  }

  @Test
  void randomRecordsRoundTripAndEncodeDeterministically() {
    qt().withExamples(300).forAll(longs().all()).checkAssert(seed -> {
      TokenRecord r = random(seed);
      Bytes b = r.toBytes();
      TokenRecord back = TokenRecord.fromBytes(b);
      assertThat(back).isEqualTo(r);
      assertThat(back.toBytes()).isEqualTo(b);
    });
  }

  static TokenRecord random(long seed) {
    Random r = new Random(seed);
    SecureRandom sr = Seeded.random(seed);
    TokenKind kind = TokenKind.values()[r.nextInt(3)];
    TreeSet<String> policies = new TreeSet<>();
    if (kind == TokenKind.ROOT) {
      policies.add("root");
    } else {
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        policies.add("p" + r.nextInt(100) + (r.nextBoolean() ? ".x-y_z" : ""));
      }
    }
    long issued = 1 + (r.nextLong() >>> 2);
    boolean never = kind == TokenKind.ROOT && r.nextBoolean();
    long ttl = never ? 0 : 1 + r.nextInt(1 << 30);
    long expires = never ? TokenRecord.NEVER : issued + ttl;
    long max = never ? TokenRecord.NEVER : expires + r.nextInt(1 << 20);
    boolean renewable = !never && kind != TokenKind.BREAK_GLASS && r.nextBoolean();
    String parent = kind == TokenKind.BREAK_GLASS || r.nextBoolean() ? null : Tokens.newAccessor(sr);
    int uses = r.nextInt(3) == 0 ? 1 + r.nextInt(100) : 0;
    int consumed = uses == 0 ? 0 : r.nextInt(uses + 1);
    TreeMap<String, String> meta = new TreeMap<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      meta.put("k" + r.nextInt(50), "välue " + r.nextInt() + " \ud83d\udd11");
    }
    return new TokenRecord(Tokens.newAccessor(sr), kind, policies, parent, issued, ttl, max, expires, renewable,
        uses, consumed, r.nextBoolean() ? 0 : issued + 1, "name " + r.nextInt(), meta);
  }

  @Test
  void everyTruncationIsRefused() {
    byte[] b = sample().toBytes().toByteArray();
    for (int n = 0; n < b.length; n++) {
      Bytes cut = Bytes.of(b, 0, n);
      assertThatThrownBy(() -> TokenRecord.fromBytes(cut)).isInstanceOf(MalformedRecordException.class);
    }
  }

  @Test
  void badBytesAreRefusedWithAReason() {
    String good = sample().toBytes().hex();
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex("58" + good.substring(2))))
        .isInstanceOf(MalformedRecordException.class).hasMessage("not a token record: wrong magic bytes");
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(good.substring(0, 8) + "02" + good.substring(10))))
        .hasMessage("unsupported token record version 2, this build reads 1");
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(good + "00")))
        .hasMessage("token record has 1 trailing bytes");
    // Kind 9.
    int kindAt = (4 + 1 + 2 + 25) * 2;
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(good.substring(0, kindAt) + "09" + good.substring(kindAt + 2))))
        .hasMessage("token record: unknown token kind 9");
    // Policies out of order: swap "app" and "default".
    String swapped = good.replace("0003" + hex("app") + "0007" + hex("default"), "0007" + hex("default") + "0003" + hex("app"));
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(swapped)))
        .hasMessage("token record: policies are not in strictly ascending order");
    // The renewable flag as 2.
    String flag = good.replace("000000010239f285" + "01", "000000010239f285" + "02");
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(flag)))
        .hasMessage("token record: renewable must be 0 or 1, was 2");
    // Consumed more uses than allowed: an invariant, refused on decode.
    String overused = good.replace("00000005" + "00000002", "00000005" + "00000006");
    assertThatThrownBy(() -> TokenRecord.fromBytes(Bytes.fromHex(overused)))
        .isInstanceOf(MalformedRecordException.class).hasMessageContaining("uses out of range");
  }

  @Test
  void invariantsAreChecked() {
    TokenRecord s = sample();
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.SERVICE, Fixtures.set("root"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, false, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("kind must be ROOT exactly when the policies hold root");
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.SERVICE, Fixtures.set("a"), null, T0, 0,
        TokenRecord.NEVER, TokenRecord.NEVER, false, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("only a non-renewable root token may have no expiry");
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.SERVICE, Fixtures.set("a"), null, T0, HOUR,
        T0, T0 + HOUR, false, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("expiresAt must not be after maxExpiresAt");
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.BREAK_GLASS, Fixtures.set("a"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, true, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("break-glass token is an orphan and never renewable");
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.SERVICE, Fixtures.set(), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, true, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("at least one policy");
    assertThatThrownBy(() -> new TokenRecord("nope", TokenKind.SERVICE, Fixtures.set("a"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, true, 0, 0, 0, "", new TreeMap<>()))
        .hasMessageContaining("accessor");
    assertThatThrownBy(() -> new TokenRecord(s.accessor(), TokenKind.SERVICE, Fixtures.set("a"), null, T0, HOUR,
        T0 + HOUR, T0 + HOUR, true, 0, 0, 0, "bad\nname", new TreeMap<>()))
        .hasMessageContaining("display name has a control character");
  }
}
