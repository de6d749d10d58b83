package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The canonical entry encoding (version 1) is a compatibility contract: these golden values were
 * computed by an independent implementation of docs/audit-format.md (Python, hashlib), so the
 * format cannot drift without this test failing.
 */
class AuditEntryFormatTest {
  static final AuditEntry GOLDEN = new AuditEntry(42, 1234, 1_764_331_200_000L,
      new AuditRecord("0123456789abcdef0123456789abcdef", "n1", "kv.put", "ok", "hmac-sha256:" + "11".repeat(32), null),
      Hash.fromHex("ab".repeat(32)));
  static final String GOLDEN_ENCODING = "01"
      + "000000000000002a" // seq 42
      + "00000000000004d2" // raft_index 1234
      + "0000019aca559e00" // leader_time 1764331200000
      + "0020" + "3031323334353637383961626364656630313233343536373839616263646566" // request_id
      + "0002" + "6e31" // node_id "n1"
      + "0006" + "6b762e707574" // op "kv.put"
      + "0002" + "6f6b" // outcome "ok"
      + "01" + "11".repeat(32) // path_hmac present
      + "00" // accessor_hmac absent
      + "ab".repeat(32); // prev_hash
  static final String GOLDEN_HASH = "e2fb611ec8289b501b4f243a2c3c2848b45148bbb2c2acbcce7121ab1502a5cc";

  @Test
  void goldenEncodingAndHash() {
    assertThat(TestLogs.HEX.formatHex(GOLDEN.encode())).isEqualTo(GOLDEN_ENCODING);
    assertThat(GOLDEN.encode()).hasSize(141);
    assertThat(GOLDEN.hash().hex()).isEqualTo(GOLDEN_HASH);
    assertThat(AuditEntry.decode(TestLogs.HEX.parseHex(GOLDEN_ENCODING))).isEqualTo(GOLDEN);
  }

  @Test
  void entryHashIsTheRfc6962LeafHashOfTheEncoding() throws Exception {
    assertThat(GOLDEN.hash()).isEqualTo(MerkleTree.leafHash(GOLDEN.encode()));
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    assertThat(GOLDEN.hash().toByteArray()).isEqualTo(sha.digest(GOLDEN.encode()));
  }

  @Test
  void encodeDecodeRoundTripsAndHashIsStable() {
    qt().withFixedSeed(42).withExamples(300).forAll(longs().between(1, Long.MAX_VALUE), longs().all())
        .checkAssert((seq, salt) -> {
          AuditRecord record = TestLogs.record(Math.floorMod(salt, 10_000));
          AuditEntry e = new AuditEntry(seq, Math.floorMod(salt, Long.MAX_VALUE),
              Math.floorMod(salt * 31, Long.MAX_VALUE),
              record, MerkleTree.leafHash(Long.toString(salt).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          byte[] encoded = e.encode();
          assertThat(AuditEntry.decode(encoded)).isEqualTo(e);
          assertThat(AuditEntry.decode(encoded).encode()).isEqualTo(encoded);
          assertThat(e.hash()).isEqualTo(MerkleTree.leafHash(encoded));
        });
  }

  @Test
  void absentHmacIsDistinctFromEveryPresentOne() {
    AuditRecord without = new AuditRecord("r", "n1", "kv.get", "ok", null, null);
    AuditRecord withZeros = new AuditRecord("r", "n1", "kv.get", "ok", "hmac-sha256:" + "00".repeat(32), null);
    AuditEntry a = new AuditEntry(1, 0, 0, without, Hash.ZERO);
    AuditEntry b = new AuditEntry(1, 0, 0, withZeros, Hash.ZERO);
    assertThat(a.encode()).isNotEqualTo(b.encode());
    assertThat(a.hash()).isNotEqualTo(b.hash());
    // A length prefix keeps field boundaries: moving a character between fields changes the bytes.
    AuditEntry c = new AuditEntry(1, 0, 0, new AuditRecord("ab", "c", "kv.get", "ok", null, null), Hash.ZERO);
    AuditEntry d = new AuditEntry(1, 0, 0, new AuditRecord("a", "bc", "kv.get", "ok", null, null), Hash.ZERO);
    assertThat(c.hash()).isNotEqualTo(d.hash());
  }

  static Stream<Arguments> malformedEncodings() {
    byte[] good = TestLogs.HEX.parseHex(GOLDEN_ENCODING);
    return Stream.of(
        Arguments.of("empty", new byte[0], "audit entry encoding is truncated: 0 bytes"),
        Arguments.of("truncated", Arrays.copyOf(good, good.length - 1), "audit entry encoding is truncated: 140 bytes"),
        Arguments.of("trailing byte", Arrays.copyOf(good, good.length + 1),
            "audit entry encoding has 1 trailing bytes"),
        Arguments.of("version 2", with(good, 0, 2), "unsupported audit entry version 2, this build reads 1"),
        Arguments.of("version 0", with(good, 0, 0), "unsupported audit entry version 0, this build reads 1"),
        Arguments.of("seq 0", with(good, 8, 0), "audit entry encoding: seq must be >= 1, was 0"),
        Arguments.of("negative raft index", with(good, 9, 0x80),
            "audit entry encoding: raft_index must be >= 0, was -9223372036854774574"),
        Arguments.of("request id too long", with(with(good, 25, 0x01), 26, 0x00),
            "audit entry encoding: request_id is 256 bytes, at most 128"),
        Arguments.of("non-ASCII request id", with(good, 27, 0xc3), "audit entry encoding: request_id is not ASCII"),
        Arguments.of("space in node id", with(good, 62, ' '),
            "audit entry encoding: node_id must be 1..64 characters of [A-Za-z0-9._-], has ' ' at position 2 in 'n '"),
        Arguments.of("upper-case op", with(good, 65, 'K'),
            "audit entry encoding: op must be 1..64 characters of [a-z0-9._-], has 'K' at position 1 in 'Kv.put'"),
        Arguments.of("unknown hmac kind", with(good, 75, 2), "audit entry encoding: path_hmac has unknown kind 2"));
  }

  private static byte[] with(byte[] b, int index, int value) {
    byte[] out = b.clone();
    out[index] = (byte) value;
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedEncodings")
  void strictDecoding(String name, byte[] encoded, String message) {
    assertThatThrownBy(() -> AuditEntry.decode(encoded)).isInstanceOf(AuditFormatException.class).hasMessage(message);
  }

  @Test
  void entryFieldRanges() {
    AuditRecord r = GOLDEN.record();
    assertThatThrownBy(() -> new AuditEntry(0, 0, 0, r, Hash.ZERO))
        .isInstanceOf(InvalidFieldException.class).hasMessage("seq must be >= 1, was 0")
        .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("seq");
    assertThatThrownBy(() -> new AuditEntry(1, -1, 0, r, Hash.ZERO))
        .isInstanceOf(InvalidFieldException.class).hasMessage("raft_index must be >= 0, was -1");
    assertThatThrownBy(() -> new AuditEntry(1, 0, -5, r, Hash.ZERO))
        .isInstanceOf(InvalidFieldException.class).hasMessage("leader_time must be >= 0, was -5");
  }
}
