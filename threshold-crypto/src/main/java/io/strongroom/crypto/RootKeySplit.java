package io.strongroom.crypto;

import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The result of {@link ShamirSplitter#split}: the public {@link KeySet} record for the cluster and
 * the secret shares, share {@code i} at position {@code i - 1}, one per holder.
 *
 * <p>The caller owns the shares: hand each to its holder (for example sealed with
 * {@link ShareSealer}) and then {@link #destroy()} them.
 */
public record RootKeySplit(KeySet keySet, List<Share> shares) implements Destroyable {
  public RootKeySplit {
    Objects.requireNonNull(keySet, "keySet");
    shares = List.copyOf(shares);
  }

  /** Share {@code index} (1-based). */
  public Share share(int index) {
    return shares.get(index - 1);
  }

  /** Zeroes every share. */
  @Override
  public void destroy() {
    shares.forEach(Share::destroy);
  }

  @Override
  public boolean isDestroyed() {
    return shares.stream().allMatch(Share::isDestroyed);
  }
}
