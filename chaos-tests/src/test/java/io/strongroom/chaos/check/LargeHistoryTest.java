package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size the issue asks for: 1,000 operations by 10 concurrent processes, with indeterminate
 * ones, through the command line as a user would run it. Timings are printed, not asserted
 * (machines vary); the test only makes sure the search finishes.
 */
class LargeHistoryTest {
  private static final RegisterSimulation.Options THOUSAND_OPS =
      new RegisterSimulation.Options(10, 1_000, 1, 0.06, 0.03);

  @Test
  void aThousandOperationHistoryOfTenProcessesChecksInSeconds(@TempDir Path dir) throws IOException {
    History h = RegisterSimulation.run(1_000, THOUSAND_OPS);
    long indeterminate = h.calls().stream().filter(Call::isIndeterminate).count();
    assertThat(h.calls()).hasSize(1_000);
    assertThat(indeterminate).isGreaterThan(10);
    Path file = dir.resolve("thousand.edn");
    HistoryWriter.write(h, file);

    String out = runCli(file, CheckHistoryMain.LINEARIZABLE);
    System.out.printf("1,000 calls (%d events, 10 processes, %d indeterminate), linearizable: %s%n",
        h.size(), indeterminate, out.lines().reduce((a, b) -> b).orElse(""));

    RegisterSimulation.Corrupted corrupted = RegisterSimulation.corruptLastRead(h);
    HistoryWriter.write(corrupted.history(), file);
    String bad = runCli(file, CheckHistoryMain.NOT_LINEARIZABLE);
    assertThat(bad).contains(corrupted.corruptedRead().toString());
    System.out.printf("the same with its last read corrupted, NOT linearizable: %s%n",
        bad.lines().reduce((a, b) -> b).orElse(""));
  }

  @Test
  void severalThousandOperationsStillFinish() {
    History h = RegisterSimulation.run(7, new RegisterSimulation.Options(10, 5_000, 1, 0.06, 0.03));
    long start = System.nanoTime();
    CheckResult<Edn> result = LinearizabilityChecker.checkCasRegister(h);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(result.isLinearizable()).as(result.report()).isTrue();
    System.out.printf("5,000 calls (%d events, 10 processes): linearizable in %d ms, %d configurations%n",
        h.size(), millis, result.configurations());
  }

  private static String runCli(Path file, int expectedExit) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = CheckHistoryMain.run(new String[] {file.toString()}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(text + err.toString(StandardCharsets.UTF_8)).isEqualTo(expectedExit);
    assertThat(Files.exists(file)).isTrue();
    return text;
  }
}
