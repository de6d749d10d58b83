package io.strongroom.access.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Internal: SHA-256 from the JDK. Not part of the public API. */
public final class Digests {
  private Digests() {}

  public static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
