package io.strongroom.crypto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON (objects, arrays, strings without escapes, integers) to read test vectors. */
final class MiniJson {
  private final String s;
  private int pos;

  private MiniJson(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object v = p.value();
    p.ws();
    if (p.pos != text.length()) {
      throw new IllegalArgumentException("trailing content at " + p.pos);
    }
    return v;
  }

  private void ws() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private void expect(char c) {
    ws();
    if (s.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos);
    }
    pos++;
  }

  private Object value() {
    ws();
    char c = s.charAt(pos);
    if (c == '{') {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++;
      ws();
      if (s.charAt(pos) == '}') {
        pos++;
        return m;
      }
      do {
        ws();
        String k = string();
        expect(':');
        m.put(k, value());
        ws();
      } while (s.charAt(pos++) == ',');
      if (s.charAt(pos - 1) != '}') {
        throw new IllegalArgumentException("expected '}' at " + (pos - 1));
      }
      return m;
    }
    if (c == '[') {
      List<Object> l = new ArrayList<>();
      pos++;
      ws();
      if (s.charAt(pos) == ']') {
        pos++;
        return l;
      }
      do {
        l.add(value());
        ws();
      } while (s.charAt(pos++) == ',');
      if (s.charAt(pos - 1) != ']') {
        throw new IllegalArgumentException("expected ']' at " + (pos - 1));
      }
      return l;
    }
    if (c == '"') {
      return string();
    }
    int start = pos;
    while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '-')) {
      pos++;
    }
    return Long.parseLong(s.substring(start, pos));
  }

  private String string() {
    if (s.charAt(pos) != '"') {
      throw new IllegalArgumentException("expected string at " + pos);
    }
    int end = s.indexOf('"', pos + 1);
    String v = s.substring(pos + 1, end);
    if (v.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("escapes are not supported");
    }
    pos = end + 1;
    return v;
  }
}
