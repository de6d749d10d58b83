package io.strongroom.audit;

/** Message helpers: values quoted in error messages are cut short and made printable. */
final class Text {
  private static final int EXCERPT = 64;

  private Text() {}

  static String excerpt(CharSequence s) {
    StringBuilder sb = new StringBuilder();
    int n = Math.min(s.length(), EXCERPT);
    for (int i = 0; i < n; i++) {
      sb.append(printable(s.charAt(i)));
    }
    if (s.length() > EXCERPT) {
      sb.append("...(").append(s.length()).append(" characters)");
    }
    return sb.toString();
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
