package io.strongroom.raft;

import io.strongroom.crypto.Bytes;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The client's idempotency key for one logical request: 16 random bytes, the same on every retry,
 * so the replicated state applies a retried write once and answers the retry with the first result.
 */
public record RequestId(Bytes value) {
  public static final int LENGTH = 16;

  public RequestId {
    Objects.requireNonNull(value, "value");
    if (value.length() != LENGTH) {
      throw new IllegalArgumentException("request id must be " + LENGTH + " bytes, was " + value.length());
    }
  }

  public static RequestId random(SecureRandom random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new RequestId(Bytes.of(b));
  }

  public static RequestId of(byte[] bytes) {
    return new RequestId(Bytes.of(bytes));
  }

  @Override
  public String toString() {
    return value.hex();
  }
}
