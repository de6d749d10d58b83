package io.strongroom.node.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs the CLI in-process with a chosen environment, standard input and console (or none), and
 * captures standard output, standard error and the exit code.
 */
public final class CliRunner {
  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private Deque<String> consoleAnswers; // null: no console
  private final List<String> prompts = new ArrayList<>();

  public CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CliRunner stdin(String text) {
    stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** A console that answers the prompts with {@code answers}, in order. */
  CliRunner console(String... answers) {
    consoleAnswers = new ArrayDeque<>(List.of(answers));
    return this;
  }

  List<String> prompts() {
    return List.copyOf(prompts);
  }

  public Result run(String... args) {
    CliContext.SecretPrompt prompt = p -> {
      prompts.add(p);
      String a = consoleAnswers.poll();
      return a == null ? null : a.toCharArray();
    };
    CliContext ctx = new CliContext(env, new ByteArrayInputStream(stdin),
        () -> consoleAnswers == null ? Optional.empty() : Optional.of(prompt));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(ctx);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
