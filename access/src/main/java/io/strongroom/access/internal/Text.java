package io.strongroom.access.internal;

/** Internal: checks and quoting of human-readable strings. Not part of the public API. */
public final class Text {
  private Text() {}

  /** Quotes {@code s} for a message, shortened so that huge input does not make a huge message. */
  public static String quote(String s) {
    return "'" + (s.length() > 80 ? s.substring(0, 80) + "..." : s) + "'";
  }

  /**
   * The index of the first character that has no place in a one-line label (a control character
   * or an unpaired surrogate, which UTF-8 cannot encode), or -1 if there is none.
   *
   * @param allowNewlines whether {@code \n} and {@code \t} are allowed
   */
  public static int firstBadChar(String s, boolean allowNewlines) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (allowNewlines && (c == '\n' || c == '\t')) {
          continue;
        }
        return i;
      }
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** The length of {@code s} in UTF-8 bytes, without encoding it. */
  public static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
