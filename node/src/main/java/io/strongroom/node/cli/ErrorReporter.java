package io.strongroom.node.cli;

import io.strongroom.client.StrongroomException;
import io.strongroom.crypto.ThresholdCryptoException;
import io.strongroom.protocol.v1.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns any failure of a command into exactly one line on standard error,
 * {@code error: CODE: message}, and exit code {@link #EXIT_FAILED}.
 *
 * <p>CODE is the wire {@link ErrorCode} name: the node's, or the one that best classifies a local
 * problem ({@code INVALID_ARGUMENT} for bad input or files, {@code UNAVAILABLE} for no node,
 * {@code INTERNAL} for a bug). No stack trace is printed: messages of the client and of the crypto
 * library never contain secrets, and those of unexpected exceptions are replaced by their type.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  /** The operation failed. */
  static final int EXIT_FAILED = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    commandLine.getErr().println(line(ex));
    commandLine.getErr().flush();
    return EXIT_FAILED;
  }

  /** The one line reported for {@code failure}. */
  static String line(Throwable failure) {
    return "error: " + code(failure).name() + ": " + oneLine(message(failure));
  }

  static ErrorCode code(Throwable failure) {
    if (failure instanceof StrongroomException e) {
      return e.code();
    } else if (failure instanceof CliException e) {
      return e.code();
    } else if (failure instanceof ThresholdCryptoException || failure instanceof IllegalArgumentException) {
      return ErrorCode.INVALID_ARGUMENT;
    } else {
      return ErrorCode.INTERNAL;
    }
  }

  private static String message(Throwable failure) {
    if (failure instanceof StrongroomException
        || failure instanceof CliException
        || failure instanceof ThresholdCryptoException
        || failure instanceof IllegalArgumentException) {
      String m = failure.getMessage();
      return m == null || m.isBlank() ? failure.getClass().getSimpleName() : m;
    }
    if (failure instanceof UncheckedIOException || failure instanceof IOException) {
      // I/O messages name files, never their contents.
      Throwable io = failure instanceof UncheckedIOException u ? u.getCause() : failure;
      return "I/O failure: " + io.getClass().getSimpleName() + (io.getMessage() == null ? "" : ": " + io.getMessage());
    }
    // Unknown failure: its message might carry anything, so only its type is shown.
    return "unexpected " + failure.getClass().getName() + "; this is a bug in strongroom";
  }

  private static String oneLine(String message) {
    return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
