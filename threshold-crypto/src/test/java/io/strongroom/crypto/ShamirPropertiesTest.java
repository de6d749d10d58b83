package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of split and combine over the whole parameter range 1 <= k <= n <= 255. */
class ShamirPropertiesTest {

  private static int threshold(int n, int selector) {
    return n == 1 ? 1 : 2 + selector % (n - 1);
  }

  @Test
  void anyThresholdSizedSubsetReconstructsTheKey() {
    qt().withExamples(150)
        .forAll(integers().between(1, 255), integers().between(0, 1 << 20), longs().all())
        .checkAssert((n, kSelector, seed) -> {
          int k = threshold(n, kSelector);
          SecureRandom random = TestSupport.seeded(seed);
          SecretBytes key = TestSupport.rootKey(random);
          RootKeySplit split = ShamirSplitter.split(key, n, k, random);
          assertThat(split.keySet().shares()).isEqualTo(n);
          assertThat(split.keySet().threshold()).isEqualTo(k);
          int extra = (int) Math.floorMod(seed, (long) (n - k + 1));
          List<Share> subset = TestSupport.pick(split, k + extra, seed);
          try (SecretBytes joined = ShareCombiner.combine(split.keySet(), subset)) {
            assertThat(joined).isEqualTo(key);
          }
        });
  }

  @Test
  void anyThresholdMinusOneSharesNeverGiveTheKeyCheckValue() {
    qt().withExamples(150)
        .forAll(integers().between(2, 255), integers().between(0, 1 << 20), longs().all())
        .checkAssert((n, kSelector, seed) -> {
          int k = threshold(n, kSelector);
          SecureRandom random = TestSupport.seeded(seed);
          SecretBytes key = TestSupport.rootKey(random);
          RootKeySplit split = ShamirSplitter.split(key, n, k, random);
          List<Share> tooFew = TestSupport.pick(split, k - 1, seed);

          // What interpolation silently makes of k - 1 shares: wrong bytes, which the KCV rejects.
          byte[] guess = ShareCombiner.join(split.keySet(), tooFew);
          assertThat(KeyMaterial.keyCheckValue(split.keySet().id(), guess))
              .isNotEqualTo(split.keySet().keyCheckValue());
          assertThat(key.equalsBytes(guess)).isFalse();

          assertThatThrownBy(() -> ShareCombiner.combine(split.keySet(), tooFew))
              .isInstanceOf(InsufficientSharesException.class)
              .hasMessage("key set " + split.keySet().id() + " needs " + k + " shares, got " + (k - 1));
        });
  }

  @Test
  void keyCheckValueAndCommitmentsMatchTheirDefinitions() {
    SecureRandom random = TestSupport.seeded(7);
    SecretBytes key = TestSupport.rootKey(random);
    RootKeySplit split = ShamirSplitter.split(key, random);
    KeySet ks = split.keySet();
    assertThat(ks.shares()).isEqualTo(ShamirSplitter.DEFAULT_SHARES);
    assertThat(ks.threshold()).isEqualTo(ShamirSplitter.DEFAULT_THRESHOLD);
    assertThat(ks.keyCheckValue()).isEqualTo(KeyMaterial.keyCheckValue(ks.id(), key.toByteArray()));
    for (Share s : split.shares()) {
      assertThat(s.keySet()).isEqualTo(ks.id());
      assertThat(ks.commitment(s.index()))
          .isEqualTo(KeyMaterial.commitment(ks.id(), s.index(), s.value().toByteArray()));
    }
    // Shares are not the key and not each other.
    assertThat(split.shares()).doesNotHaveDuplicates().noneMatch(s -> s.value().equals(key));
  }

  @Test
  void singleShareSplitIsTheKeyItselfAndCombinesAlone() {
    SecureRandom random = TestSupport.seeded(11);
    SecretBytes key = TestSupport.rootKey(random);
    RootKeySplit split = ShamirSplitter.split(key, 1, 1, random);
    assertThat(split.shares()).hasSize(1);
    assertThat(split.share(1).value()).isEqualTo(key);
    assertThat(ShareCombiner.combine(split.keySet(), split.shares())).isEqualTo(key);
    assertThatThrownBy(() -> ShareCombiner.combine(split.keySet(), List.of()))
        .isInstanceOf(InsufficientSharesException.class)
        .hasMessage("key set " + split.keySet().id() + " needs 1 share, got 0");
  }

  @Test
  void splitDoesNotConsumeOrChangeTheCallersKeyAndDestroyZeroesShares() {
    SecureRandom random = TestSupport.seeded(12);
    SecretBytes key = TestSupport.rootKey(random);
    byte[] before = key.toByteArray();
    RootKeySplit split = ShamirSplitter.split(key, 4, 2, random);
    assertThat(key.equalsBytes(before)).isTrue();
    split.destroy();
    assertThat(split.isDestroyed()).isTrue();
    assertThat(split.shares()).allMatch(Share::isDestroyed);
    assertThat(split.toString()).doesNotContain(key.withBytes(Bytes::of).hex());
  }
}
