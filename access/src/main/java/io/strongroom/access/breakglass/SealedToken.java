package io.strongroom.access.breakglass;

import io.strongroom.access.MalformedRecordException;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.MalformedDataException;
import io.strongroom.crypto.SealedShare;
import java.util.Objects;

/**
 * A break-glass token sealed to the requester's X25519 key by {@link TokenSeal#seal}: safe to
 * store and hand out, only the requester's private key opens it.
 *
 * @param bytes the sealed form (see {@link TokenSeal})
 */
public record SealedToken(Bytes bytes) {
  /**
   * @throws MalformedRecordException if {@code bytes} is not a sealed token
   */
  public SealedToken {
    Objects.requireNonNull(bytes, "bytes");
    sealed(bytes);
  }

  SealedShare sealed() {
    return sealed(bytes);
  }

  private static SealedShare sealed(Bytes bytes) {
    try {
      return SealedShare.fromBytes(bytes);
    } catch (MalformedDataException | IllegalArgumentException e) {
      throw new MalformedRecordException("not a sealed token: " + e.getMessage());
    }
  }
}
