package io.strongroom.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the launcher does when a run cannot happen: it fails, saying why, and never reports a pass. */
class ChaosLauncherTest {

  @Test
  void aMissingNodeJarFailsTheRunWithTheReason(@TempDir Path dir) {
    RunOptions o = RunOptions.combined("no-jar", 1, 3, 10, false, dir, dir.resolve("missing.jar"));
    assertThatThrownBy(() -> ChaosLauncher.run(o, "", new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        Duration.ofMinutes(1)))
        .isInstanceOf(ChaosSetupException.class)
        .hasMessageContaining("missing.jar does not exist");
  }

  @Test
  void theRunnerRefusesToRunOutsideItsOwnNamespace() {
    assertThatThrownBy(() -> ChaosRun.requireOwnNamespace(null)).isInstanceOf(ChaosSetupException.class)
        .hasMessageContaining("network namespace of its own");
    assertThatThrownBy(() -> ChaosRun.requireOwnNamespace("no-such-namespace-" + ProcessHandle.current().pid()))
        .isInstanceOf(ChaosSetupException.class);
  }

  @Test
  void onlyThisProjectsSnapshotJarsAreCopied(@TempDir Path dir) throws Exception {
    Path snapshot = Files.writeString(dir.resolve("client-0.1.0-SNAPSHOT.jar"), "x");
    Path release = Files.writeString(dir.resolve("netty-4.2.18.Final.jar"), "y");
    String cp = ChaosLauncher.privateCopies(snapshot + ":" + release + ":" + dir.resolve("classes"), dir.resolve("lib"));
    assertThat(cp).isEqualTo(dir.resolve("lib").resolve("client-0.1.0-SNAPSHOT.jar") + ":" + release + ":" + dir.resolve("classes"));
    assertThat(dir.resolve("lib").resolve("client-0.1.0-SNAPSHOT.jar")).hasContent("x");
  }
}
