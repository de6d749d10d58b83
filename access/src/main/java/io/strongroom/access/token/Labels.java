package io.strongroom.access.token;

import io.strongroom.access.internal.Text;
import io.strongroom.access.policy.Policy;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Limits and checks shared by token records and requests. */
final class Labels {
  static final int MAX_DISPLAY_NAME = 256;
  static final int MAX_META_ENTRIES = 32;
  static final int MAX_META_KEY = 128;
  static final int MAX_META_VALUE = 512;
  static final int MAX_POLICIES = 64;
  private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_META_KEY + "}");

  private Labels() {}

  /** An error message if {@code name} is not a valid display name, else null. */
  static String checkDisplayName(String name) {
    Objects.requireNonNull(name, "displayName");
    if (name.length() > MAX_DISPLAY_NAME) {
      return "display name must be at most " + MAX_DISPLAY_NAME + " characters, was " + name.length();
    }
    int bad = Text.firstBadChar(name, false);
    if (bad >= 0) {
      return "display name has a control character or unpaired surrogate at index " + bad;
    }
    return null;
  }

  /** An error message if {@code meta} breaks the limits, else null. */
  static String checkMeta(Map<String, String> meta) {
    Objects.requireNonNull(meta, "meta");
    if (meta.size() > MAX_META_ENTRIES) {
      return "meta must have at most " + MAX_META_ENTRIES + " entries, had " + meta.size();
    }
    for (Map.Entry<String, String> e : meta.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "meta key");
      String v = Objects.requireNonNull(e.getValue(), "meta value");
      if (!META_KEY.matcher(k).matches()) {
        return "meta key must be 1.." + MAX_META_KEY + " characters of [A-Za-z0-9._-], was " + Text.quote(k);
      }
      if (v.length() > MAX_META_VALUE || Text.firstBadChar(v, false) >= 0) {
        return "meta value of " + Text.quote(k) + " must be at most " + MAX_META_VALUE
            + " characters without control characters";
      }
    }
    return null;
  }

  /** An error message if {@code policies} has an invalid name or too many, else null. */
  static String checkPolicies(Collection<String> policies) {
    Objects.requireNonNull(policies, "policies");
    if (policies.size() > MAX_POLICIES) {
      return "at most " + MAX_POLICIES + " policies, had " + policies.size();
    }
    for (String p : policies) {
      if (!Policy.isValidName(p)) {
        return "policy name must be 1.." + Policy.MAX_NAME_LENGTH + " characters of [a-z0-9._-], was "
            + (p == null ? "null" : Text.quote(p));
      }
    }
    return null;
  }

  static SortedSet<String> sortedSet(Collection<String> c) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(c));
  }

  static SortedMap<String, String> sortedMap(Map<String, String> m) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(m));
  }
}
