package io.strongroom.crypto;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Shared helpers: one printed seed drives all randomness of a test case. */
final class TestSupport {
  /** Cheap scrypt settings so tests run fast; real key files use {@link ScryptParams#DEFAULT}. */
  static final ScryptParams FAST_KDF = new ScryptParams(10, 1, 1);

  private TestSupport() {}

  /** A deterministic SecureRandom: SHA1PRNG seeded before first use never mixes in system entropy. */
  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static SecretBytes rootKey(SecureRandom random) {
    return SecretBytes.random(random, 32);
  }

  /** {@code count} distinct shares of {@code split}, chosen and ordered by {@code seed}. */
  static List<Share> pick(RootKeySplit split, int count, long seed) {
    List<Share> all = new ArrayList<>(split.shares());
    Collections.shuffle(all, new Random(seed));
    return new ArrayList<>(all.subList(0, count));
  }

  static Bytes flip(Bytes bytes, int position) {
    byte[] b = bytes.toByteArray();
    b[position] ^= 0x01;
    return Bytes.of(b);
  }
}
