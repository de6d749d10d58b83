package io.strongroom.chaos.history;

/**
 * A history cannot be read: the text is not EDN, or an operation in it is malformed (a missing or
 * unknown {@code :type}, a {@code :cas} without {@code [expected new]}, a completion with no
 * invocation before it). {@link #line()} and {@link #column()} (both 1-based) point at the
 * offending character, or at the start of the offending operation's map.
 *
 * <p>The message reads {@code line L, column C: detail}; {@link #detail()} is the part after the
 * position. Classify by type and position, never by message text.
 */
public final class HistoryFormatException extends RuntimeException {
  private final int line;
  private final int column;
  private final String detail;

  public HistoryFormatException(int line, int column, String detail) {
    super("line " + line + ", column " + column + ": " + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String detail() {
    return detail;
  }
}
