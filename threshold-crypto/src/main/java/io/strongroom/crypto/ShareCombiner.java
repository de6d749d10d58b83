package io.strongroom.crypto;

import com.codahale.shamir.Scheme;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reconstructs a root key from shares, checking everything before it trusts anything:
 *
 * <ol>
 *   <li>every share belongs to the key set ({@link WrongKeySetException} names the share and both
 *       key sets) and appears once ({@link DuplicateShareException});</li>
 *   <li>every share matches its commitment ({@link ShareMismatchException} lists every bad share
 *       index, so the ceremony knows which holder to ask again) &mdash; before anything is
 *       reconstructed;</li>
 *   <li>there are at least {@code k} of them ({@link InsufficientSharesException});</li>
 *   <li>the key interpolated from {@code k} of them matches the key check value
 *       ({@link KeyCheckFailedException}).</li>
 * </ol>
 *
 * <p>Vault and OpenBao notice a bad share only after reconstruction, and cannot say whose it was.
 *
 * <p>Inputs are never changed; the returned key is the caller's to {@link SecretBytes#destroy()}.
 * Every temporary copy is zeroed, on success and on failure. Stateless and thread-safe.
 */
public final class ShareCombiner {
  /** {@link Scheme#join} never draws randomness, but its constructor wants a source. */
  private static final SecureRandom NO_RANDOMNESS = new NoRandomness();

  private ShareCombiner() {}

  /**
   * Checks one share against the key set, for example when a holder submits it during unseal.
   *
   * @throws WrongKeySetException if the share belongs to another key set
   * @throws ShareMismatchException if the share does not match its commitment, or the key set has
   *     no share of that index
   */
  public static void verify(KeySet keySet, Share share) {
    Objects.requireNonNull(keySet, "keySet");
    Objects.requireNonNull(share, "share");
    if (!share.keySet().equals(keySet.id())) {
      throw new WrongKeySetException(share.index(), share.keySet(), keySet.id());
    }
    if (!matchesCommitment(keySet, share)) {
      throw new ShareMismatchException(keySet.id(), List.of(share.index()));
    }
  }

  /**
   * Reconstructs the root key of {@code keySet} from {@code shares} (at least {@code k}; more are
   * checked too, then the lowest {@code k} indices are used).
   *
   * @return the root key; the caller owns it
   * @throws WrongKeySetException if a share belongs to another key set
   * @throws DuplicateShareException if a share index appears twice
   * @throws ShareMismatchException if any share does not match its commitment
   * @throws InsufficientSharesException if fewer than {@code k} shares were given
   * @throws KeyCheckFailedException if the reconstructed key fails the key check value
   */
  public static SecretBytes combine(KeySet keySet, Collection<Share> shares) {
    Objects.requireNonNull(keySet, "keySet");
    Objects.requireNonNull(shares, "shares");
    TreeMap<Integer, Share> byIndex = new TreeMap<>();
    for (Share s : shares) {
      Objects.requireNonNull(s, "share");
      if (!s.keySet().equals(keySet.id())) {
        throw new WrongKeySetException(s.index(), s.keySet(), keySet.id());
      }
      if (byIndex.put(s.index(), s) != null) {
        throw new DuplicateShareException(s.index());
      }
    }
    List<Integer> bad = new ArrayList<>();
    for (Share s : byIndex.values()) {
      if (!matchesCommitment(keySet, s)) {
        bad.add(s.index());
      }
    }
    if (!bad.isEmpty()) {
      throw new ShareMismatchException(keySet.id(), bad);
    }
    if (byIndex.size() < keySet.threshold()) {
      throw new InsufficientSharesException(keySet.id(), byIndex.size(), keySet.threshold());
    }
    List<Share> chosen = new ArrayList<>(byIndex.values()).subList(0, keySet.threshold());
    byte[] key = join(keySet, chosen);
    boolean ok = false;
    try {
      ok = KeyMaterial.constantTimeEquals(keySet.keyCheckValue(), KeyMaterial.keyCheckValue(keySet.id(), key));
      if (!ok) {
        throw new KeyCheckFailedException(keySet.id());
      }
      return SecretBytes.adopt(key);
    } finally {
      if (!ok) {
        SecretBytes.zero(key);
      }
    }
  }

  /**
   * Decodes share texts with {@link ShareCodec} and combines them. Errors about a text name its
   * 1-based position in {@code texts}.
   *
   * @throws ShareFormatException if a text is malformed or has a typo
   * @see #combine(KeySet, Collection)
   */
  public static SecretBytes combineTexts(KeySet keySet, List<String> texts) {
    Objects.requireNonNull(keySet, "keySet");
    List<Share> shares = new ArrayList<>(texts.size());
    try {
      for (int i = 0; i < texts.size(); i++) {
        shares.add(ShareCodec.decode(texts.get(i), i + 1));
      }
      return combine(keySet, shares);
    } finally {
      shares.forEach(Share::destroy);
    }
  }

  /**
   * Interpolates the key from exactly the given shares without any check; package-private so
   * tests can show what too few shares produce.
   */
  static byte[] join(KeySet keySet, List<Share> shares) {
    if (keySet.shares() == 1) {
      return shares.get(0).value().toByteArray();
    }
    Map<Integer, byte[]> parts = new HashMap<>();
    try {
      for (Share s : shares) {
        parts.put(s.index(), s.value().toByteArray());
      }
      return new Scheme(NO_RANDOMNESS, keySet.shares(), keySet.threshold()).join(parts);
    } finally {
      parts.values().forEach(SecretBytes::zero);
    }
  }

  private static boolean matchesCommitment(KeySet keySet, Share share) {
    if (share.index() > keySet.shares()) {
      return false;
    }
    Bytes actual = share.value().withBytes(b -> KeyMaterial.commitment(keySet.id(), share.index(), b));
    return KeyMaterial.constantTimeEquals(keySet.commitment(share.index()), actual);
  }

  /** A source that refuses to be used, so a library change that starts drawing from it fails loudly. */
  private static final class NoRandomness extends SecureRandom {
    @Override
    public void nextBytes(byte[] bytes) {
      throw new IllegalStateException("Shamir join must not need randomness");
    }
  }
}
