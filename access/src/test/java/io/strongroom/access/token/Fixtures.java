package io.strongroom.access.token;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Records used across token tests. */
final class Fixtures {
  static final long T0 = 1_800_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final String ROOT_ACC = "ac.rootrootrootrootrootro";
  static final String PARENT_ACC = "ac.parentparentparentpare";
  static final String CHILD_ACC = "ac.childchildchildchildch";

  private Fixtures() {}

  static TreeSet<String> set(String... s) {
    return new TreeSet<>(Set.of(s));
  }

  static TokenRecord service(String accessor, long issuedAt, long ttl, long max, boolean renewable, int uses,
      String... policies) {
    return new TokenRecord(accessor, TokenKind.SERVICE, set(policies), ROOT_ACC, issuedAt, ttl, max,
        issuedAt + ttl, renewable, uses, 0, 0, "svc", new TreeMap<>(Map.of("team", "payments")));
  }
}
