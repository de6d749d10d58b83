package io.strongroom.access;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys under which the node stores this module's records (through Raft, with
 * compare-and-set). Every method checks its argument, so no key is ever built from a value that
 * could contain a '/' and reach into another record's space.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The key layout:
 * <pre>
 * token/&lt;sha256 hex&gt;                 -> TokenRecord.toBytes()
 * token-accessor/&lt;accessor&gt;          -> the token hash, 64 hex digits (UTF-8)
 * token-child/&lt;parent&gt;/&lt;child&gt;       -> empty (index of a token's children, by accessor)
 * policy/&lt;name&gt;                      -> PolicyParser.toJson(policy) (UTF-8)
 * breakglass/&lt;request id&gt;            -> BreakGlassState.toBytes()
 * </pre>
 * Accessors are {@code ac.} + base64url (no '/'); policy names are {@code [a-z0-9._-]};
 * break-glass ids are {@code bg-} + hex.
 */
public final class StoreKeys {
  public static final String TOKEN = "token/";
  public static final String TOKEN_ACCESSOR = "token-accessor/";
  public static final String TOKEN_CHILD = "token-child/";
  public static final String POLICY = "policy/";
  public static final String BREAK_GLASS = "breakglass/";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ACCESSOR = Pattern.compile("ac\\.[A-Za-z0-9_-]{22}");
  private static final Pattern POLICY_NAME = Pattern.compile("[a-z0-9._-]{1,128}");
  private static final Pattern BREAK_GLASS_ID = Pattern.compile("bg-[0-9a-f]{32}");

  private StoreKeys() {}

  /** {@code token/<hash>}; {@code hashHex} as {@code TokenHash.hex()}. */
  public static String token(String hashHex) {
    return TOKEN + check(HASH, hashHex, "token hash");
  }

  /** {@code token-accessor/<accessor>}. */
  public static String tokenAccessor(String accessor) {
    return TOKEN_ACCESSOR + check(ACCESSOR, accessor, "accessor");
  }

  /** {@code token-child/<parent>/<child>}. */
  public static String tokenChild(String parentAccessor, String childAccessor) {
    return tokenChildPrefix(parentAccessor) + check(ACCESSOR, childAccessor, "child accessor");
  }

  /** {@code token-child/<parent>/}: list it for the direct children of {@code parentAccessor}. */
  public static String tokenChildPrefix(String parentAccessor) {
    return TOKEN_CHILD + check(ACCESSOR, parentAccessor, "parent accessor") + "/";
  }

  /** The child accessor named by a key listed under {@link #tokenChildPrefix}; empty if it is not one. */
  public static Optional<String> childOf(String key) {
    Objects.requireNonNull(key, "key");
    if (!key.startsWith(TOKEN_CHILD)) {
      return Optional.empty();
    }
    String rest = key.substring(TOKEN_CHILD.length());
    int slash = rest.indexOf('/');
    if (slash < 0 || !ACCESSOR.matcher(rest.substring(0, slash)).matches()) {
      return Optional.empty();
    }
    String child = rest.substring(slash + 1);
    return ACCESSOR.matcher(child).matches() ? Optional.of(child) : Optional.empty();
  }

  /** {@code policy/<name>}. */
  public static String policy(String name) {
    String n = check(POLICY_NAME, name, "policy name");
    if (n.equals(".") || n.equals("..")) {
      throw new IllegalArgumentException("policy name is not valid: " + n);
    }
    return POLICY + n;
  }

  /** {@code breakglass/<id>}. */
  public static String breakGlass(String requestId) {
    return BREAK_GLASS + check(BREAK_GLASS_ID, requestId, "break-glass request id");
  }

  private static String check(Pattern p, String value, String what) {
    Objects.requireNonNull(value, what);
    if (!p.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " is not well-formed");
    }
    return value;
  }
}
