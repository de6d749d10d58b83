package io.strongroom.chaos.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip}, {@code iptables}, {@code kill}) and reports failures with their output. */
public final class Shell {
  private Shell() {}

  /** What a finished command printed and returned. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs {@code command} (stdout and stderr merged), waiting at most 30 s. */
  public static Result run(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(127, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    try (InputStream in = p.getInputStream()) {
      byte[] out = in.readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(124, "timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      p.destroyForcibly();
      return new Result(126, "reading the output of " + command.get(0) + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(130, "interrupted: " + String.join(" ", command));
    }
  }

  /** Runs {@code command} and throws {@link ChaosSetupException} with its output unless it exits 0. */
  public static String check(List<String> command) {
    Result r = run(command);
    if (!r.ok()) {
      throw new ChaosSetupException("`" + String.join(" ", command) + "` failed (exit " + r.exitCode() + "): " + r.output());
    }
    return r.output();
  }

  /** Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to process {@code pid}. */
  public static void signal(long pid, String signal) {
    check(List.of("kill", "-" + signal, Long.toString(pid)));
  }
}
