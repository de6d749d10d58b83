package io.strongroom.node.cli;

import java.io.Console;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the commands take from the process they run in: environment variables, standard input and
 * the console used for prompts without echo. {@link #system()} is the real process; tests pass
 * their own, so no command touches {@link System#getenv()}, {@link System#in} or
 * {@link System#console()} directly.
 *
 * @param env environment variables (only {@code STRONGROOM_*} are read)
 * @param stdin standard input; read at most once per command run
 * @param console the interactive console, or empty when there is none (input piped, CI, tests)
 */
record CliContext(Map<String, String> env, InputStream stdin, Supplier<Optional<SecretPrompt>> console) {

  CliContext {
    env = Map.copyOf(env);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(console, "console");
  }

  /** The real process: its environment, {@code System.in} and {@code System.console()}. */
  static CliContext system() {
    return new CliContext(System.getenv(), System.in, CliContext::systemConsole);
  }

  /** The value of environment variable {@code name}, if set and not blank. */
  Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static Optional<SecretPrompt> systemConsole() {
    Console c = System.console();
    return c == null ? Optional.empty() : Optional.of(prompt -> c.readPassword("%s", prompt));
  }

  /** Reads a line from the terminal without echoing it. */
  @FunctionalInterface
  interface SecretPrompt {
    /**
     * Shows {@code prompt} and reads one line without echo.
     *
     * @return the characters typed (the caller wipes them), or {@code null} at end of input
     */
    char[] readSecret(String prompt);
  }
}
