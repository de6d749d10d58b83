package io.strongroom.node.cli;

import io.strongroom.client.NotFoundException;
import io.strongroom.protocol.v1.ErrorCode;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** Small helpers every command uses. */
final class Cli {
  private Cli() {}

  /** The process context of the command line {@code spec} belongs to. */
  static CliContext context(CommandSpec spec) {
    return ((Main) spec.root().userObject()).context();
  }

  static PrintWriter out(CommandSpec spec) {
    return spec.commandLine().getOut();
  }

  /** Runs {@code call}, reporting a NOT_FOUND answer as {@code no secret at PATH}. */
  static <T> T orNoSecret(String path, Supplier<T> call) {
    try {
      return call.get();
    } catch (NotFoundException e) {
      throw noSecret(path);
    }
  }

  /** Runs {@code call}, reporting a NOT_FOUND answer as {@code no secret at PATH}. */
  static void orNoSecret(String path, Runnable call) {
    orNoSecret(path, () -> {
      call.run();
      return null;
    });
  }

  static CliException noSecret(String path) {
    return new CliException(ErrorCode.NOT_FOUND, "no secret at " + path);
  }
}
