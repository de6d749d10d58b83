package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line in-process: what it prints, and its exit status for every kind of outcome. */
class CheckHistoryMainTest {

  record Run(int exit, String out, String err) {}

  static Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = CheckHistoryMain.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String history(String name) {
    try {
      return Path.of(CheckHistoryMainTest.class.getResource("/histories/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void linearizableHistoryExitsZero() {
    Run r = run("", history("cas-chain.edn"));
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("linearizable\n4 operations on 1 key, ").contains("\nchecked 8 events in ");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void notLinearizableHistoryExitsOneWithTheCounterexample() {
    Run r = run("", history("stale-read.edn"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("""
        NOT linearizable
        This operation cannot be linearized:
          {:index 4, :type :invoke, :process 2, :f :read, :value nil}
          {:index 5, :type :ok, :process 2, :f :read, :value 1}
        The 5 events before its completion are linearizable; no linearization of them admits it.
        Possible states just before its completion: 2
        A linearization reaching that state, last steps:
          to 2:
            process 0 :write 1 :ok (index 0 to 1)  => 1
            process 1 :write 2 :ok (index 2 to 3)  => 2
        checked 6 events in\s""");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void namesTheKeyAndTheOpenCalls() {
    // The timed-out write of 2 is read only later (index 9), so at the failing read it may or may
    // not have happened yet: it is open there, and both 1 and 2 are possible.
    Run r = run("""
        {:process 0, :type :invoke, :f :write, :key "a", :value 1}
        {:process 1, :type :invoke, :f :write, :key "a", :value 2}
        {:process 1, :type :info, :f :write, :key "a", :value 2}
        {:process 0, :type :ok, :f :write, :key "a", :value 1}
        {:process 2, :type :invoke, :f :read, :key "a"}
        {:process 2, :type :ok, :f :read, :key "a", :value 1}
        {:process 2, :type :invoke, :f :read, :key "a"}
        {:process 2, :type :ok, :f :read, :key "a", :value 3}
        {:process 3, :type :invoke, :f :read, :key "a"}
        {:process 3, :type :ok, :f :read, :key "a", :value 2}
        {:process 4, :type :invoke, :f :read, :key "b"}
        {:process 4, :type :ok, :f :read, :key "b", :value nil}
        """, "-");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith("""
        NOT linearizable
        1 of 2 keys are not linearizable.
        key "a":
          This operation cannot be linearized:
            {:index 6, :type :invoke, :process 2, :f :read, :key "a", :value nil}
            {:index 7, :type :ok, :process 2, :f :read, :key "a", :value 3}
          The 7 events on this key before its completion are linearizable; no linearization of them admits it.
          Possible states just before its completion: 2, 1
          Open at that point (each may take effect before it):
            process 1 :write 2 :info (index 1 to 2)
          A linearization reaching each state, last steps:
            to 2:
              process 0 :write 1 :ok (index 0 to 3)    => 1
              process 2 :read 1 :ok (index 4 to 5)     => 1
              process 1 :write 2 :info (index 1 to 2)  => 2
            to 1:
              process 0 :write 1 :ok (index 0 to 3)  => 1
              process 2 :read 1 :ok (index 4 to 5)   => 1
        checked 12 events in\s""");
  }

  @Test
  void initialValueIsEdn() {
    assertThat(run("", history("initial-value-given.edn")).exit()).isEqualTo(1);
    assertThat(run("", history("initial-value-given.edn"), "--initial", "0").exit()).isZero();
    assertThat(run("", "--initial=0", "--model", "cas-register", history("initial-value-given.edn")).exit()).isZero();
    String read = "{:process 0 :type :invoke :f :read}\n{:process 0 :type :ok :f :read :value \"ready\"}\n";
    assertThat(run(read, "-", "--initial", "\"ready\"").exit()).isZero();
    assertThat(run(read, "-", "--initial", ":ready").exit()).isEqualTo(1);
  }

  @Test
  void helpTeachesAndExitsZero() {
    Run r = run("", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("Usage: check-history FILE [--model cas-register] [--initial VALUE]")
        .contains(":type is :invoke, :ok, :fail", "Exit status: 0 linearizable, 1 NOT linearizable", "Examples:");
    assertThat(run("", "x.edn", "-h").out()).isEqualTo(r.out());
  }

  @Test
  void searchLimitGivesUndecided() {
    Run r = run("", history("jepsen-format.edn"), "--max-configurations", "1");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).startsWith("unknown\n");
  }

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of(new String[] {}, "error: no history file given (see --help)"),
        Arguments.of(new String[] {"a.edn", "b.edn"}, "error: one history file at a time; got a.edn and b.edn (see --help)"),
        Arguments.of(new String[] {"a.edn", "--verbose"}, "error: unknown option --verbose (see --help)"),
        Arguments.of(new String[] {"a.edn", "--model", "queue"},
            "error: unknown model \"queue\"; the only model is cas-register (see --help)"),
        Arguments.of(new String[] {"a.edn", "--initial"}, "error: --initial needs a value (see --help)"),
        Arguments.of(new String[] {"a.edn", "--initial", "[1"},
            "error: --initial must be one EDN value such as 0, \"a\" or :x; \"[1\" is not (unexpected end of input, "
                + "expected ']' to close the vector opened at line 1, column 1) (see --help)"),
        Arguments.of(new String[] {"a.edn", "--max-configurations", "lots"},
            "error: --max-configurations must be a positive integer, was \"lots\" (see --help)"),
        Arguments.of(new String[] {"/no/such/history.edn"}, "error: no such file: /no/such/history.edn"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badUsage")
  void badUsageExitsTwoWithOneErrorLine(String[] args, String error) {
    Run r = run("", args);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo(error + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unreadableHistoryExitsTwoWithFileLineAndColumn(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.edn");
    Files.writeString(file, "{:process 0, :type :invoke, :f :read}\n{:process 0, :type :okay, :f :read}\n");
    Run r = run("", file.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: " + file + ":2:1: unknown :type :okay (expected :invoke, :ok, :fail or :info)"
        + System.lineSeparator());
    assertThat(run("[{:process 0", "-").err()).startsWith("error: -:1:13: unexpected end of input");
  }
}
