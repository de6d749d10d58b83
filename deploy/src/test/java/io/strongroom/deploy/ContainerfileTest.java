package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/container/Containerfile: a non-root, read-only-friendly image with a health check. */
class ContainerfileTest {
  /** One instruction, continuation lines joined. */
  record Instruction(String keyword, String args) {}

  private static List<Instruction> all;
  /** The instructions of the last (runtime) stage. */
  private static List<Instruction> runtime;

  @BeforeAll
  static void parse() {
    all = instructions(DeployFiles.read(DeployFiles.deploy("container/Containerfile")));
    int lastFrom = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).keyword().equals("FROM")) {
        lastFrom = i;
      }
    }
    assertThat(lastFrom).as("a FROM").isGreaterThanOrEqualTo(0);
    runtime = all.subList(lastFrom, all.size());
  }

  static List<Instruction> instructions(String text) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      boolean continues = line.endsWith("\\");
      current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continues) {
        String joined = current.toString().strip();
        current.setLength(0);
        if (!joined.isEmpty()) {
          int space = joined.indexOf(' ');
          out.add(new Instruction(joined.substring(0, space).toUpperCase(Locale.ROOT), joined.substring(space + 1).strip()));
        }
      }
    }
    assertThat(current.toString().strip()).as("no dangling continuation at the end").isEmpty();
    return out;
  }

  private static List<Instruction> runtime(String keyword) {
    return runtime.stream().filter(i -> i.keyword().equals(keyword)).toList();
  }

  private static JsonNode jsonArray(String args) {
    try {
      JsonNode node = DeployFiles.JSON.readTree(args);
      assertThat(node.isArray()).as("exec form (JSON array): %s", args).isTrue();
      return node;
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a JSON array: " + args, e);
    }
  }

  @Test
  void runtimeStageIsTheTemurin17Jre() {
    assertThat(runtime.get(0).args()).isEqualTo("${JRE_IMAGE}");
    assertThat(all).filteredOn(i -> i.keyword().equals("ARG")).extracting(Instruction::args)
        .contains("JRE_IMAGE=eclipse-temurin:17-jre");
  }

  @Test
  void runsAsAFixedNumericNonRootUser() {
    List<Instruction> users = runtime("USER");
    assertThat(users).as("one USER in the runtime stage").hasSize(1);
    String user = users.get(0).args();
    assertThat(user).as("numeric uid:gid, so Kubernetes can check runAsNonRoot").matches("[0-9]+:[0-9]+");
    assertThat(Integer.parseInt(user.split(":")[0])).as("uid").isEqualTo(10001);
    assertThat(Integer.parseInt(user.split(":")[1])).as("gid").isEqualTo(10001);
    int userAt = runtime.indexOf(users.get(0));
    assertThat(runtime.subList(userAt, runtime.size())).as("nothing runs as root after USER")
        .noneMatch(i -> i.keyword().equals("RUN"));
  }

  @Test
  void hasOneDataVolumeAndTheThreePorts() {
    List<Instruction> volumes = runtime("VOLUME");
    assertThat(volumes).hasSize(1);
    assertThat(DeployFiles.texts(jsonArray(volumes.get(0).args()))).containsExactly("/var/lib/strongroom");
    assertThat(runtime("EXPOSE")).extracting(Instruction::args).containsExactly("7100 7200 7300");
    assertThat(runtime("RUN")).as("the data dir belongs to the node's user, mode 0700")
        .anyMatch(i -> i.args().contains("chown \"${STRONGROOM_UID}:${STRONGROOM_GID}\" /var/lib/strongroom")
            && i.args().contains("chmod 0700 /var/lib/strongroom"));
  }

  @Test
  void healthCheckCountsAnyAnswerAsAlive() {
    List<Instruction> checks = runtime("HEALTHCHECK");
    assertThat(checks).hasSize(1);
    String args = checks.get(0).args();
    String cmd = args.substring(args.indexOf("CMD ") + 4);
    List<String> command = DeployFiles.texts(jsonArray(cmd));
    assertThat(command).containsExactly("/usr/local/bin/strongroom-health", "live", "http://127.0.0.1:7300/v1/sys/health");
    assertThat(args).contains("--start-period=").contains("--timeout=");
    assertThat(runtime("COPY")).extracting(Instruction::args)
        .contains("--chmod=0755 deploy/container/strongroom-health /usr/local/bin/strongroom-health");
  }

  @Test
  void entrypointRunsTheJarWithSafeJvmFlags() {
    List<Instruction> entrypoints = runtime("ENTRYPOINT");
    assertThat(entrypoints).hasSize(1);
    List<String> entry = DeployFiles.texts(jsonArray(entrypoints.get(0).args()));
    assertThat(entry.get(0)).isEqualTo("java");
    assertThat(entry).contains(
        "-XX:-CreateCoredumpOnCrash",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-HeapDumpOnOutOfMemoryError",
        "-XX:+DisableAttachMechanism",
        "-Djava.io.tmpdir=/tmp",
        "-Djava.library.path=/opt/strongroom/lib");
    assertThat(entry).noneMatch(a -> a.contains("+HeapDumpOnOutOfMemoryError") || a.contains("CrashOnOutOfMemoryError"));
    assertThat(entry).filteredOn(a -> a.startsWith("-XX:ErrorFile=")).singleElement().asString().startsWith("-XX:ErrorFile=/tmp/");
    assertThat(entry.subList(entry.size() - 2, entry.size())).containsExactly("-jar", "/opt/strongroom/strongroom.jar");
    assertThat(DeployFiles.texts(jsonArray(runtime("CMD").get(0).args())))
        .containsExactly("server", "--config", "/etc/strongroom/node.yaml");
    assertThat(runtime("COPY")).extracting(Instruction::args)
        .contains("--chmod=0644 node/target/strongroom.jar /opt/strongroom/strongroom.jar");
  }

  @Test
  void rocksDbLibraryIsUnpackedAtBuildTimeNotIntoTmp() {
    assertThat(all).filteredOn(i -> i.keyword().equals("FROM")).extracting(Instruction::args)
        .containsExactly("${JDK_IMAGE} AS natives", "${JRE_IMAGE}");
    assertThat(all).filteredOn(i -> i.keyword().equals("RUN"))
        .anyMatch(i -> i.args().contains("librocksdbjni-linux64.so") && i.args().contains("librocksdbjni-linux-aarch64.so"));
    assertThat(runtime("COPY")).extracting(Instruction::args)
        .contains("--from=natives --chmod=0644 /natives/*.so /opt/strongroom/lib/");
  }

  @Test
  void everyCopiedFileIsInTheBuildContextAndItsIgnoreFile() {
    String ignore = DeployFiles.read(DeployFiles.deploy("container/Containerfile.dockerignore"));
    List<String> allowed = ignore.lines().filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
    assertThat(ignore.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst()).as("ignore everything first").contains("*");
    for (Instruction copy : all) {
      if (!copy.keyword().equals("COPY") || copy.args().contains("--from=")) {
        continue;
      }
      String[] words = copy.args().split("\\s+");
      String source = words[words.length - 2];
      assertThat(allowed).as("%s is let through Containerfile.dockerignore", source).contains(source);
      if (source.startsWith("deploy/")) {
        Path file = DeployFiles.repoRoot().resolve(source);
        assertThat(file).exists();
        assertThat(Files.isExecutable(file)).as("%s is executable", source).isTrue();
      }
    }
  }
}
