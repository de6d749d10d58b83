package io.strongroom.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * How commands print results: {@code --format table} (the default, for people) or
 * {@code --format json} (stable field names in snake_case, for scripts).
 */
final class Output {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  /** The two output formats. */
  enum Format {
    TABLE,
    JSON
  }

  /** The {@code --format} option, shared by every command that prints a result. */
  static final class FormatOption {
    @CommandLine.Option(
        names = "--format",
        paramLabel = "table|json",
        defaultValue = "table",
        description = "Output format: table (default, for people) or json (for scripts).")
    Format format = Format.TABLE;

    boolean json() {
      return format == Format.JSON;
    }
  }

  /** Prints {@code value} (maps, lists, strings, numbers, booleans, null) as indented JSON. */
  static void json(PrintWriter out, Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e);
    }
    out.flush();
  }

  /** An insertion-ordered map for JSON objects. */
  static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** An instant as ISO-8601 UTC, or {@code null} for the epoch (the wire's "not set"). */
  static String time(Instant t) {
    return t == null || t.equals(Instant.EPOCH) ? null : t.toString();
  }

  /** A left-aligned text table with a header row, columns two spaces apart. */
  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header.clone());
    }

    /** A Key/Value table. */
    static Table keyValue() {
      return new Table("Key", "Value");
    }

    /** Adds a row; {@code null} cells print as {@code n/a}. */
    Table row(Object... cells) {
      String[] r = new String[cells.length];
      for (int i = 0; i < cells.length; i++) {
        r[i] = cells[i] == null ? "n/a" : String.valueOf(cells[i]);
      }
      rows.add(r);
      return this;
    }

    void print(PrintWriter out) {
      int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
      int[] width = new int[columns];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          line.append(r[i]);
          if (i < r.length - 1) {
            char[] pad = new char[width[i] - r[i].length() + 2];
            Arrays.fill(pad, ' ');
            line.append(pad);
          }
        }
        out.println(line.toString().stripTrailing());
      }
      out.flush();
    }
  }
}
