package io.strongroom.chaos.harness;

import io.strongroom.chaos.history.Edn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What the chaos tests share: where things are (from surefire's system properties), running a run, reading its summary. */
final class ChaosRuns {
  private ChaosRuns() {}

  static Path jar() {
    return Path.of(System.getProperty("strongroom.jar", "../node/target/strongroom.jar")).toAbsolutePath().normalize();
  }

  static Path out() {
    return Path.of(System.getProperty("chaos.out", "target/chaos")).toAbsolutePath();
  }

  /** This module's classes and runtime dependencies, for the runner JVM. */
  static String classpath() throws IOException {
    Path classes = Path.of(System.getProperty("chaos.classes", "target/classes")).toAbsolutePath();
    Path file = Path.of(System.getProperty("chaos.classpath.file", "target/check-history.classpath")).toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new ChaosSetupException(file + " is missing: build chaos-tests with Maven (it is written at generate-resources)");
    }
    String deps = Files.readString(file).strip();
    return classes + (deps.isEmpty() ? "" : java.io.File.pathSeparator + deps);
  }

  /** The seed from -Dchaos.seed, else the clock's milliseconds; printed by every run. */
  static long seed() {
    String s = System.getProperty("chaos.seed", "");
    return s.isBlank() ? System.currentTimeMillis() : Long.parseLong(s.strip());
  }

  static Edn.MapOf run(RunOptions options, Duration timeout) throws IOException, InterruptedException {
    System.out.println("chaos: " + options.name() + " seed " + options.seed() + " (replay: chaos-tests/bin/chaos "
        + String.join(" ", options.toArgs()) + ")");
    return ChaosLauncher.run(options, classpath(), System.out, timeout);
  }

  static Edn get(Edn.MapOf m, String... path) {
    Edn v = m;
    for (String k : path) {
      if (!(v instanceof Edn.MapOf map)) {
        throw new IllegalArgumentException("no " + String.join(".", path) + " in " + m);
      }
      Optional<Edn> next = map.get(k);
      v = next.orElseThrow(() -> new IllegalArgumentException("no " + String.join(".", path) + " in summary"));
    }
    return v;
  }

  static long num(Edn.MapOf m, String... path) {
    Edn v = get(m, path);
    if (v instanceof Edn.Int i) {
      return i.value().longValueExact();
    }
    throw new IllegalArgumentException(String.join(".", path) + " is " + v + ", not a number");
  }

  static boolean bool(Edn.MapOf m, String... path) {
    return get(m, path).equals(new Edn.Bool(true));
  }

  static String str(Edn.MapOf m, String... path) {
    Edn v = get(m, path);
    return v instanceof Edn.Str s ? s.value() : v.toString();
  }
}
