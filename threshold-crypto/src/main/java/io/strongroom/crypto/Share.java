package io.strongroom.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * One Shamir share of a 32-byte root key: the key set it belongs to, its index (the x coordinate,
 * 1..255, which also names its holder's slot) and its 32 secret bytes.
 *
 * <p>The share owns {@code value}; {@link #destroy()} zeroes it. {@code toString} never shows the
 * bytes. Equality compares the value in constant time.
 */
public record Share(KeySetId keySet, int index, SecretBytes value) implements Destroyable {
  /** Every share, like the root key, is 32 bytes. */
  public static final int LENGTH = 32;

  public Share {
    Objects.requireNonNull(keySet, "keySet");
    Objects.requireNonNull(value, "value");
    if (index < 1 || index > Thresholds.MAX_SHARES) {
      throw new IllegalArgumentException("share index must be between 1 and 255, was " + index);
    }
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException("share must be " + LENGTH + " bytes, was " + value.length());
    }
  }

  /** Zeroes the share's bytes. */
  @Override
  public void destroy() {
    value.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return value.isDestroyed();
  }
}
