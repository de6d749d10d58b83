package io.strongroom.access.policy;

import io.strongroom.access.PolicyException;
import io.strongroom.access.internal.Text;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A named set of path rules. Rules are kept sorted by path, and rules for the same path are merged
 * into one (the union of their capabilities), as Vault merges them; so two policies that grant the
 * same thing are equal.
 *
 * <p>Names are 1..{@value #MAX_NAME_LENGTH} characters of {@code [a-z0-9._-]}, not {@code .} or
 * {@code ..} (a name is part of a storage key). Two names are reserved: {@value #ROOT}, built in,
 * which allows everything and can never be written, and {@value #DEFAULT}, attached to every
 * non-root token unless its creator opts out; see {@link BuiltinPolicies}.
 *
 * @param name the policy name
 * @param rules the rules, sorted by path, one per path; an unmodifiable copy
 */
public record Policy(String name, List<PathRule> rules) {
  public static final String ROOT = "root";
  public static final String DEFAULT = "default";
  public static final int MAX_NAME_LENGTH = 128;
  /** The most rules one policy may hold. */
  public static final int MAX_RULES = 1024;
  private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

  /** @throws PolicyException {@code INVALID_NAME} or {@code TOO_LARGE} */
  public Policy {
    checkName(name);
    Objects.requireNonNull(rules, "rules");
    Map<String, Set<Capability>> merged = new TreeMap<>();
    for (PathRule r : rules) {
      Objects.requireNonNull(r, "rule");
      merged.computeIfAbsent(r.path(), p -> EnumSet.noneOf(Capability.class)).addAll(r.capabilities());
    }
    if (merged.size() > MAX_RULES) {
      throw new PolicyException(PolicyException.Problem.TOO_LARGE,
          "policy '" + name + "' has " + merged.size() + " paths, the limit is " + MAX_RULES);
    }
    List<PathRule> sorted = new ArrayList<>(merged.size());
    merged.forEach((path, caps) -> sorted.add(new PathRule(path, caps)));
    rules = List.copyOf(sorted);
  }

  /** Whether {@code name} is a valid policy name (reserved names included). */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /** @throws PolicyException {@code INVALID_NAME} naming the value if it is not a valid name */
  public static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!isValidName(name)) {
      throw new PolicyException(PolicyException.Problem.INVALID_NAME,
          "policy name must be 1.." + MAX_NAME_LENGTH + " characters of [a-z0-9._-] (not '.' or '..'), was "
              + Text.quote(name));
    }
  }
}
