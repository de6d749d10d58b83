package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Holder key generation and the passphrase-protected key file. */
class HolderKeysTest {

  @Test
  void keyFileRoundTripsForAnyPassphrase() {
    qt().withExamples(40)
        .forAll(longs().all(), strings().allPossible().ofLengthBetween(1, 40))
        .assuming((seed, pass) -> pass.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff))
        .checkAssert((seed, pass) -> {
          SecureRandom random = TestSupport.seeded(seed);
          HolderPrivateKeys keys = HolderKeys.generate(random);
          Bytes file = HolderKeys.seal(keys, pass.toCharArray(), TestSupport.FAST_KDF, random);
          assertThat(file.length()).isEqualTo(HolderKeys.ENVELOPE_LENGTH);
          HolderPrivateKeys opened = HolderKeys.open(file, pass.toCharArray());
          assertThat(opened).isEqualTo(keys);
          assertThat(opened.publicKeys()).isEqualTo(keys.publicKeys());
        });
  }

  @Test
  void keyFileRecordsItsKdfParametersAndKeepsThePublicKeysReadable() {
    SecureRandom random = TestSupport.seeded(3);
    HolderPrivateKeys keys = HolderKeys.generate(random);
    Bytes file = HolderKeys.seal(keys, "correct horse".toCharArray(), new ScryptParams(11, 2, 1), random);
    byte[] b = file.toByteArray();
    assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SRHK");
    assertThat(b[4]).isEqualTo((byte) 1);
    assertThat(b[5]).isEqualTo((byte) 1);
    assertThat(new int[] {b[6], b[7], b[8]}).containsExactly(11, 2, 1);
    assertThat(Bytes.of(b, 37, 32)).isEqualTo(keys.publicKeys().encryptionKey());
    assertThat(Bytes.of(b, 69, 32)).isEqualTo(keys.publicKeys().signingKey());
    // Neither private key appears in the file.
    assertThat(file.hex()).doesNotContain(keys.encryptionKey().withBytes(Bytes::of).hex())
        .doesNotContain(keys.signingKey().withBytes(Bytes::of).hex());
  }

  /** The default cost (128 MiB scrypt) end to end, once: the setting real key files get. */
  @Test
  void defaultSealUsesTheStrongDefaultCost() {
    SecureRandom random = TestSupport.seeded(2);
    HolderPrivateKeys keys = HolderKeys.generate(random);
    Bytes file = HolderKeys.seal(keys, "pass phrase".toCharArray(), random);
    assertThat(file.get(6)).isEqualTo((byte) 17);
    assertThat(file.get(7)).isEqualTo((byte) 8);
    assertThat(file.get(8)).isEqualTo((byte) 1);
    assertThat(HolderKeys.open(file, "pass phrase".toCharArray())).isEqualTo(keys);
  }

  @Test
  void defaultKdfIsStrong() {
    assertThat(ScryptParams.DEFAULT).isEqualTo(new ScryptParams(17, 8, 1));
    assertThatThrownBy(() -> new ScryptParams(9, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scrypt parameters out of range (log2N 10..22, r 1..32, p 1..16, memory <= 1 GiB): log2N=9, r=1, p=1");
  }

  /** Every single-bit change anywhere in the file is a typed error; no key comes out. */
  @Test
  void everyTamperedByteIsRejected() {
    SecureRandom random = TestSupport.seeded(4);
    HolderPrivateKeys keys = HolderKeys.generate(random);
    Bytes file = HolderKeys.seal(keys, "pw".toCharArray(), TestSupport.FAST_KDF, random);
    for (int i = 0; i < file.length(); i++) {
      Bytes tampered = TestSupport.flip(file, i);
      final int position = i;
      assertThatThrownBy(() -> HolderKeys.open(tampered, "pw".toCharArray()))
          .as("byte %d", position)
          .isInstanceOfAny(DecryptionFailedException.class, MalformedDataException.class);
    }
  }

  @Test
  void generatedKeysAreDeterministicForTheInjectedRandomAndDistinct() {
    HolderPrivateKeys a = HolderKeys.generate(TestSupport.seeded(5));
    HolderPrivateKeys b = HolderKeys.generate(TestSupport.seeded(5));
    HolderPrivateKeys c = HolderKeys.generate(TestSupport.seeded(6));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a.encryptionKey()).isNotEqualTo(a.signingKey());
    assertThat(a.toString()).doesNotContain(a.encryptionKey().withBytes(Bytes::of).hex());
    a.destroy();
    assertThat(a.isDestroyed()).isTrue();
  }
}
