package io.strongroom.deploy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the node's {@code GET /v1/sys/health} answers, restated from {@code HealthServer}
 * (node/src/main/java/io/strongroom/node/server/) so that the deploy tests can work out which node
 * states a probe's query accepts without depending on the node module.
 *
 * <p>KEEP IN SYNC with HealthServer. {@link HealthEndpointRulesTest} reads its source and fails when
 * the default codes, the parameter names or the order of the checks change.
 */
final class HealthEndpointRules {
  /** The states a node reports. */
  enum State { LEADER, STANDBY, SEALED, UNINITIALIZED }

  /** Parameters that change the answer. */
  static final Set<String> EFFECTIVE = Set.of("standbyok", "activecode", "standbycode", "sealedcode", "uninitcode");
  /** Vault parameters the node checks for well-formedness and otherwise ignores. */
  static final Set<String> IGNORED = Set.of("perfstandbyok", "performancestandbycode", "drsecondarycode");

  static final int ACTIVE = 200;
  static final int STANDBY = 429;
  static final int SEALED = 503;
  static final int UNINIT = 501;
  /** The answer to a malformed parameter value. */
  static final int BAD_REQUEST = 400;

  private HealthEndpointRules() {}

  /** The raw query's parameters, decoded; the first occurrence of a name counts, as in Vault. */
  static Map<String, String> parameters(String rawQuery) {
    Map<String, String> q = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return q;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      q.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return q;
  }

  /** The status code a node in {@code state} answers to {@code /v1/sys/health?rawQuery}. */
  static int status(String rawQuery, State state) {
    Map<String, String> q = parameters(rawQuery);
    try {
      bool(q, "perfstandbyok");
      code(q, "performancestandbycode", 473);
      code(q, "drsecondarycode", 472);
      boolean standbyOk = bool(q, "standbyok");
      int active = code(q, "activecode", ACTIVE);
      int standby = code(q, "standbycode", STANDBY);
      int sealed = code(q, "sealedcode", SEALED);
      int uninit = code(q, "uninitcode", UNINIT);
      return switch (state) {
        case UNINITIALIZED -> uninit;
        case SEALED -> sealed;
        case LEADER -> active;
        case STANDBY -> standbyOk ? active : standby;
      };
    } catch (IllegalArgumentException e) {
      return BAD_REQUEST;
    }
  }

  /** Kubernetes: an httpGet probe succeeds on 200-399. */
  static boolean kubeletSuccess(int status) {
    return status >= 200 && status < 400;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** Go's ParseBool, as Vault reads it; an empty value is false. */
  private static boolean bool(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "", "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static int code(Map<String, String> q, String name, int fallback) {
    String v = q.get(name);
    if (v == null) {
      return fallback;
    }
    int code;
    try {
      code = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name, e);
    }
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException(name);
    }
    return code;
  }
}
