package io.strongroom.access.token;

import io.strongroom.crypto.SecretBytes;
import java.util.Base64;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A bearer token: 32 random bytes, shown as {@code "sr."} followed by their base64url form without
 * padding (46 characters). Made by {@link Tokens#mint} or {@link Tokens#parse}.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The text form is the one the unseal module's root
 * tokens use, and {@link TokenHash} is SHA-256 of that text as UTF-8, so a root token minted by
 * generate-root and a token minted here hash the same way.
 *
 * <p>A secret: {@link #toString()} never shows it, {@link #equals} compares in constant time,
 * {@link #destroy()} zeroes the bytes. {@link #text()} hands out a {@code String}, which cannot be
 * wiped: show it once and drop it. Thread-safe.
 */
public final class Token implements Destroyable {
  /** The prefix of every token text. */
  public static final String PREFIX = "sr.";
  /** Random bytes in a token. */
  public static final int BYTES = 32;
  /** Characters in a token text. */
  public static final int TEXT_LENGTH = 46;
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretBytes raw;

  /** Takes ownership of {@code raw}, which must be 32 bytes. */
  Token(SecretBytes raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.length() != BYTES) {
      throw new IllegalArgumentException("token must be " + BYTES + " bytes, was " + raw.length());
    }
    this.raw = raw;
  }

  /**
   * A token of the given 32 bytes, for the edge that opened a sealed token; copies {@code bytes},
   * which the caller should zero.
   */
  public static Token ofBytes(byte[] bytes) {
    return new Token(SecretBytes.copyOf(bytes));
  }

  /** The token text, {@code sr.} and 43 base64url characters. The caller owns it; show and drop. */
  public String text() {
    return raw.withBytes(b -> PREFIX + B64.encodeToString(b));
  }

  /** The hash under which the store keeps this token's record. */
  public TokenHash hash() {
    return TokenHash.of(text());
  }

  /** The 32 raw bytes, lent to {@code reader}; the array is zeroed when it returns. */
  public <T> T withBytes(java.util.function.Function<byte[], T> reader) {
    return raw.withBytes(reader);
  }

  @Override
  public void destroy() {
    raw.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return raw.isDestroyed();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Token other && raw.equals(other.raw);
  }

  @Override
  public int hashCode() {
    return BYTES;
  }

  @Override
  public String toString() {
    return raw.isDestroyed() ? "Token[destroyed]" : "Token[redacted]";
  }
}
