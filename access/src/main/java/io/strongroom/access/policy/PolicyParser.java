package io.strongroom.access.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.strongroom.access.PolicyException;
import io.strongroom.access.PolicyException.Problem;
import io.strongroom.access.internal.Text;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes policies in Vault's JSON form:
 *
 * <pre>
 * {"path": {"app/*": {"capabilities": ["read", "list"]},
 *           "app/admin": {"capabilities": ["deny"]}}}
 * </pre>
 *
 * <p>Strict on purpose: every key other than {@code path} and {@code capabilities} is refused, not
 * ignored (Vault's {@code allowed_parameters}, {@code denied_parameters}, {@code
 * required_parameters} and wrapping TTLs are not supported, and a policy that silently lost one
 * would grant more than its author meant); duplicate keys, unknown capabilities and empty
 * capability lists are refused. Capabilities listed twice count once, as in Vault. Every error is
 * a {@link PolicyException} naming the path, the capability or key, and the line and column.
 *
 * <p>Limits: {@value #MAX_TEXT_CHARS} characters of text, {@value Policy#MAX_RULES} paths,
 * {@value PathPattern#MAX_PATH_BYTES} bytes per path. The built-in {@code root} policy can never be
 * written.
 *
 * <p>{@link #toJson} writes the canonical form: compact, paths sorted, capabilities in
 * {@link Capability} order; {@code parse(name, toJson(p))} equals {@code p}. Stateless and
 * thread-safe.
 */
public final class PolicyParser {
  public static final int MAX_TEXT_CHARS = 64 * 1024;
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private PolicyParser() {}

  /**
   * Parses the policy {@code name} from its JSON text.
   *
   * @throws PolicyException for a bad name, the reserved name {@code root}, or a bad document
   */
  public static Policy parse(String name, String json) {
    Policy.checkName(name);
    Objects.requireNonNull(json, "json");
    if (name.equals(Policy.ROOT)) {
      throw new PolicyException(Problem.RESERVED_NAME, "policy 'root' is built in and cannot be written");
    }
    if (json.length() > MAX_TEXT_CHARS) {
      throw new PolicyException(Problem.TOO_LARGE,
          "policy text is " + json.length() + " characters, the limit is " + MAX_TEXT_CHARS);
    }
    try (JsonParser p = JSON.createParser(json)) {
      List<PathRule> rules = document(p);
      return new Policy(name, rules);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new PolicyException(Problem.MALFORMED_JSON, "policy is not valid JSON: " + e.getOriginalMessage(),
          null, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  private static List<PathRule> document(JsonParser p) throws IOException {
    expect(p, p.nextToken(), JsonToken.START_OBJECT, "the policy", null);
    List<PathRule> rules = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (!key.equals("path")) {
        throw fail(p, Problem.UNKNOWN_KEY, "unknown key " + Text.quote(key) + " (only \"path\" is allowed)", null);
      }
      rules = paths(p);
    }
    if (rules == null) {
      throw fail(p, Problem.MISSING_KEY, "policy has no \"path\" key", null);
    }
    if (p.nextToken() != null) {
      throw fail(p, Problem.MALFORMED_JSON, "unexpected content after the policy object", null);
    }
    return rules;
  }

  private static List<PathRule> paths(JsonParser p) throws IOException {
    expect(p, p.nextToken(), JsonToken.START_OBJECT, "\"path\"", null);
    List<PathRule> rules = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String path = p.currentName();
      JsonLocation at = p.currentTokenLocation();
      if (rules.size() == Policy.MAX_RULES) {
        throw fail(p, Problem.TOO_LARGE, "policy has more than " + Policy.MAX_RULES + " paths", path);
      }
      PathPattern pattern;
      try {
        pattern = PathPattern.compile(path);
      } catch (PolicyException e) {
        throw new PolicyException(e.problem(), e.getMessage(), path, at.getLineNr(), at.getColumnNr());
      }
      if (!seen.add(pattern.text)) {
        // "/a" and "a" are one path: refuse the second spelling rather than merge it silently.
        throw fail(p, Problem.MALFORMED_JSON, "path " + Text.quote(path) + " is listed twice", path);
      }
      rules.add(new PathRule(pattern.text, capabilities(p, path)));
    }
    return rules;
  }

  private static Set<Capability> capabilities(JsonParser p, String path) throws IOException {
    expect(p, p.nextToken(), JsonToken.START_OBJECT, "path " + Text.quote(path), path);
    Set<Capability> caps = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      if (!key.equals("capabilities")) {
        throw fail(p, Problem.UNKNOWN_KEY,
            "path " + Text.quote(path) + ": unknown key " + Text.quote(key) + " (only \"capabilities\" is allowed)", path);
      }
      expect(p, p.nextToken(), JsonToken.START_ARRAY, "capabilities of path " + Text.quote(path), path);
      caps = EnumSet.noneOf(Capability.class);
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t != JsonToken.VALUE_STRING) {
          throw fail(p, Problem.WRONG_TYPE,
              "path " + Text.quote(path) + ": capabilities must be strings, found " + describe(t), path);
        }
        String token = p.getText();
        Optional<Capability> c = Capability.fromToken(token);
        if (c.isEmpty()) {
          throw fail(p, Problem.UNKNOWN_CAPABILITY,
              "path " + Text.quote(path) + ": unknown capability " + Text.quote(token), path);
        }
        caps.add(c.get());
      }
      if (caps.isEmpty()) {
        throw fail(p, Problem.EMPTY_CAPABILITIES, "path " + Text.quote(path) + " lists no capabilities", path);
      }
    }
    if (caps == null) {
      throw fail(p, Problem.MISSING_KEY, "path " + Text.quote(path) + " has no \"capabilities\" key", path);
    }
    return caps;
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what, String path) {
    if (actual != expected) {
      String want = expected == JsonToken.START_OBJECT ? "an object" : "an array";
      throw fail(p, Problem.WRONG_TYPE, what + " must be " + want + ", found " + describe(actual), path);
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : "'" + t.asString() + "'";
    }
  }

  private static PolicyException fail(JsonParser p, Problem problem, String message, String path) {
    JsonLocation at = p.currentTokenLocation();
    return new PolicyException(problem, message, path, at.getLineNr(), at.getColumnNr());
  }

  /** The canonical JSON text of {@code policy} (not of its name). */
  public static String toJson(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("path");
      for (PathRule r : policy.rules()) {
        g.writeObjectFieldStart(r.path());
        g.writeArrayFieldStart("capabilities");
        for (Capability c : r.capabilities()) {
          g.writeString(c.token());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }
}
