package io.strongroom.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where the deploy kit lives, how to read its YAML, and how to run its scripts. */
final class DeployFiles {
  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  /** The deploy module's directory (Maven runs the tests there and says so in {@code basedir}). */
  static Path deployDir() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dir.resolve("container/Containerfile"))) {
      throw new IllegalStateException(dir + " is not the deploy module (no container/Containerfile)");
    }
    return dir;
  }

  static Path repoRoot() {
    return deployDir().getParent();
  }

  static Path deploy(String relative) {
    return deployDir().resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One YAML document. */
  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a multi-document YAML file ("---" separated), empty ones skipped. */
  static List<JsonNode> yamlDocuments(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
    return docs;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** What a finished process left. */
  record Result(int exitCode, String stdout, String stderr) {
    String both() {
      return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
  }

  /**
   * Runs {@code command} in {@code workDir} with extra environment, its output captured in files
   * (a node the command leaves running inherits no pipe of ours), and waits at most {@code limit}.
   */
  static Result run(Path workDir, Map<String, String> env, Duration limit, String... command) {
    try {
      Path logs = Files.createDirectories(deployDir().resolve("target/process-output"));
      File out = Files.createTempFile(logs, "out-", ".txt").toFile();
      File err = Files.createTempFile(logs, "err-", ".txt").toFile();
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out)
          .redirectError(err);
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
            + "\n--- stdout ---\n" + Files.readString(out.toPath()) + "\n--- stderr ---\n" + Files.readString(err.toPath()));
      }
      Result r = new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
      Files.deleteIfExists(out.toPath());
      Files.deleteIfExists(err.toPath());
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static Result run(Map<String, String> env, Duration limit, String... command) {
    return run(deployDir(), env, limit, command);
  }
}
