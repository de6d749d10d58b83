package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Shares sealed to holder keys with HPKE. */
class ShareSealerTest {

  @Test
  void onlyTheRecipientOpensItsShareAndTheBytesRoundTrip() {
    qt().withExamples(50).forAll(longs().all()).checkAssert(seed -> {
      SecureRandom random = TestSupport.seeded(seed);
      RootKeySplit split = ShamirSplitter.split(TestSupport.rootKey(random), 3, 2, random);
      HolderPrivateKeys alice = HolderKeys.generate(random);
      HolderPrivateKeys bob = HolderKeys.generate(random);
      Share share = split.share(2);
      SealedShare sealed = ShareSealer.seal(share, alice.publicKeys().encryptionKey(), random);
      SealedShare copy = SealedShare.fromBytes(sealed.toBytes());
      assertThat(copy).isEqualTo(sealed);
      assertThat(copy.toBytes().length()).isEqualTo(91);
      assertThat(ShareSealer.open(copy, alice)).isEqualTo(share);
      assertThatThrownBy(() -> ShareSealer.open(copy, bob))
          .isInstanceOf(DecryptionFailedException.class)
          .hasMessage("decryption failed for share 2");
    });
  }

  @Test
  void sealingTwiceGivesDifferentCiphertexts() {
    SecureRandom random = TestSupport.seeded(8);
    Share share = new Share(KeySetId.random(random), 1, SecretBytes.random(random, 32));
    HolderPrivateKeys alice = HolderKeys.generate(random);
    SealedShare a = ShareSealer.seal(share, alice.publicKeys().encryptionKey(), random);
    SealedShare b = ShareSealer.seal(share, alice.publicKeys().encryptionKey(), random);
    assertThat(a.encapsulatedKey()).isNotEqualTo(b.encapsulatedKey());
    assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
  }

  /** Replaying a sealed share under another index or key set fails, as does any changed bit. */
  @Test
  void aSealedShareCannotBeReplayedOrAltered() {
    SecureRandom random = TestSupport.seeded(9);
    Share share = new Share(KeySetId.random(random), 4, SecretBytes.random(random, 32));
    HolderPrivateKeys alice = HolderKeys.generate(random);
    SealedShare sealed = ShareSealer.seal(share, alice.publicKeys().encryptionKey(), random);

    SealedShare asIndex5 = new SealedShare(share.keySet(), 5, sealed.encapsulatedKey(), sealed.ciphertext());
    assertThatThrownBy(() -> ShareSealer.open(asIndex5, alice))
        .isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed for share 5");
    SealedShare otherSet =
        new SealedShare(KeySetId.random(random), 4, sealed.encapsulatedKey(), sealed.ciphertext());
    assertThatThrownBy(() -> ShareSealer.open(otherSet, alice))
        .isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed for share 4");

    Bytes bytes = sealed.toBytes();
    for (int i = 5; i < bytes.length(); i++) { // after magic and version
      Bytes tampered = TestSupport.flip(bytes, i);
      final int position = i;
      assertThatThrownBy(() -> ShareSealer.open(SealedShare.fromBytes(tampered), alice))
          .as("byte %d", position)
          .isInstanceOfAny(DecryptionFailedException.class, MalformedDataException.class);
    }
  }
}
