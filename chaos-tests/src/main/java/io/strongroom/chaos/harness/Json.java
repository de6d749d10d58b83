package io.strongroom.chaos.harness;

import io.strongroom.chaos.history.Edn;
import java.util.Map;

/**
 * Renders an EDN value as JSON, for {@code summary.json}: maps become objects (keyword keys lose
 * their colon), vectors, lists and sets arrays, keywords and symbols strings, {@code nil}
 * {@code null}. Pretty-printed with two spaces.
 */
public final class Json {
  private Json() {}

  public static String render(Edn value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.append('\n').toString();
  }

  private static void write(StringBuilder sb, Edn v, int depth) {
    if (v instanceof Edn.MapOf m) {
      if (m.entries().isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (Map.Entry<Edn, Edn> e : m.entries().entrySet()) {
        indent(sb, depth + 1);
        string(sb, name(e.getKey()));
        sb.append(": ");
        write(sb, e.getValue(), depth + 1);
        sb.append(++i < m.entries().size() ? ",\n" : "\n");
      }
      indent(sb, depth);
      sb.append('}');
    } else if (v.asSequence().isPresent() || v instanceof Edn.SetOf) {
      java.util.List<Edn> items = v instanceof Edn.SetOf s ? java.util.List.copyOf(s.items()) : v.asSequence().orElseThrow();
      sb.append('[');
      for (int i = 0; i < items.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        write(sb, items.get(i), depth + 1);
      }
      sb.append(']');
    } else if (v instanceof Edn.Nil) {
      sb.append("null");
    } else if (v instanceof Edn.Bool b) {
      sb.append(b.value());
    } else if (v instanceof Edn.Int i) {
      sb.append(i.value());
    } else if (v instanceof Edn.Real r) {
      sb.append(Double.isFinite(r.value()) ? Double.toString(r.value()) : "null");
    } else {
      string(sb, name(v));
    }
  }

  private static String name(Edn v) {
    if (v instanceof Edn.Keyword k) {
      return k.name();
    }
    if (v instanceof Edn.Str s) {
      return s.value();
    }
    if (v instanceof Edn.Symbol s) {
      return s.name();
    }
    return v.toString();
  }

  private static void indent(StringBuilder sb, int depth) {
    sb.append("  ".repeat(depth));
  }

  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
