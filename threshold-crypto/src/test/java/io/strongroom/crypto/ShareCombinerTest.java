package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Combine checks every share against its commitment before it reconstructs anything. */
class ShareCombinerTest {
  private final SecureRandom random = TestSupport.seeded(2024);
  private final SecretBytes key = TestSupport.rootKey(random);
  private final RootKeySplit split = ShamirSplitter.split(key, 5, 3, random);
  private final KeySet keySet = split.keySet();

  private Share forged(int index) {
    return new Share(keySet.id(), index, SecretBytes.random(random, 32));
  }

  @Test
  void combinesFromTextsAsHoldersTypeThem() {
    List<String> texts = List.of(
        ShareCodec.encode(split.share(5)).toLowerCase(java.util.Locale.ROOT),
        ShareCodec.encode(split.share(2)),
        ShareCodec.encode(split.share(4)).replace("-", " "));
    assertThat(ShareCombiner.combineTexts(keySet, texts)).isEqualTo(key);
  }

  @Test
  void aWrongShareIsNamedBeforeAnythingIsReconstructedEvenWhenThereAreTooFew() {
    // Only two shares (threshold 3), one of them wrong: the holder is named, not "too few".
    assertThatThrownBy(() -> ShareCombiner.combine(keySet, List.of(split.share(1), forged(4))))
        .isInstanceOf(ShareMismatchException.class)
        .hasMessage("share 4 does not match its commitment in key set " + keySet.id())
        .extracting(e -> ((ShareMismatchException) e).shareIndices())
        .isEqualTo(List.of(4));
  }

  @Test
  void verifyChecksOneShareAtATime() {
    for (Share s : split.shares()) {
      ShareCombiner.verify(keySet, s);
    }
    assertThatThrownBy(() -> ShareCombiner.verify(keySet, forged(2)))
        .isInstanceOf(ShareMismatchException.class)
        .hasMessage("share 2 does not match its commitment in key set " + keySet.id());
  }

  @Test
  void aShareMovedToAnotherIndexDoesNotMatch() {
    Share moved = new Share(keySet.id(), 3, split.share(1).value());
    assertThatThrownBy(() -> ShareCombiner.verify(keySet, moved)).isInstanceOf(ShareMismatchException.class);
  }

  @Test
  void moreThanThresholdSharesAreAllChecked() {
    List<Share> shares = new ArrayList<>(split.shares());
    shares.set(4, forged(5)); // share 5 would not even be used by the interpolation
    assertThatThrownBy(() -> ShareCombiner.combine(keySet, shares))
        .isInstanceOf(ShareMismatchException.class)
        .hasMessage("share 5 does not match its commitment in key set " + keySet.id());
  }

  @Test
  void combineLeavesTheCallersSharesIntact() {
    List<Share> shares = List.of(split.share(1), split.share(2), split.share(3));
    try (SecretBytes k = ShareCombiner.combine(keySet, shares)) {
      assertThat(k).isEqualTo(key);
    }
    assertThat(shares).noneMatch(Share::isDestroyed);
    assertThat(ShareCombiner.combine(keySet, shares)).isEqualTo(key);
  }

  @Test
  void keySetRecordRoundTripsAndStillCombines() {
    KeySet copy = KeySet.fromBytes(keySet.toBytes());
    assertThat(copy).isEqualTo(keySet);
    assertThat(copy.toBytes().length()).isEqualTo(4 + 1 + 5 + 2 + 32 + 5 * 32);
    assertThat(ShareCombiner.combine(copy, split.shares())).isEqualTo(key);
  }
}
