package io.strongroom.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The EDN reader against the edn-format spec (https://github.com/edn-format/edn), and the printer against it. */
class EdnReaderTest {

  private static Edn kw(String name) {
    return Edn.keyword(name);
  }

  private static Edn.Vec vec(Edn... items) {
    return Edn.vector(items);
  }

  private static Edn.MapOf map(Edn... keysAndValues) {
    Map<Edn, Edn> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Edn.MapOf(m);
  }

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("nil", Edn.NIL),
        Arguments.of("true", new Edn.Bool(true)),
        Arguments.of("false", new Edn.Bool(false)),
        Arguments.of("42", Edn.of(42)),
        Arguments.of("-7", Edn.of(-7)),
        Arguments.of("+7", Edn.of(7)),
        Arguments.of("0", Edn.of(0)),
        Arguments.of("12345678901234567890123N", new Edn.Int(new BigInteger("12345678901234567890123"))),
        Arguments.of("5N", Edn.of(5)),
        Arguments.of("0x1F", Edn.of(31)),
        Arguments.of("-0x10", Edn.of(-16)),
        Arguments.of("1.5", new Edn.Real(1.5)),
        Arguments.of("-2.5e3", new Edn.Real(-2500)),
        Arguments.of("1E-2", new Edn.Real(0.01)),
        Arguments.of("3.", new Edn.Real(3)),
        Arguments.of("1.25M", new Edn.Real(1.25)),
        Arguments.of("7M", new Edn.Real(7)),
        Arguments.of("1/4", new Edn.Real(0.25)),
        Arguments.of("##Inf", new Edn.Real(Double.POSITIVE_INFINITY)),
        Arguments.of("##-Inf", new Edn.Real(Double.NEGATIVE_INFINITY)),
        Arguments.of("##NaN", new Edn.Real(Double.NaN)),
        Arguments.of("\"a \\\"quoted\\\" \\\\ line\\nnext\\ttab\\r\\u00e9\"",
            Edn.of("a \"quoted\" \\ line\nnext\ttab\r\u00e9")),
        Arguments.of("\"multi\nline\"", Edn.of("multi\nline")),
        Arguments.of("\"\"", Edn.of("")),
        Arguments.of("\\a", new Edn.Char('a')),
        Arguments.of("\\newline", new Edn.Char('\n')),
        Arguments.of("\\space", new Edn.Char(' ')),
        Arguments.of("\\tab", new Edn.Char('\t')),
        Arguments.of("\\return", new Edn.Char('\r')),
        Arguments.of("\\u00e9", new Edn.Char(0xe9)),
        Arguments.of("\\(", new Edn.Char('(')),
        Arguments.of("\\u", new Edn.Char('u')),
        Arguments.of(":read", kw("read")),
        Arguments.of(":jepsen.history/op", kw("jepsen.history/op")),
        Arguments.of(":start-partition", kw("start-partition")),
        Arguments.of(":a:b#c", kw("a:b#c")),
        Arguments.of(":1", kw("1")),
        Arguments.of("foo", new Edn.Symbol("foo")),
        Arguments.of("my.ns/foo?", new Edn.Symbol("my.ns/foo?")),
        Arguments.of("/", new Edn.Symbol("/")),
        Arguments.of("-", new Edn.Symbol("-")),
        Arguments.of("+a", new Edn.Symbol("+a")),
        Arguments.of("nil?", new Edn.Symbol("nil?")),
        Arguments.of("[]", vec()),
        Arguments.of("[1 2]", vec(Edn.of(1), Edn.of(2))),
        Arguments.of("[1,2,,,]", vec(Edn.of(1), Edn.of(2))),
        Arguments.of("(1 :a)", new Edn.Lst(List.of(Edn.of(1), kw("a")))),
        Arguments.of("{}", map()),
        Arguments.of("{:a 1, :b [2 3]}", map(kw("a"), Edn.of(1), kw("b"), vec(Edn.of(2), Edn.of(3)))),
        Arguments.of("{[1 2] {:x #{}}}", map(vec(Edn.of(1), Edn.of(2)), map(kw("x"), new Edn.SetOf(Set.of())))),
        Arguments.of("#{1 \"a\"}", new Edn.SetOf(new LinkedHashSet<>(List.of(Edn.of(1), Edn.of("a"))))),
        Arguments.of("#inst \"2026-11-29T01:52:58Z\"", new Edn.Tagged("inst", Edn.of("2026-11-29T01:52:58Z"))),
        Arguments.of("#jepsen.history.Op{:f :read}", new Edn.Tagged("jepsen.history.Op", map(kw("f"), kw("read")))),
        Arguments.of("#object[java.lang.Thread 0x6d3af739 \"main\"]", new Edn.Tagged("object",
            vec(new Edn.Symbol("java.lang.Thread"), Edn.of(0x6d3af739), Edn.of("main")))),
        Arguments.of("#a #b 1", new Edn.Tagged("a", new Edn.Tagged("b", Edn.of(1)))),
        Arguments.of("[1 #_ 2 3]", vec(Edn.of(1), Edn.of(3))),
        Arguments.of("[#_ #_ 1 2 3]", vec(Edn.of(3))),
        Arguments.of("[#_[nested (discard)] :kept]", vec(kw("kept"))),
        Arguments.of("  ; comment\n  [1 ; inside\n 2] ; after", vec(Edn.of(1), Edn.of(2))),
        Arguments.of("[1;no space\n]", vec(Edn.of(1))),
        Arguments.of("[\"a\"\"b\"[]()]", vec(Edn.of("a"), Edn.of("b"), vec(), new Edn.Lst(List.of()))),
        Arguments.of("{:process 0, :type :invoke, :f :cas, :value [1 2]}",
            map(kw("process"), Edn.of(0), kw("type"), kw("invoke"), kw("f"), kw("cas"), kw("value"),
                vec(Edn.of(1), Edn.of(2)))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("values")
  void readsEdnValues(String text, Edn expected) {
    assertThat(Edn.parse(text)).isEqualTo(expected);
    // ... and a reader fed one character per read() call (the buffer's adversarial case) agrees.
    assertThat(readAll(new OneCharAtATime(text))).containsExactly(expected);
  }

  @Test
  void equalityFollowsEdn() {
    assertThat(Edn.parse("1")).isEqualTo(Edn.parse("1N"));
    assertThat(Edn.parse("{:a 1 :b 2}")).isEqualTo(Edn.parse("{:b 2 :a 1}"));
    assertThat(Edn.parse("#{1 2}")).isEqualTo(Edn.parse("#{2 1}"));
    assertThat(Edn.parse("[1 2]")).isNotEqualTo(Edn.parse("(1 2)"));
    assertThat(Edn.parse("1")).isNotEqualTo(Edn.parse("1.0"));
    assertThat(Edn.parse("\"a\"")).isNotEqualTo(Edn.parse(":a"));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("[1 2", 1, 5, "unexpected end of input, expected ']' to close the vector opened at line 1, column 1"),
        Arguments.of("{:a 1\n :b [2 3}", 2, 9, "unexpected '}', expected ']' to close the vector opened at line 2, column 5"),
        Arguments.of("]", 1, 1, "unexpected ']'"),
        Arguments.of("{:a}", 1, 4, "the map opened at line 1, column 1 has a key without a value (:a)"),
        Arguments.of("{:a 1 :a 2}", 1, 7, "duplicate map key :a"),
        Arguments.of("#{1 1}", 1, 5, "duplicate set element 1"),
        Arguments.of("\n  \"abc", 2, 3, "unterminated string"),
        Arguments.of("\"a\\qb\"", 1, 3, "invalid escape \\q in string"),
        Arguments.of("\"\\u12\"", 1, 2, "\\u must be followed by 4 hex digits"),
        Arguments.of("\\foo", 1, 1, "unknown character literal \\foo"),
        Arguments.of("\\", 1, 1, "a character literal needs a character after '\\'"),
        Arguments.of("007", 1, 1, "invalid number 007"),
        Arguments.of("1.2.3", 1, 1, "invalid number 1.2.3"),
        Arguments.of("12abc", 1, 1, "invalid number 12abc"),
        Arguments.of(".5", 1, 1, "invalid symbol .5 (a number needs a leading digit)"),
        Arguments.of("::auto", 1, 1, "auto-resolved keywords (::auto) are not EDN"),
        Arguments.of(":", 1, 1, "a keyword needs a name after ':'"),
        Arguments.of("[a@b]", 1, 3, "invalid character '@' in symbol a@b"),
        Arguments.of("#", 1, 1, "unexpected end of input after '#' (expected '{', '_', '#' or a tag)"),
        Arguments.of("#1 x", 1, 1, "unexpected '1' after '#' (expected '{', '_', '#' or a tag)"),
        Arguments.of("##Infinity", 1, 1, "unknown symbolic value ##Infinity (expected ##Inf, ##-Inf or ##NaN)"),
        Arguments.of("#inst", 1, 6, "unexpected end of input, expected a value after the tag #inst at line 1, column 1"),
        Arguments.of("[#_]", 1, 4, "unexpected ']'"),
        Arguments.of("", 1, 1, "expected an EDN value, found only whitespace"),
        Arguments.of(" ; only a comment", 1, 18, "expected an EDN value, found only whitespace"),
        Arguments.of("1 2", 1, 3, "expected one EDN value, found more after line 1, column 2"),
        Arguments.of("[".repeat(EdnReader.MAX_DEPTH + 1), 1, EdnReader.MAX_DEPTH + 1,
            "nesting deeper than " + EdnReader.MAX_DEPTH + " levels"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedInputNamesLineAndColumn(String text, int line, int column, String detail) {
    assertThatThrownBy(() -> Edn.parse(text))
        .isInstanceOfSatisfying(HistoryFormatException.class, e -> {
          assertThat(e.detail()).isEqualTo(detail);
          assertThat(e.line()).as("line").isEqualTo(line);
          assertThat(e.column()).as("column").isEqualTo(column);
          assertThat(e.getMessage()).isEqualTo("line " + line + ", column " + column + ": " + detail);
        });
  }

  @Test
  void readsFormsOneAfterAnotherAcrossBufferBoundaries() throws IOException {
    // Well past the 8 KiB buffer, with '#_' and strings straddling refills at every offset.
    StringBuilder text = new StringBuilder();
    List<Edn> expected = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      text.append("#_ :gone \"s").append(i).append("\" ");
      expected.add(Edn.of("s" + i));
    }
    assertThat(readAll(new StringReader(text.toString()))).isEqualTo(expected);
    assertThat(readAll(new OneCharAtATime(text.toString()))).isEqualTo(expected);
  }

  @Test
  void printedValuesReadBackEqual() {
    qt().withExamples(500).forAll(longs().all()).checkAssert(seed -> {
      Edn value = EdnGen.value(new Random(seed), 4);
      String printed = value.toString();
      assertThat(Edn.parse(printed)).as("seed %d: %s", seed, printed).isEqualTo(value);
    });
  }

  @Test
  void printsReadableEdn() {
    assertThat(Edn.parse("{:a [1 \"x\\ny\" \\space], :b #{nil}, :c (#tag 1.5)}").toString())
        .isEqualTo("{:a [1 \"x\\ny\" \\space], :b #{nil}, :c (#tag 1.5)}");
    assertThat(new Edn.Real(Double.NaN).toString()).isEqualTo("##NaN");
    assertThat(new Edn.Char(1).toString()).isEqualTo("\\u0001");
    assertThat(Edn.of("\u0001").toString()).isEqualTo("\"\\u0001\"");
  }

  @Test
  void valueConstructorsRejectWhatCannotBePrinted() {
    assertThatThrownBy(() -> Edn.keyword(":a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyword name must be non-empty without a leading colon, was \":a\"");
    assertThatThrownBy(() -> new Edn.Tagged("1x", Edn.NIL)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag must start with a letter, was \"1x\"");
    assertThatThrownBy(() -> new Edn.Char(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Edn> readAll(Reader in) {
    EdnReader r = new EdnReader(in);
    List<Edn> forms = new ArrayList<>();
    try {
      Edn form;
      while ((form = r.readOrEnd(-1, "")) != null) {
        forms.add(form);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return forms;
  }

  /** A reader that hands out one character per call. */
  static final class OneCharAtATime extends Reader {
    private final String text;
    private int pos;

    OneCharAtATime(String text) {
      this.text = text;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (pos >= text.length()) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      buf[off] = text.charAt(pos++);
      return 1;
    }

    @Override
    public void close() {}
  }
}
