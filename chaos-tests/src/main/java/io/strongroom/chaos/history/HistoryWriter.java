package io.strongroom.chaos.history;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a history as EDN that {@link HistoryReader} (and Jepsen's own tools) read back: one
 * operation map per line, in history order.
 *
 * <p>IMPORTANT: this format is a compatibility contract; saved runs are re-checked with later
 * versions. Each line is {@code {:index I, :time T, :type :TYPE, :process P, :f :F, :key K,
 * :value V, :error E}} in that field order, with {@code :time}, {@code :key} and {@code :error} left
 * out when absent; values print as EDN ({@link Edn#toString()}). Fields may be added, never
 * renamed or removed. Stateless and thread-safe.
 */
public final class HistoryWriter {
  private HistoryWriter() {}

  /** Writes {@code history} to {@code out}; the caller closes {@code out}. */
  public static void write(History history, Writer out) throws IOException {
    StringBuilder line = new StringBuilder(128);
    for (Op op : history.ops()) {
      line.setLength(0);
      EdnPrinter.append(line, op.toEdn());
      line.append('\n');
      out.append(line);
    }
    out.flush();
  }

  /** Writes {@code history} to the UTF-8 file {@code file}, replacing it. */
  public static void write(History history, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(history, out);
    }
  }

  /** {@code history} as EDN text. */
  public static String toEdn(History history) {
    StringWriter out = new StringWriter();
    try {
      write(history, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
