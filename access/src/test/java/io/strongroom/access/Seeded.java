package io.strongroom.access;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Test randomness: one printed seed drives all of a case. */
public final class Seeded {
  private Seeded() {}

  /** A deterministic SecureRandom: SHA1PRNG seeded before first use never mixes in system entropy. */
  public static SecureRandom random(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
