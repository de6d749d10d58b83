package io.strongroom.crypto;

import com.codahale.shamir.Scheme;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Splits a 32-byte root key into {@code n} Shamir shares over GF(256) (with
 * {@code com.codahale.shamir}), any {@code k} of which reconstruct it with {@link ShareCombiner},
 * while {@code k - 1} reveal nothing about it.
 *
 * <p>Each split gets a fresh {@link KeySetId}, a commitment per share and a key check value (see
 * {@link KeySet}). Bounds: {@code 1 <= k <= n <= 255} and {@code k >= 2} unless {@code n = 1}.
 *
 * <p>The degenerate {@code n = 1, k = 1} split (one holder, for development clusters) is the
 * Shamir scheme with a polynomial of degree 0: the single share equals the root key. The library
 * rejects {@code k = 1}, so this case copies the key instead of calling it; the share still gets a
 * commitment and the key set a key check value, so combine works the same way.
 *
 * <p>Stateless and thread-safe; randomness comes only from the {@code SecureRandom} passed in.
 */
public final class ShamirSplitter {
  public static final int DEFAULT_SHARES = 5;
  public static final int DEFAULT_THRESHOLD = 3;
  /** The root key length in bytes (AES-256). */
  public static final int KEY_LENGTH = 32;

  private ShamirSplitter() {}

  /** Splits with the defaults: 5 shares, threshold 3. */
  public static RootKeySplit split(SecretBytes rootKey, SecureRandom random) {
    return split(rootKey, DEFAULT_SHARES, DEFAULT_THRESHOLD, random);
  }

  /**
   * Splits {@code rootKey} into {@code shares} shares with threshold {@code threshold}. The root key
   * stays the caller's; the returned shares are fresh copies the caller owns.
   *
   * @throws InvalidThresholdException if {@code shares} or {@code threshold} is out of range
   * @throws IllegalArgumentException if the root key is not 32 bytes
   */
  public static RootKeySplit split(SecretBytes rootKey, int shares, int threshold, SecureRandom random) {
    Objects.requireNonNull(rootKey, "rootKey");
    Objects.requireNonNull(random, "random");
    Thresholds.check(shares, threshold);
    if (rootKey.length() != KEY_LENGTH) {
      throw new IllegalArgumentException("root key must be " + KEY_LENGTH + " bytes, was " + rootKey.length());
    }
    KeySetId id = KeySetId.random(random);
    byte[] key = rootKey.toByteArray();
    List<Share> out = new ArrayList<>(shares);
    try {
      if (shares == 1) {
        out.add(new Share(id, 1, SecretBytes.copyOf(key)));
      } else {
        Map<Integer, byte[]> parts = new Scheme(random, shares, threshold).split(key);
        for (int i = 1; i <= shares; i++) {
          // The library made these arrays for us alone: adopt them so no second copy lingers.
          out.add(new Share(id, i, SecretBytes.adopt(parts.get(i))));
        }
      }
      List<Bytes> commitments = new ArrayList<>(shares);
      for (Share s : out) {
        commitments.add(s.value().withBytes(b -> KeyMaterial.commitment(id, s.index(), b)));
      }
      KeySet keySet = new KeySet(id, threshold, commitments, KeyMaterial.keyCheckValue(id, key));
      return new RootKeySplit(keySet, out);
    } catch (RuntimeException e) {
      out.forEach(Share::destroy);
      throw e;
    } finally {
      SecretBytes.zero(key);
    }
  }
}
