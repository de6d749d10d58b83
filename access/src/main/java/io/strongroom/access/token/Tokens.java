package io.strongroom.access.token;

import io.strongroom.crypto.SecretBytes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes and reads tokens and accessors. The only methods of the token package that draw
 * randomness, always from the {@code SecureRandom} passed in; the node calls them at the edge and
 * puts the results into the command it proposes. Stateless and thread-safe.
 *
 * <p>An accessor names a token without being able to use it (for lookup, revocation, audit):
 * {@code "ac."} followed by 22 base64url characters (16 random bytes). It is not a secret.
 */
public final class Tokens {
  /** The prefix of every accessor. */
  public static final String ACCESSOR_PREFIX = "ac.";
  static final int ACCESSOR_BYTES = 16;
  private static final Pattern ACCESSOR = Pattern.compile("ac\\.[A-Za-z0-9_-]{22}");
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private Tokens() {}

  /** A fresh token from {@code random}; the caller owns it. */
  public static Token mint(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new Token(SecretBytes.random(random, Token.BYTES));
  }

  /** A fresh accessor from {@code random}. */
  public static String newAccessor(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] b = new byte[ACCESSOR_BYTES];
    random.nextBytes(b);
    return ACCESSOR_PREFIX + Token.B64.encodeToString(b);
  }

  /** Whether {@code s} has the form of an accessor. */
  public static boolean isAccessor(String s) {
    return s != null && ACCESSOR.matcher(s).matches();
  }

  /**
   * Reads a token text: {@code sr.} and exactly the 43 base64url characters of 32 bytes, in
   * canonical form. Empty for anything else; say only "permission denied" to the client, whatever
   * the reason. The caller may wipe a {@code char[]} it wrapped.
   */
  public static Optional<Token> parse(CharSequence text) {
    Objects.requireNonNull(text, "text");
    if (text.length() != Token.TEXT_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < Token.PREFIX.length(); i++) {
      if (text.charAt(i) != Token.PREFIX.charAt(i)) {
        return Optional.empty();
      }
    }
    byte[] ascii = new byte[Token.TEXT_LENGTH - Token.PREFIX.length()];
    for (int i = 0; i < ascii.length; i++) {
      char c = text.charAt(Token.PREFIX.length() + i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        SecretBytes.zero(ascii);
        return Optional.empty();
      }
      ascii[i] = (byte) c;
    }
    byte[] raw = B64D.decode(ascii);
    // Only the canonical spelling is a token: the unused low bits of the last character are zero.
    byte[] again = Token.B64.encode(raw);
    boolean canonical = MessageDigest.isEqual(ascii, again);
    SecretBytes.zero(ascii);
    SecretBytes.zero(again);
    if (!canonical || raw.length != Token.BYTES) {
      SecretBytes.zero(raw);
      return Optional.empty();
    }
    return Optional.of(new Token(SecretBytes.adopt(raw)));
  }
}
