package io.strongroom.access;

import java.util.Objects;
import java.util.Optional;

/**
 * A policy document or policy name was refused. {@link #problem()} says what kind of mistake it
 * is; {@link #path()} names the policy path at fault and {@link #line()}/{@link #column()} the
 * position in the JSON text, where known. The message repeats all of them, for people.
 */
public final class PolicyException extends AccessException {

  /** What is wrong with the policy. */
  public enum Problem {
    /** The policy name is not 1..128 characters of {@code [a-z0-9-_.]}. */
    INVALID_NAME,
    /** The name is {@code root}, which is built in and cannot be written. */
    RESERVED_NAME,
    /** The text is not well-formed JSON (or has a duplicate key). */
    MALFORMED_JSON,
    /** A JSON value has the wrong type, e.g. a string where an object belongs. */
    WRONG_TYPE,
    /** A key this parser does not know, e.g. {@code allowed_parameters}; refused, never ignored. */
    UNKNOWN_KEY,
    /** A required key is missing, e.g. {@code capabilities}. */
    MISSING_KEY,
    /** A capability that does not exist, e.g. {@code "write"}. */
    UNKNOWN_CAPABILITY,
    /** A path lists no capability at all. */
    EMPTY_CAPABILITIES,
    /** A path pattern is malformed: a glob not at the end, {@code +*}, an empty segment, ... */
    INVALID_PATH,
    /** The document exceeds a size limit (text length, number of paths, path length). */
    TOO_LARGE
  }

  private final Problem problem;
  private final String path;
  private final int line;
  private final int column;

  /**
   * @param path the policy path at fault, or null
   * @param line 1-based line in the JSON text, or 0 if unknown
   * @param column 1-based column in the JSON text, or 0 if unknown
   */
  public PolicyException(Problem problem, String message, String path, int line, int column) {
    super(message + (line > 0 ? " (line " + line + ", column " + column + ")" : ""));
    this.problem = Objects.requireNonNull(problem, "problem");
    this.path = path;
    this.line = line;
    this.column = column;
  }

  /** A problem without a position, e.g. a bad name. */
  public PolicyException(Problem problem, String message) {
    this(problem, message, null, 0, 0);
  }

  public Problem problem() {
    return problem;
  }

  /** The policy path at fault, if the problem is about one. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** 1-based line in the JSON text, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** 1-based column in the JSON text, or 0 if unknown. */
  public int column() {
    return column;
  }
}
