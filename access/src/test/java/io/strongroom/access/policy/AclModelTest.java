package io.strongroom.access.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Differential test: the compiled {@link Acl} against a deliberately simple model that applies
 * Vault's documented rules literally (a regex per pattern, every match collected, the five
 * priority rules as a comparator), on random policies and paths.
 */
class AclModelTest {
  private static final String[] SEGMENTS = {"a", "b", "ab", "+"};
  private static final String[] PATH_SEGMENTS = {"a", "b", "ab", "abc", "ba"};

  @Test
  void compiledAclAgreesWithTheModel() {
    qt().withExamples(400).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      List<Policy> policies = new ArrayList<>();
      int count = 1 + r.nextInt(3);
      for (int i = 0; i < count; i++) {
        List<PathRule> rules = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int j = 0; j < n; j++) {
          rules.add(new PathRule(randomPattern(r), randomCaps(r)));
        }
        policies.add(new Policy("p" + i, rules));
      }
      Acl acl = Acl.of(policies);
      for (int k = 0; k < 30; k++) {
        String path = randomPath(r);
        assertThat(acl.capabilities(path)).as("seed %s, path %s, policies %s", seed, path, policies)
            .isEqualTo(model(policies, path));
      }
    });
  }

  private static String randomPattern(Random r) {
    int n = 1 + r.nextInt(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(SEGMENTS[r.nextInt(SEGMENTS.length)]);
    }
    switch (r.nextInt(4)) {
      case 0:
        if (sb.charAt(sb.length() - 1) != '+') {
          sb.append('*');
        }
        break;
      case 1:
        sb.append("/*");
        break;
      case 2:
        sb.append('/');
        break;
      default:
        break;
    }
    return sb.toString();
  }

  private static Set<Capability> randomCaps(Random r) {
    EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
    for (Capability c : Capability.values()) {
      if (r.nextInt(c == Capability.DENY ? 6 : 3) == 0) {
        caps.add(c);
      }
    }
    if (caps.isEmpty()) {
      caps.add(Capability.READ);
    }
    return caps;
  }

  private static String randomPath(Random r) {
    int n = 1 + r.nextInt(4);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(PATH_SEGMENTS[r.nextInt(PATH_SEGMENTS.length)]);
    }
    if (r.nextInt(4) == 0) {
      sb.append('/');
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ the model

  private static Set<Capability> model(List<Policy> policies, String path) {
    Map<String, EnumSet<Capability>> merged = new LinkedHashMap<>();
    for (Policy p : policies) {
      for (PathRule rule : p.rules()) {
        merged.computeIfAbsent(rule.path(), k -> EnumSet.noneOf(Capability.class)).addAll(rule.capabilities());
      }
    }
    List<String> matching = new ArrayList<>();
    for (String pattern : merged.keySet()) {
      if (regex(pattern).matcher(path).matches()) {
        matching.add(pattern);
      }
    }
    if (matching.isEmpty()) {
      return Set.of();
    }
    String winner = matching.contains(path) ? path : matching.stream().max(VAULT_PRIORITY).orElseThrow();
    EnumSet<Capability> caps = merged.get(winner);
    return caps.contains(Capability.DENY) ? Set.of() : caps;
  }

  /** Literal characters, "+" segments as one segment of anything, a trailing "*" as anything at all. */
  private static Pattern regex(String pattern) {
    boolean glob = pattern.endsWith("*");
    String body = glob ? pattern.substring(0, pattern.length() - 1) : pattern;
    String[] segs = body.split("/", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < segs.length; i++) {
      if (i > 0) {
        re.append('/');
      }
      re.append(segs[i].equals("+") ? "[^/]*" : Pattern.quote(segs[i]));
    }
    if (glob) {
      re.append(".*");
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static int firstWildcard(String p) {
    int best = p.length();
    String[] segs = p.split("/", -1);
    int offset = 0;
    for (String s : segs) {
      if (s.equals("+")) {
        best = Math.min(best, offset);
        break;
      }
      offset += s.length() + 1;
    }
    int star = p.indexOf('*');
    return star >= 0 ? Math.min(best, star) : best;
  }

  private static long plusCount(String p) {
    return java.util.Arrays.stream(p.split("/", -1)).filter("+"::equals).count();
  }

  /** Higher is better; written from the docs' five sentences, independently of PathPattern. */
  private static final Comparator<String> VAULT_PRIORITY = (p1, p2) -> {
    if (firstWildcard(p1) != firstWildcard(p2)) {
      return firstWildcard(p1) < firstWildcard(p2) ? -1 : 1; // 1. first wildcard earlier: lower
    }
    if (p1.endsWith("*") != p2.endsWith("*")) {
      return p1.endsWith("*") ? -1 : 1; // 2. ends in *: lower
    }
    if (plusCount(p1) != plusCount(p2)) {
      return plusCount(p1) > plusCount(p2) ? -1 : 1; // 3. more + segments: lower
    }
    if (p1.length() != p2.length()) {
      return p1.length() < p2.length() ? -1 : 1; // 4. shorter: lower
    }
    return p1.compareTo(p2); // 5. lexicographically smaller: lower
  };
}
