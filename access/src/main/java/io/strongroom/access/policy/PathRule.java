package io.strongroom.access.policy;

import io.strongroom.access.PolicyException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code path} stanza of a policy: a pattern and the capabilities it grants (or {@code deny}).
 *
 * @param path the pattern, normalized: one leading '/' is dropped. {@code *} only as the last
 *     character (prefix match); a {@code +} segment matches exactly one segment.
 * @param capabilities at least one; an unmodifiable copy
 */
public record PathRule(String path, Set<Capability> capabilities) {

  /**
   * @throws PolicyException {@code INVALID_PATH}/{@code TOO_LARGE} for a bad pattern,
   *     {@code EMPTY_CAPABILITIES} for no capability
   */
  public PathRule {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(capabilities, "capabilities");
    path = PathPattern.compile(path).text;
    if (capabilities.isEmpty()) {
      throw new PolicyException(PolicyException.Problem.EMPTY_CAPABILITIES,
          "path '" + path + "' lists no capabilities", path, 0, 0);
    }
    capabilities = Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
  }

  /** A rule granting {@code first} and {@code rest} on {@code path}. */
  public static PathRule of(String path, Capability first, Capability... rest) {
    return new PathRule(path, EnumSet.of(first, rest));
  }
}
