package io.strongroom.chaos.history;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent reader for EDN text (<a href="https://github.com/edn-format/edn">edn-format</a>),
 * one form at a time, tracking line and column so every error names where it happened.
 *
 * <p>Reads all of EDN: {@code nil}, booleans, integers ({@code N} suffix), floats ({@code M} suffix,
 * exponents, {@code ##Inf}, {@code ##-Inf}, {@code ##NaN}), strings, characters, keywords, symbols,
 * lists, vectors, maps, sets, tagged literals (kept uninterpreted as {@link Edn.Tagged}), {@code #_}
 * discards, {@code ;} comments and commas as whitespace. Beyond the spec it accepts Clojure's
 * {@code \b}, {@code \f} and {@code \}{@code uXXXX} string escapes, keywords that start with a
 * digit, and what Clojure prints into Jepsen histories: hexadecimal integers ({@code 0x1f}, as in
 * {@code #object[java.lang.Thread 0x1f "..."]}) and ratios ({@code 1/3}, read as a {@link Edn.Real}).
 * It rejects what Clojure would read differently or not at all: integers with leading zeros
 * (octal in Clojure), {@code ::auto-resolved} keywords, duplicate map keys and set elements, and
 * nesting deeper than {@value #MAX_DEPTH}.
 *
 * <p>Errors are {@link HistoryFormatException}s; I/O errors of the underlying reader propagate. Not
 * thread-safe: one reader per input.
 */
final class EdnReader {
  static final int MAX_DEPTH = 512;

  /** {@link #readOrEnd} argument: no closing delimiter may end this read. */
  private static final int NO_CLOSE = -2;
  private static final int EOF = -1;

  private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]*)N?");
  private static final Pattern HEX = Pattern.compile("([+-]?)0[xX]([0-9a-fA-F]+)N?");
  private static final Pattern RATIO = Pattern.compile("([+-]?[0-9]+)/([0-9]+)");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(0|[1-9][0-9]*)"
          + "((\\.[0-9]*)?([eE][+-]?[0-9]+)?M|\\.[0-9]*([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)");
  private static final String SYMBOL_PUNCTUATION = ".*+!-_?$%&=<>/:#'";

  private final Reader in;
  private final char[] buf = new char[8192];
  private int pos;
  private int limit;
  private boolean exhausted;

  private int line = 1;
  private int column = 1;
  private int formLine;
  private int formColumn;
  private int depth;

  EdnReader(Reader in) {
    this.in = in;
  }

  /**
   * Reads {@code text} as exactly one EDN form.
   *
   * @throws HistoryFormatException if it is not one well-formed form
   */
  static Edn readOne(String text) {
    EdnReader r = new EdnReader(new StringReader(text));
    try {
      Edn form = r.readOrEnd(EOF, "");
      if (form == null) {
        throw new HistoryFormatException(r.line, r.column, "expected an EDN value, found only whitespace");
      }
      int line = r.line;
      int column = r.column;
      if (r.readOrEnd(EOF, "") != null) {
        throw new HistoryFormatException(r.formLine, r.formColumn, "expected one EDN value, found more after line "
            + line + ", column " + column);
      }
      return form;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Line of the first character of the form last returned by {@link #readOrEnd}. */
  int formLine() {
    return formLine;
  }

  /** Column of the first character of the form last returned by {@link #readOrEnd}. */
  int formColumn() {
    return formColumn;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  /**
   * Skips whitespace, comments and {@code #_} discards, then returns the next character without
   * consuming it, or -1 at the end of the input.
   */
  int peekSignificant() throws IOException {
    skipIgnorable();
    return peek(0);
  }

  /** Consumes the character {@link #peekSignificant()} returned. */
  void consume() throws IOException {
    next();
  }

  /**
   * Reads the next form, or returns {@code null} when the next significant character is
   * {@code close} (which is consumed) or, for {@code close == -1}, when the input ends.
   *
   * @param expecting what was expected, for the message when the input ends too early
   */
  Edn readOrEnd(int close, String expecting) throws IOException {
    skipIgnorable();
    int c = peek(0);
    if (c == EOF) {
      if (close == EOF) {
        return null;
      }
      throw error(line, column, "unexpected end of input, expected " + expecting);
    }
    if (c == close) {
      next();
      return null;
    }
    if (c == ')' || c == ']' || c == '}') {
      throw error(line, column, "unexpected '" + (char) c + "'"
          + (close >= 0 ? ", expected " + expecting : ""));
    }
    formLine = line;
    formColumn = column;
    int l = line;
    int col = column;
    Edn form = readForm();
    formLine = l;
    formColumn = col;
    return form;
  }

  // ---- forms ----

  private Edn readForm() throws IOException {
    int l = line;
    int col = column;
    int c = peek(0);
    switch (c) {
      case '(':
        next();
        return new Edn.Lst(readItems(')', l, col, "list"));
      case '[':
        next();
        return new Edn.Vec(readItems(']', l, col, "vector"));
      case '{':
        next();
        return readMap(l, col);
      case '"':
        next();
        return readString(l, col);
      case '\\':
        next();
        return readChar(l, col);
      case '#':
        next();
        return readDispatch(l, col);
      case ':':
        next();
        return readKeyword(l, col);
      default:
        break;
    }
    if (isDigit(c) || ((c == '+' || c == '-') && isDigit(peek(1)))) {
      return readNumber(l, col);
    }
    String token = readToken();
    if (token.isEmpty()) {
      throw error(l, col, "unexpected character " + describe(c));
    }
    switch (token) {
      case "nil":
        return Edn.NIL;
      case "true":
        return new Edn.Bool(true);
      case "false":
        return new Edn.Bool(false);
      default:
        checkSymbol(token, l, col, "symbol");
        return new Edn.Symbol(token);
    }
  }

  private List<Edn> readItems(char close, int l, int col, String what) throws IOException {
    enter(l, col);
    List<Edn> items = new ArrayList<>();
    String expecting = "'" + close + "' to close the " + what + " opened at line " + l + ", column " + col;
    Edn item;
    while ((item = readOrEnd(close, expecting)) != null) {
      items.add(item);
    }
    depth--;
    return items;
  }

  private Edn readMap(int l, int col) throws IOException {
    enter(l, col);
    Map<Edn, Edn> entries = new LinkedHashMap<>();
    String expecting = "'}' to close the map opened at line " + l + ", column " + col;
    while (true) {
      Edn key = readOrEnd('}', expecting);
      if (key == null) {
        break;
      }
      int keyLine = formLine;
      int keyColumn = formColumn;
      Edn value = readOrEnd('}', expecting);
      if (value == null) {
        throw error(line, column - 1, "the map opened at line " + l + ", column " + col
            + " has a key without a value (" + abbreviate(key) + ")");
      }
      if (entries.putIfAbsent(key, value) != null) {
        throw error(keyLine, keyColumn, "duplicate map key " + abbreviate(key));
      }
    }
    depth--;
    return new Edn.MapOf(entries);
  }

  private Edn readSet(int l, int col) throws IOException {
    enter(l, col);
    Set<Edn> items = new LinkedHashSet<>();
    String expecting = "'}' to close the set opened at line " + l + ", column " + col;
    Edn item;
    while ((item = readOrEnd('}', expecting)) != null) {
      if (!items.add(item)) {
        throw error(formLine, formColumn, "duplicate set element " + abbreviate(item));
      }
    }
    depth--;
    return new Edn.SetOf(items);
  }

  private Edn readDispatch(int l, int col) throws IOException {
    int c = peek(0);
    if (c == '{') {
      next();
      return readSet(l, col);
    }
    if (c == '#') {
      next();
      String token = readToken();
      switch (token) {
        case "Inf":
          return new Edn.Real(Double.POSITIVE_INFINITY);
        case "-Inf":
          return new Edn.Real(Double.NEGATIVE_INFINITY);
        case "NaN":
          return new Edn.Real(Double.NaN);
        default:
          throw error(l, col, "unknown symbolic value ##" + token + " (expected ##Inf, ##-Inf or ##NaN)");
      }
    }
    if (c != EOF && Character.isLetter(c)) {
      String tag = readToken();
      checkSymbol(tag, l, col + 1, "tag");
      enter(l, col);
      Edn value = readOrEnd(NO_CLOSE, "a value after the tag #" + tag + " at line " + l + ", column " + col);
      depth--;
      return new Edn.Tagged(tag, value);
    }
    throw error(l, col, "unexpected " + (c == EOF ? "end of input" : describe(c)) + " after '#'"
        + " (expected '{', '_', '#' or a tag)");
  }

  private Edn readString(int l, int col) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = next();
      if (c == EOF) {
        throw error(l, col, "unterminated string");
      }
      if (c == '"') {
        return new Edn.Str(sb.toString());
      }
      if (c != '\\') {
        sb.append((char) c);
        continue;
      }
      int el = line;
      int ec = column - 1;
      int e = next();
      switch (e) {
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'n' -> sb.append('\n');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case '\\' -> sb.append('\\');
        case '"' -> sb.append('"');
        case 'u' -> sb.append((char) readHex4(el, ec));
        case EOF -> throw error(l, col, "unterminated string");
        default -> throw error(el, ec, "invalid escape \\" + (char) e + " in string");
      }
    }
  }

  private int readHex4(int l, int col) throws IOException {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(peek(0), 16);
      if (peek(0) == EOF || d < 0) {
        throw error(l, col, "\\u must be followed by 4 hex digits");
      }
      next();
      value = value * 16 + d;
    }
    return value;
  }

  private Edn readChar(int l, int col) throws IOException {
    int first = peek(0);
    if (first == EOF || Character.isWhitespace(first)) {
      throw error(l, col, "a character literal needs a character after '\\'");
    }
    StringBuilder sb = new StringBuilder();
    sb.append((char) next());
    if (Character.isHighSurrogate(sb.charAt(0)) && peek(0) != EOF && Character.isLowSurrogate((char) peek(0))) {
      sb.append((char) next());
    }
    sb.append(readToken());
    String name = sb.toString();
    if (name.codePointCount(0, name.length()) == 1) {
      return new Edn.Char(name.codePointAt(0));
    }
    switch (name) {
      case "newline":
        return new Edn.Char('\n');
      case "return":
        return new Edn.Char('\r');
      case "space":
        return new Edn.Char(' ');
      case "tab":
        return new Edn.Char('\t');
      case "formfeed":
        return new Edn.Char('\f');
      case "backspace":
        return new Edn.Char('\b');
      default:
        break;
    }
    if (name.length() == 5 && name.charAt(0) == 'u') {
      int value = 0;
      for (int i = 1; i < 5; i++) {
        int d = Character.digit(name.charAt(i), 16);
        if (d < 0) {
          throw error(l, col, "unknown character literal \\" + name);
        }
        value = value * 16 + d;
      }
      return new Edn.Char(value);
    }
    throw error(l, col, "unknown character literal \\" + name);
  }

  private Edn readKeyword(int l, int col) throws IOException {
    String token = readToken();
    if (token.isEmpty()) {
      throw error(l, col, "a keyword needs a name after ':'");
    }
    if (token.startsWith(":")) {
      throw error(l, col, "auto-resolved keywords (::" + token.substring(1) + ") are not EDN");
    }
    checkSymbol(token, l, col + 1, "keyword");
    return new Edn.Keyword(token);
  }

  private Edn readNumber(int l, int col) throws IOException {
    String token = readToken();
    if (INTEGER.matcher(token).matches()) {
      String digits = token.endsWith("N") ? token.substring(0, token.length() - 1) : token;
      return new Edn.Int(new BigInteger(digits));
    }
    if (FLOAT.matcher(token).matches()) {
      String digits = token.endsWith("M") ? token.substring(0, token.length() - 1) : token;
      return new Edn.Real(Double.parseDouble(digits));
    }
    Matcher hex = HEX.matcher(token);
    if (hex.matches()) {
      BigInteger value = new BigInteger(hex.group(2), 16);
      return new Edn.Int(hex.group(1).equals("-") ? value.negate() : value);
    }
    Matcher ratio = RATIO.matcher(token);
    if (ratio.matches() && !new BigInteger(ratio.group(2)).equals(BigInteger.ZERO)) {
      return new Edn.Real(new BigDecimal(ratio.group(1)).divide(new BigDecimal(ratio.group(2)), MathContext.DECIMAL64)
          .doubleValue());
    }
    throw error(l, col, "invalid number " + token);
  }

  // ---- tokens and characters ----

  private String readToken() throws IOException {
    StringBuilder sb = new StringBuilder();
    while (!isDelimiter(peek(0))) {
      sb.append((char) next());
    }
    return sb.toString();
  }

  private void checkSymbol(String token, int l, int col, String what) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!Character.isLetterOrDigit(c) && SYMBOL_PUNCTUATION.indexOf(c) < 0
          && !Character.isSurrogate(c)) {
        throw error(l, col + i, "invalid character " + describe(c) + " in " + what + " " + token);
      }
    }
    char first = token.charAt(0);
    boolean keyword = what.equals("keyword");
    if (!keyword && (first == ':' || first == '#' || isDigit(first))) {
      throw error(l, col, "invalid " + what + " " + token);
    }
    if ((first == '-' || first == '+' || first == '.') && token.length() > 1 && isDigit(token.charAt(1))) {
      throw error(l, col, "invalid " + what + " " + token + " (a number needs a leading digit)");
    }
  }

  private void skipIgnorable() throws IOException {
    while (true) {
      int c = peek(0);
      if (isWhitespace(c)) {
        next();
      } else if (c == ';') {
        while (peek(0) != EOF && peek(0) != '\n') {
          next();
        }
      } else if (c == '#' && peek(1) == '_') {
        int l = line;
        int col = column;
        next();
        next();
        enter(l, col);
        readOrEnd(NO_CLOSE, "a form to discard after #_ at line " + l + ", column " + col);
        depth--;
      } else {
        return;
      }
    }
  }

  private void enter(int l, int col) {
    if (++depth > MAX_DEPTH) {
      throw error(l, col, "nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static boolean isWhitespace(int c) {
    return c == ',' || (c != EOF && Character.isWhitespace(c));
  }

  private static boolean isDelimiter(int c) {
    return c == EOF || isWhitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
        || c == '}' || c == '"' || c == ';';
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(int c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + (char) c + "'";
    }
    return String.format("U+%04X", c);
  }

  private static String abbreviate(Edn value) {
    String s = EdnPrinter.print(value);
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  private HistoryFormatException error(int l, int col, String detail) {
    return new HistoryFormatException(l, col, detail);
  }

  /** The character {@code ahead} positions on, or -1 past the end. */
  private int peek(int ahead) throws IOException {
    while (pos + ahead >= limit) {
      if (!fill()) {
        return EOF;
      }
    }
    return buf[pos + ahead];
  }

  private int next() throws IOException {
    int c = peek(0);
    if (c == EOF) {
      return EOF;
    }
    pos++;
    if (c == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    return c;
  }

  private boolean fill() throws IOException {
    if (exhausted) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      exhausted = true;
      return false;
    }
    limit += n;
    return true;
  }
}
