package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** HMAC-SHA256 per RFC 4231, in the {@code hmac-sha256:<hex>} form audit entries carry. */
class AuditHmacTest {

  @Test
  void rfc4231TestCase6() {
    byte[] key = new byte[131];
    Arrays.fill(key, (byte) 0xaa);
    AuditHmac hmac = AuditHmac.withKey(key);
    assertThat(hmac.hmac("Test Using Larger Than Block-Size Key - Hash Key First"))
        .isEqualTo("hmac-sha256:60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  }

  @Test
  void goldenPathHmacUnderA32ByteKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) {
      key[i] = (byte) i;
    }
    AuditHmac hmac = AuditHmac.withKey(key);
    String expected = "hmac-sha256:a473d970f0a68a5e92b9c192074a6e9df22b23f4dc6779a5b90f2bdb6426d490";
    assertThat(hmac.hmac("app/db")).isEqualTo(expected);
    // The form is what AuditRecord accepts.
    assertThat(new AuditRecord("r", "n1", "kv.get", "ok", expected, hmac.hmac("token")).pathHmac()).isEqualTo(expected);
    assertThat(hmac.matches("app/db", expected)).isTrue();
    assertThat(hmac.matches("app/db2", expected)).isFalse();
    assertThat(hmac.matches("app/db", expected.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(hmac.matches("app/db", "hmac-sha256:zz")).isFalse();
    assertThat(hmac.matches("app/db", null)).isFalse();
    // UTF-8 of the value, not some other charset.
    assertThat(hmac.hmac("ü")).isNotEqualTo(hmac.hmac(new String("ü".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1)));
  }

  @Test
  void keyRulesAndDestroy() {
    assertThatThrownBy(() -> AuditHmac.withKey(new byte[31]))
        .isInstanceOf(AuditKeyException.class).hasMessage("the audit HMAC key must be at least 32 bytes, was 31");
    byte[] key = new byte[32];
    AuditHmac hmac = AuditHmac.withKey(key);
    key[0] = 1; // the caller's array is copied
    assertThat(hmac.hmac("x")).isEqualTo(AuditHmac.withKey(new byte[32]).hmac("x"));
    assertThat(hmac.toString()).isEqualTo("AuditHmac[key redacted]");
    hmac.destroy();
    assertThat(hmac.isDestroyed()).isTrue();
    assertThatThrownBy(() -> hmac.hmac("x")).isInstanceOf(IllegalStateException.class);
  }
}
