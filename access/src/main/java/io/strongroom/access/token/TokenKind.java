package io.strongroom.access.token;

/**
 * What made a token, which decides some of its rules.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #code()} is stored in token records; never
 * renumber.
 */
public enum TokenKind {
  /** An ordinary token made by another token ({@link TokenRules#create}). */
  SERVICE(1),
  /** A token holding the root policy: the initial root token, generate-root, or a root child. */
  ROOT(2),
  /** Quorum-approved emergency access: orphan, never renewable, at most one hour. */
  BREAK_GLASS(3);

  private final int code;

  TokenKind(int code) {
    this.code = code;
  }

  /** The stored code. */
  public int code() {
    return code;
  }

  /** The kind stored as {@code code}, or null if there is none. */
  static TokenKind ofCode(int code) {
    for (TokenKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }
}
