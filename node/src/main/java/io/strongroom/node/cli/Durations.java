package io.strongroom.node.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations as people type them: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 7d},
 * {@code 250ms}, {@code 0}, or ISO-8601 ({@code PT1H}). Units: ms, s, m, h, d.
 */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d))+");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text if it is not a duration or is negative
   */
  static Duration parse(String text) {
    String t = text.strip();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        Duration d = Duration.parse(t);
        if (d.isNegative()) {
          throw new IllegalArgumentException("duration must not be negative, was '" + text + "'");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(bad(text), e);
      }
    }
    if (!WHOLE.matcher(t).matches()) {
      throw new IllegalArgumentException(bad(text));
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(t);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "' is too large", e);
    }
    return total;
  }

  /** The shortest form {@link #parse} reads back: {@code 1h30m}, {@code 250ms}, {@code 0s}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      b.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      b.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      b.append(d.toSecondsPart()).append('s');
    }
    if (d.toMillisPart() > 0) {
      b.append(d.toMillisPart()).append("ms");
    }
    return b.length() == 0 ? "0s" : b.toString();
  }

  private static String bad(String text) {
    return "'" + text + "' is not a duration: use e.g. 90s, 15m, 1h30m, 7d, 250ms or 0";
  }

  /** Picocli converter for duration options. */
  static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
