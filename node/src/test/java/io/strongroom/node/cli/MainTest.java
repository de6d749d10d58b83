package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void theCommonPoolGetsAtLeastTwoThreadsUnlessTheOperatorChoseASize() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    String before = System.getProperty(key);
    try {
      System.clearProperty(key);
      Main.sizeTheCommonPool();
      assertThat(Integer.parseInt(System.getProperty(key))).isGreaterThanOrEqualTo(2);

      System.setProperty(key, "7");
      Main.sizeTheCommonPool();
      assertThat(System.getProperty(key)).isEqualTo("7");
    } finally {
      if (before == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, before);
      }
    }
  }

  @Test
  void helpListsEveryCommandFamily() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("Usage: strongroom")
        .contains("version", "dev", "server", "status", "operator", "kv", "token", "policy", "audit", "break-glass");
  }

  @Test
  void noArgumentsPrintsUsageInsteadOfFailing() {
    assertThat(run()).isZero();
    assertThat(out.toString()).startsWith("Usage: strongroom");
  }

  @Test
  void versionNamesTheBuildVersionAndJava() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).containsPattern("strongroom \\d+\\.\\d+\\.\\d+").contains("java " + System.getProperty("java.version"));
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "frobnicate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kv", "operator", "token", "policy", "audit", "break-glass"})
  void commandGroupsWithoutASubcommandAreUsageErrors(String command) {
    assertThat(run(command)).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required subcommand", "Usage: strongroom " + command);
  }
}
