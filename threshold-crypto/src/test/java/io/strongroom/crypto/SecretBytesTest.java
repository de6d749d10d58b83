package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

  @Test
  void toStringNeverShowsTheBytes() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {0x41, 0x42, 0x43, 0x44});
    assertThat(s.toString()).isEqualTo("SecretBytes[4 bytes, redacted]").doesNotContain("41").doesNotContain("ABCD");
  }

  @Test
  void copyOfDoesNotAliasTheCallersArray() {
    byte[] raw = {1, 2, 3};
    SecretBytes s = SecretBytes.copyOf(raw);
    raw[0] = 9;
    assertThat(s.toByteArray()).containsExactly(1, 2, 3);
    byte[] out = s.toByteArray();
    out[1] = 9;
    assertThat(s.toByteArray()).containsExactly(1, 2, 3);
  }

  @Test
  void destroyZeroesAndForbidsLaterUse() {
    byte[] raw = {1, 2, 3};
    SecretBytes s = SecretBytes.adopt(raw);
    s.destroy();
    assertThat(raw).containsOnly(0);
    assertThat(s.isDestroyed()).isTrue();
    assertThat(s.toString()).isEqualTo("SecretBytes[destroyed]");
    assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class).hasMessage("secret has been destroyed");
    s.destroy();
  }

  @Test
  void withBytesZeroesTheLentCopy() {
    SecretBytes s = SecretBytes.copyOf(new byte[] {7, 7});
    byte[][] seen = new byte[1][];
    int sum = s.withBytes(b -> {
      seen[0] = b;
      return b[0] + b[1];
    });
    assertThat(sum).isEqualTo(14);
    assertThat(seen[0]).containsOnly(0);
    assertThat(s.toByteArray()).containsExactly(7, 7);
  }

  @Test
  void equalityFollowsContentAndHashDependsOnLengthOnly() {
    SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2});
    SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2});
    SecretBytes c = SecretBytes.copyOf(new byte[] {1, 3});
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.hashCode()).isEqualTo(c.hashCode());
    assertThat(a.equalsBytes(new byte[] {1, 2})).isTrue();
    assertThat(a.equalsBytes(new byte[] {1, 2, 0})).isFalse();
  }

  @Test
  void randomRejectsNonPositiveLengths() {
    assertThatThrownBy(() -> SecretBytes.random(new SecureRandom(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be >= 1, was 0");
    assertThat(SecretBytes.random(new SecureRandom(), 32).length()).isEqualTo(32);
  }

  @Test
  void bytesIsAValueWithHex() {
    Bytes a = Bytes.of(new byte[] {(byte) 0xab, 0x01});
    assertThat(a).isEqualTo(Bytes.fromHex("AB01")).hasToString("ab01");
    assertThat(a.hex()).isEqualTo("ab01");
    assertThat(Bytes.of(new byte[0])).isSameAs(Bytes.EMPTY);
  }
}
