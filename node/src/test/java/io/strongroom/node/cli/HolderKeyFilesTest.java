package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code .pub} text format (see {@link HolderKeyFiles}). */
class HolderKeyFilesTest {
  @Test
  void encodeThenDecodeIsIdentityAndTheTextIsOneFixedLengthLine() {
    HolderPrivateKeys keys = HolderKeys.generate(new SecureRandom());
    String text = HolderKeyFiles.encodePublic(keys.publicKeys());
    assertThat(text).startsWith("srpk1-").hasSize(6 + 86).doesNotContain("\n", "=");
    assertThat(HolderKeyFiles.decodePublic(text, "t")).isEqualTo(keys.publicKeys());
    assertThat(HolderKeyFiles.decodePublic("\n# comment\n  " + text + "  alice@laptop\n", "t")).isEqualTo(keys.publicKeys());
    byte[] wire = HolderKeyFiles.wire(keys.publicKeys());
    assertThat(Base64.getUrlDecoder().decode(text.substring(6))).isEqualTo(wire);
    HolderPublicKeys p = keys.publicKeys();
    assertThat(wire).startsWith(p.encryptionKey().toByteArray()).endsWith(p.signingKey().toByteArray());
    keys.destroy();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''                    | f.pub: no public key in it",
    "'# only a comment'    | f.pub: no public key in it",
    "ssh-ed25519 AAAA      | f.pub: not a Strongroom public key",
    "srpk1-!!!!            | f.pub: public key is not base64url",
    "srpk1-AAAA            | f.pub: public key is 3 bytes, expected 64"
  })
  void malformedTextIsRejectedNamingTheSource(String text, String message) {
    assertThatThrownBy(() -> HolderKeyFiles.decodePublic(text, "f.pub"))
        .isInstanceOf(CliException.class)
        .hasMessageStartingWith(message);
  }
}
