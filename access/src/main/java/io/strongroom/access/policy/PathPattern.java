package io.strongroom.access.policy;

import io.strongroom.access.PolicyException;
import io.strongroom.access.internal.Text;
import java.util.Comparator;

/**
 * A validated, compiled policy path pattern: exact, prefix ({@code *} last), or segment wildcard
 * ({@code +} segments, optionally ending in {@code *}). Immutable.
 *
 * <p>Validation is stricter than Vault where Vault silently does something surprising: {@code *}
 * anywhere but last is refused (Vault would take it literally), as are empty, {@code .} and
 * {@code ..} segments, which no canonical request path contains. A {@code +} that is not a whole
 * segment is a literal character, as in Vault.
 */
final class PathPattern {
  static final int MAX_PATH_BYTES = 512;

  /** Orders patterns from lowest to highest priority by Vault's documented rules. */
  static final Comparator<PathPattern> PRIORITY = PathPattern::comparePriority;

  final String text;
  final boolean isPrefix;
  final int plusSegments;
  /** Where the first {@code +} segment or the glob starts; the text length if there is neither. */
  final int firstWildcard;
  /** For a pure prefix pattern: the text without the glob. */
  final String prefix;
  /** For a segment wildcard pattern: the segments; if {@link #isPrefix}, the last one without the glob. */
  final String[] segments;

  private PathPattern(String text, boolean isPrefix, int plusSegments, int firstWildcard, String[] segments) {
    this.text = text;
    this.isPrefix = isPrefix;
    this.plusSegments = plusSegments;
    this.firstWildcard = firstWildcard;
    this.prefix = isPrefix ? text.substring(0, text.length() - 1) : text;
    this.segments = segments;
  }

  boolean isExact() {
    return !isPrefix && plusSegments == 0;
  }

  boolean isPurePrefix() {
    return isPrefix && plusSegments == 0;
  }

  boolean hasSegmentWildcard() {
    return plusSegments > 0;
  }

  /**
   * Normalizes (one leading '/' is dropped, as Vault does) and compiles {@code raw}.
   *
   * @throws PolicyException {@code INVALID_PATH} or {@code TOO_LARGE}, naming the pattern
   */
  static PathPattern compile(String raw) {
    String p = normalize(raw);
    if (Text.utf8Length(p) > MAX_PATH_BYTES) {
      throw new PolicyException(PolicyException.Problem.TOO_LARGE,
          "path " + Text.quote(p) + " is longer than " + MAX_PATH_BYTES + " bytes", p, 0, 0);
    }
    if (p.isEmpty()) {
      throw invalid(p, "path must not be empty (\"*\" matches every path)");
    }
    int bad = Text.firstBadChar(p, false);
    if (bad >= 0) {
      throw invalid(p, "path " + Text.quote(p) + " has a control character or unpaired surrogate at index " + bad);
    }
    int glob = p.indexOf('*');
    if (glob >= 0 && glob != p.length() - 1) {
      throw invalid(p, "path " + Text.quote(p) + ": the glob '*' is only allowed as the last character, found at index " + glob);
    }
    if (p.contains("+*")) {
      throw invalid(p, "path " + Text.quote(p) + ": '+*' is not allowed; use '+/*' or a literal prefix");
    }
    boolean isPrefix = glob >= 0;
    String body = isPrefix ? p.substring(0, p.length() - 1) : p;
    String[] segments = body.split("/", -1);
    int plus = 0;
    int firstPlus = -1;
    int offset = 0;
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      boolean last = i == segments.length - 1;
      if (!last && s.isEmpty()) {
        throw invalid(p, "path " + Text.quote(p) + " has an empty segment at index " + offset);
      }
      if (!(last && isPrefix) && (s.equals(".") || s.equals(".."))) {
        throw invalid(p, "path " + Text.quote(p) + " has a '" + s + "' segment");
      }
      if (s.equals("+")) {
        plus++;
        if (firstPlus < 0) {
          firstPlus = offset;
        }
      }
      offset += s.length() + 1;
    }
    int firstWildcard = firstPlus >= 0 ? firstPlus : isPrefix ? p.length() - 1 : p.length();
    return new PathPattern(p, isPrefix, plus, firstWildcard, plus > 0 ? segments : null);
  }

  static String normalize(String raw) {
    return raw.startsWith("/") ? raw.substring(1) : raw;
  }

  private static PolicyException invalid(String path, String message) {
    return new PolicyException(PolicyException.Problem.INVALID_PATH, message, path, 0, 0);
  }

  /**
   * Whether this pattern matches the canonical request path, split into {@code parts} by '/' (only
   * used for segment wildcard patterns).
   */
  boolean matchesSegments(String[] parts) {
    int n = segments.length;
    if (parts.length < n || (!isPrefix && parts.length != n)) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      String s = segments[i];
      if (i == n - 1 && isPrefix) {
        // The last segment is a prefix (never "+": "+*" is refused), and the glob takes every
        // later segment too.
        return parts[i].startsWith(s);
      }
      if (!s.equals("+") && !s.equals(parts[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Vault's order, lowest priority first: given P1 and P2, P1 is lower if (1) its first wildcard or
   * glob is earlier, (2) it ends in {@code *} and P2 does not, (3) it has more {@code +} segments,
   * (4) it is shorter, (5) it is lexicographically smaller.
   */
  private static int comparePriority(PathPattern a, PathPattern b) {
    if (a.firstWildcard != b.firstWildcard) {
      return Integer.compare(a.firstWildcard, b.firstWildcard);
    }
    if (a.isPrefix != b.isPrefix) {
      return a.isPrefix ? -1 : 1;
    }
    if (a.plusSegments != b.plusSegments) {
      return Integer.compare(b.plusSegments, a.plusSegments);
    }
    if (a.text.length() != b.text.length()) {
      return Integer.compare(a.text.length(), b.text.length());
    }
    return a.text.compareTo(b.text);
  }

  @Override
  public String toString() {
    return text;
  }
}
