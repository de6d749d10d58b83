package io.strongroom.access.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled access rules of one token: the union of its policies, ready to answer
 * {@link #allows(String, Capability)} on every request.
 *
 * <p>Decision procedure, Vault's (developer.hashicorp.com/vault/docs/concepts/policies):
 * <ol>
 *   <li>If any policy is {@code root}, every capability but {@code deny} is granted on every path.</li>
 *   <li>Rules with the same pattern, from any of the policies, are merged: their capabilities are
 *       united.</li>
 *   <li>Of the merged patterns that match the path, exactly one wins: an exact pattern if there is
 *       one, otherwise the highest by Vault's priority rules. Given P1 and P2, P1 is lower if
 *       (1) its first {@code +} or {@code *} comes earlier, (2) it ends in {@code *} and P2 does not,
 *       (3) it has more {@code +} segments, (4) it is shorter, (5) it is lexicographically smaller.
 *       Lower-priority matches are ignored entirely, even when they would grant more.</li>
 *   <li>If the winner holds {@code deny}, nothing is granted; otherwise its capabilities are.</li>
 *   <li>If nothing matches, nothing is granted (deny by default).</li>
 * </ol>
 *
 * <p>Request paths must be canonical: no leading '/', no empty, {@code .} or {@code ..} segment,
 * no control character; a single trailing '/' (a list of a folder) and the empty path (a list of
 * the root) are allowed. A path that is not canonical is granted nothing, so a spelling trick such
 * as {@code secret//admin} cannot slip past a rule for {@code secret/admin}.
 *
 * <p>Cost per check: one hash lookup for exact rules, one per distinct glob-prefix length, and a
 * scan of the {@code +} rules in priority order (first match wins). Immutable and thread-safe;
 * returned sets are unmodifiable.
 */
public final class Acl {
  private static final int MAX_REQUEST_PATH_CHARS = 4096;
  private static final Set<Capability> NONE = Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));
  private static final Set<Capability> ALL = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(Capability.DENY)));
  private static final Acl ROOT = new Acl(true, Map.of(), Map.of(), new int[0], List.of(), List.of());

  /** A merged pattern with its granted capabilities (empty for deny) and its global priority rank. */
  private static final class Compiled {
    final PathPattern pattern;
    final Set<Capability> granted;
    int rank;

    Compiled(PathPattern pattern, Set<Capability> merged) {
      this.pattern = pattern;
      this.granted = merged.contains(Capability.DENY) ? NONE : Collections.unmodifiableSet(EnumSet.copyOf(merged));
    }
  }

  private final boolean root;
  private final Map<String, Compiled> exact;
  private final Map<String, Compiled> prefixes;
  /** Distinct lengths of the glob prefixes, longest first. */
  private final int[] prefixLengths;
  /** Segment wildcard patterns, highest priority first. */
  private final List<Compiled> wildcards;
  private final List<String> policyNames;

  private Acl(boolean root, Map<String, Compiled> exact, Map<String, Compiled> prefixes, int[] prefixLengths,
      List<Compiled> wildcards, List<String> policyNames) {
    this.root = root;
    this.exact = exact;
    this.prefixes = prefixes;
    this.prefixLengths = prefixLengths;
    this.wildcards = wildcards;
    this.policyNames = policyNames;
  }

  /** Compiles {@code policies}; duplicates and order do not matter. An empty collection allows nothing. */
  public static Acl of(Collection<Policy> policies) {
    Objects.requireNonNull(policies, "policies");
    Set<String> names = new TreeSet<>();
    Map<String, Set<Capability>> merged = new LinkedHashMap<>();
    for (Policy p : policies) {
      names.add(p.name());
      if (p.name().equals(Policy.ROOT)) {
        return ROOT;
      }
      for (PathRule r : p.rules()) {
        merged.computeIfAbsent(r.path(), k -> EnumSet.noneOf(Capability.class)).addAll(r.capabilities());
      }
    }
    Map<String, Compiled> exact = new HashMap<>();
    Map<String, Compiled> prefixes = new HashMap<>();
    Set<Integer> lengths = new TreeSet<>(Collections.reverseOrder());
    List<Compiled> wildcards = new ArrayList<>();
    List<Compiled> ranked = new ArrayList<>();
    for (Map.Entry<String, Set<Capability>> e : merged.entrySet()) {
      Compiled c = new Compiled(PathPattern.compile(e.getKey()), e.getValue());
      if (c.pattern.isExact()) {
        exact.put(c.pattern.text, c);
        continue;
      }
      ranked.add(c);
      if (c.pattern.isPurePrefix()) {
        prefixes.put(c.pattern.prefix, c);
        lengths.add(c.pattern.prefix.length());
      } else {
        wildcards.add(c);
      }
    }
    ranked.sort((a, b) -> PathPattern.PRIORITY.compare(a.pattern, b.pattern));
    for (int i = 0; i < ranked.size(); i++) {
      ranked.get(i).rank = i;
    }
    wildcards.sort((a, b) -> Integer.compare(b.rank, a.rank));
    return new Acl(false, Map.copyOf(exact), Map.copyOf(prefixes),
        lengths.stream().mapToInt(Integer::intValue).toArray(), List.copyOf(wildcards), List.copyOf(names));
  }

  /** Whether the token holds the root policy. */
  public boolean isRoot() {
    return root;
  }

  /**
   * Whether {@code capability} is granted on {@code path}.
   *
   * @throws IllegalArgumentException for {@link Capability#DENY}, which is never granted
   */
  public boolean allows(String path, Capability capability) {
    Objects.requireNonNull(capability, "capability");
    if (capability == Capability.DENY) {
      throw new IllegalArgumentException("deny is not a capability that can be granted");
    }
    return capabilities(path).contains(capability);
  }

  /** The capabilities granted on {@code path}: empty if denied or unmatched; never contains DENY. */
  public Set<Capability> capabilities(String path) {
    if (root) {
      return canonical(path) ? ALL : NONE;
    }
    Compiled c = winner(path);
    return c == null ? NONE : c.granted;
  }

  /**
   * The pattern that decides {@code path}, if any: for audit and for explaining a refusal. Empty
   * for the root policy, an unmatched path, or a non-canonical one.
   */
  public Optional<String> decidingRule(String path) {
    if (root) {
      return Optional.empty();
    }
    Compiled c = winner(path);
    return c == null ? Optional.empty() : Optional.of(c.pattern.text);
  }

  /** The names of the policies this ACL was compiled from, sorted. */
  public List<String> policyNames() {
    return root ? List.of(Policy.ROOT) : policyNames;
  }

  private Compiled winner(String path) {
    if (!canonical(path)) {
      return null;
    }
    Compiled best = exact.get(path);
    if (best != null) {
      return best;
    }
    for (int length : prefixLengths) {
      if (length <= path.length()) {
        Compiled c = prefixes.get(path.substring(0, length));
        if (c != null) {
          best = c;
          break;
        }
      }
    }
    if (!wildcards.isEmpty() && (best == null || best.rank < wildcards.get(0).rank)) {
      String[] parts = path.split("/", -1);
      for (Compiled w : wildcards) {
        if (best != null && w.rank < best.rank) {
          break;
        }
        if (w.pattern.matchesSegments(parts)) {
          return w;
        }
      }
    }
    return best;
  }

  /** Whether {@code path} is a canonical request path (see the class comment). */
  static boolean canonical(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      return true;
    }
    if (path.length() > MAX_REQUEST_PATH_CHARS || path.charAt(0) == '/') {
      return false;
    }
    int segmentStart = 0;
    for (int i = 0; i <= path.length(); i++) {
      char c = i < path.length() ? path.charAt(i) : '/';
      if (c == '/') {
        int len = i - segmentStart;
        boolean trailing = i == path.length() - 1;
        if (len == 0 && i < path.length()) {
          return false;
        }
        if ((len == 1 && path.charAt(segmentStart) == '.')
            || (len == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.')) {
          return false;
        }
        if (trailing) {
          return true;
        }
        segmentStart = i + 1;
      } else if (c < 0x20 || c == 0x7f) {
        return false;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return root ? "Acl[root]" : "Acl" + policyNames + "[" + (exact.size() + prefixes.size() + wildcards.size()) + " patterns]";
  }
}
