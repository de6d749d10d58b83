package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/check-history} end to end: a real bash and a real JVM on the classes this build just
 * made ({@code CHECK_HISTORY_NO_BUILD=1}, so the test never starts Maven).
 */
class CheckHistoryScriptTest {
  private static final Path SCRIPT = Path.of("bin", "check-history").toAbsolutePath();

  record Run(int exit, String out, String err) {}

  private static Run script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("CHECK_HISTORY_NO_BUILD", "1");
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Path target = Path.of("target");
    Path out = Files.createTempFile(target, "script", ".out");
    Path err = Files.createTempFile(target, "script", ".err");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
    Run run = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  @Test
  void scriptRunsTheCheckerAndPassesItsExitStatusOn() throws Exception {
    assertThat(Files.isExecutable(SCRIPT)).as("bin/check-history is executable").isTrue();

    Run ok = script(CheckHistoryMainTest.history("info-write-shows-up.edn"));
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("linearizable\n");

    Run bad = script(CheckHistoryMainTest.history("lost-write.edn"));
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).startsWith("NOT linearizable\n");

    Run usage = script("--initial");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).isEqualTo("error: --initial needs a value (see --help)\n");

    Run help = script("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).startsWith("Usage: check-history FILE");
  }
}
