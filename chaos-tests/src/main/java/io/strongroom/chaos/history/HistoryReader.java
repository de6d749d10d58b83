package io.strongroom.chaos.history;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads a Jepsen history in EDN: one map per operation, either one after another or wrapped in a
 * single vector (or list).
 *
 * <pre>
 * {:process 0, :type :invoke, :f :cas, :value [1 2]}
 * {:type :ok, :f :read, :value nil, :process 3, :time 12345, :index 7}   ; a comment
 * </pre>
 *
 * <p>Fields used: {@code :process} (an integer), {@code :type} ({@code :invoke}, {@code :ok},
 * {@code :fail}, {@code :info}), {@code :f} ({@code :read}, {@code :write}, {@code :cas}),
 * {@code :value} (default {@code nil}), and the optional {@code :key}, {@code :time}, {@code :index}
 * and {@code :error}. Every other field is read as EDN and dropped. An operation whose
 * {@code :process} is not an integer (the nemesis's {@code :nemesis}) or whose {@code :f} is another
 * function (a nemesis's {@code :start-partition}) is skipped. A tagged map such as
 * {@code #jepsen.history.Op{...}} is read as its map. Jepsen's independent-key form
 * ({@code :value [k v]}) is not unpacked: give each operation a {@code :key} instead.
 *
 * <p>Anything else that is wrong is a {@link HistoryFormatException} naming the line and column: EDN
 * syntax, a value that is not a map, a missing or unknown {@code :type}, a {@code :cas} invocation
 * without {@code [expected new]}, a completion with no open invocation on its process (see
 * {@link History} for the pairing rules). Stateless and thread-safe.
 */
public final class HistoryReader {
  private HistoryReader() {}

  /**
   * Reads the UTF-8 file {@code file}.
   *
   * @throws HistoryFormatException if the file is not a well-formed history
   * @throws IOException if the file cannot be read
   */
  public static History read(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in);
    }
  }

  /**
   * Reads {@code in} to its end; the caller closes it.
   *
   * @throws HistoryFormatException if the text is not a well-formed history
   * @throws IOException if {@code in} fails
   */
  public static History read(Reader in) throws IOException {
    EdnReader edn = new EdnReader(in);
    List<Op> ops = new ArrayList<>();
    List<int[]> positions = new ArrayList<>();
    long formNumber = 0;
    int first = edn.peekSignificant();
    if (first == '[' || first == '(') {
      int line = edn.line();
      int column = edn.column();
      char close = first == '[' ? ']' : ')';
      edn.consume();
      String expecting = "'" + close + "' to close the history opened at line " + line + ", column " + column;
      Edn form;
      while ((form = edn.readOrEnd(close, expecting)) != null) {
        add(form, formNumber++, edn.formLine(), edn.formColumn(), ops, positions);
      }
      if (edn.readOrEnd(-1, "") != null) {
        throw new HistoryFormatException(edn.formLine(), edn.formColumn(),
            "unexpected value after the history vector opened at line " + line + ", column " + column);
      }
    } else {
      Edn form;
      while ((form = edn.readOrEnd(-1, "")) != null) {
        add(form, formNumber++, edn.formLine(), edn.formColumn(), ops, positions);
      }
    }
    return History.of(ops, (position, detail) -> {
      int[] at = positions.get(position);
      return new HistoryFormatException(at[0], at[1], detail);
    });
  }

  /**
   * Reads {@code text}.
   *
   * @throws HistoryFormatException if it is not a well-formed history
   */
  public static History parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(Edn form, long formNumber, int line, int column, List<Op> ops, List<int[]> positions) {
    toOp(form, formNumber, line, column).ifPresent(op -> {
      ops.add(op);
      positions.add(new int[] {line, column});
    });
  }

  /** The operation {@code form} describes, or empty for one to skip. */
  private static Optional<Op> toOp(Edn form, long formNumber, int line, int column) {
    Edn unwrapped = form instanceof Edn.Tagged t ? t.value() : form;
    if (!(unwrapped instanceof Edn.MapOf map)) {
      throw new HistoryFormatException(line, column, "expected an operation map, found " + abbreviate(form));
    }
    Edn process = map.get("process").orElseThrow(() -> new HistoryFormatException(line, column,
        "operation has no :process"));
    if (!(process instanceof Edn.Int)) {
      return Optional.empty();
    }
    Edn f = map.get("f").orElseThrow(() -> new HistoryFormatException(line, column, "operation has no :f"));
    Optional<OpFunction> function = f instanceof Edn.Keyword k ? OpFunction.fromKeyword(k.name()) : Optional.empty();
    if (function.isEmpty()) {
      return Optional.empty();
    }
    Edn type = map.get("type").orElseThrow(() -> new HistoryFormatException(line, column,
        "operation has no :type"));
    OpType opType = (type instanceof Edn.Keyword k ? OpType.fromKeyword(k.name()) : Optional.<OpType>empty())
        .orElseThrow(() -> new HistoryFormatException(line, column,
            "unknown :type " + abbreviate(type) + " (expected :invoke, :ok, :fail or :info)"));
    Edn value = map.get("value").orElse(Edn.NIL);
    if (function.get() == OpFunction.CAS && opType == OpType.INVOKE && !Op.isCasArgument(value)) {
      throw new HistoryFormatException(line, column, ":cas value must be [expected new], was " + abbreviate(value));
    }
    long index = map.get("index").map(i -> longField("index", i, line, column)).orElse(formNumber);
    if (index < 0) {
      throw new HistoryFormatException(line, column, ":index must be >= 0, was " + index);
    }
    OptionalLong time = map.get("time")
        .map(t -> OptionalLong.of(longField("time", t, line, column)))
        .orElse(OptionalLong.empty());
    long processId = longField("process", process, line, column);
    return Optional.of(new Op(index, time, opType, processId, function.get(), map.get("key"), value,
        map.get("error")));
  }

  private static long longField(String name, Edn value, int line, int column) {
    if (value instanceof Edn.Int i && i.value().bitLength() < Long.SIZE) {
      return i.value().longValue();
    }
    throw new HistoryFormatException(line, column, ":" + name + " must be an integer that fits 64 bits, was "
        + abbreviate(value));
  }

  private static String abbreviate(Edn value) {
    String s = value.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
