package io.strongroom.audit;

/**
 * The allowed form of every string field of an entry, checked in one place for both the
 * {@link AuditRecord} constructor and the verifier's allocation-free JSON path. Every allowed
 * character is ASCII, so a field's UTF-8 encoding is its characters, one byte each.
 */
final class FieldRules {
  static final int MAX_REQUEST_ID = 128;
  static final int MAX_NODE_ID = 64;
  static final int MAX_OPERATION = 64;
  static final int MAX_OUTCOME = 64;
  static final String HMAC_PREFIX = "hmac-sha256:";
  static final int HMAC_TEXT_LENGTH = HMAC_PREFIX.length() + 2 * Hash.LENGTH;

  private static final String REQUEST_ID_CHARS = "[A-Za-z0-9._:-]";
  private static final String NODE_ID_CHARS = "[A-Za-z0-9._-]";
  private static final String OPERATION_CHARS = "[a-z0-9._-]";
  private static final String OUTCOME_CHARS = "[A-Z0-9_]";

  private static final boolean[] REQUEST_ID = table(true, true, true, "._:-");
  private static final boolean[] NODE_ID = table(true, true, true, "._-");
  private static final boolean[] OPERATION = table(true, false, true, "._-");
  private static final boolean[] OUTCOME = table(false, true, true, "_");

  private FieldRules() {}

  private static boolean[] table(boolean lower, boolean upper, boolean digits, String extra) {
    boolean[] t = new boolean[128];
    for (char c = 'a'; c <= 'z'; c++) {
      t[c] = lower;
      t[Character.toUpperCase(c)] = upper;
    }
    for (char c = '0'; c <= '9'; c++) {
      t[c] = digits;
    }
    for (char c : extra.toCharArray()) {
      t[c] = true;
    }
    return t;
  }

  static void requestId(CharSequence s) {
    check("request_id", s, MAX_REQUEST_ID, REQUEST_ID, REQUEST_ID_CHARS);
  }

  static void nodeId(CharSequence s) {
    check("node_id", s, MAX_NODE_ID, NODE_ID, NODE_ID_CHARS);
  }

  static void operation(CharSequence s) {
    check("op", s, MAX_OPERATION, OPERATION, OPERATION_CHARS);
  }

  /** {@code ok}, or an error code name: an upper-case letter, then {@code [A-Z0-9_]}. */
  static void outcome(CharSequence s) {
    if (s.length() == 2 && s.charAt(0) == 'o' && s.charAt(1) == 'k') {
      return;
    }
    if (s.length() == 0 || s.charAt(0) < 'A' || s.charAt(0) > 'Z') {
      throw new InvalidFieldException("outcome",
          "outcome must be 'ok' or an error code name (an upper-case letter, then " + OUTCOME_CHARS
              + "), was '" + Text.excerpt(s) + "'");
    }
    check("outcome", s, MAX_OUTCOME, OUTCOME, OUTCOME_CHARS);
  }

  /** Null, or {@code hmac-sha256:} followed by 64 lower-case hex characters. */
  static void hmac(String field, String s) {
    if (s != null && !isHmac(s)) {
      throw new InvalidFieldException(field,
          field + " must be null or '" + HMAC_PREFIX + "' followed by 64 lower-case hex characters, was '"
              + Text.excerpt(s) + "'");
    }
  }

  static boolean isHmac(CharSequence s) {
    if (s.length() != HMAC_TEXT_LENGTH) {
      return false;
    }
    for (int i = 0; i < HMAC_PREFIX.length(); i++) {
      if (s.charAt(i) != HMAC_PREFIX.charAt(i)) {
        return false;
      }
    }
    return Hex.decode(s, HMAC_PREFIX.length(), new byte[Hash.LENGTH]);
  }

  private static void check(String field, CharSequence s, int max, boolean[] allowed, String chars) {
    int n = s.length();
    if (n < 1 || n > max) {
      throw new InvalidFieldException(field,
          field + " must be 1.." + max + " characters of " + chars + ", was " + n + " characters");
    }
    if (s instanceof CharField) {
      // The verifier's path: a plain array loop, no call per character.
      char[] a = ((CharField) s).array();
      boolean ok = true;
      for (int i = 0; i < n; i++) {
        char c = a[i];
        ok &= c < 128 && allowed[c & 127];
      }
      if (ok) {
        return;
      }
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 128 || !allowed[c]) {
        throw new InvalidFieldException(field,
            field + " must be 1.." + max + " characters of " + chars + ", has '" + Text.printable(c)
                + "' at position " + (i + 1) + " in '" + Text.excerpt(s) + "'");
      }
    }
  }

  static void nonNegative(String field, long value) {
    if (value < 0) {
      throw new InvalidFieldException(field, field + " must be >= 0, was " + value);
    }
  }

  static void positive(String field, long value) {
    if (value < 1) {
      throw new InvalidFieldException(field, field + " must be >= 1, was " + value);
    }
  }
}
