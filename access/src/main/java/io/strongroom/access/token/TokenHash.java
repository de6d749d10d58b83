package io.strongroom.access.token;

import io.strongroom.access.internal.Digests;
import io.strongroom.crypto.Bytes;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * SHA-256 of a token's text (UTF-8): the only form of a token the cluster stores, under
 * {@code token/<hex>}. Equality is constant-time.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@code SHA-256(token text as UTF-8)}, shown as 64
 * lowercase hex digits; the same as the unseal module's root token hash.
 *
 * @param sha256 32 bytes
 */
public record TokenHash(Bytes sha256) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public TokenHash {
    Objects.requireNonNull(sha256, "sha256");
    if (sha256.length() != 32) {
      throw new IllegalArgumentException("token hash must be 32 bytes, was " + sha256.length());
    }
  }

  /**
   * The hash of {@code tokenText} as presented, whether or not it is a well-formed token (a
   * malformed one simply finds no record). The caller may wipe a {@code char[]} it wrapped.
   */
  public static TokenHash of(CharSequence tokenText) {
    Objects.requireNonNull(tokenText, "tokenText");
    var buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(tokenText));
    byte[] utf8 = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    Arrays.fill(buffer.array(), (byte) 0);
    try {
      return new TokenHash(Bytes.of(Digests.sha256(utf8)));
    } finally {
      Arrays.fill(utf8, (byte) 0);
    }
  }

  /**
   * Reads the 64-hex-digit form.
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 lowercase hex digits
   */
  public static TokenHash fromHex(String hex) {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("token hash must be 64 lowercase hex digits");
    }
    return new TokenHash(Bytes.of(HexFormat.of().parseHex(hex)));
  }

  /** 64 lowercase hex digits. */
  public String hex() {
    return sha256.hex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenHash other
        && MessageDigest.isEqual(sha256.toByteArray(), other.sha256.toByteArray());
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return "TokenHash[" + hex() + "]";
  }
}
