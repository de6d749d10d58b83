package io.strongroom.chaos.harness;

import io.strongroom.chaos.history.Edn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts a chaos run in a network namespace of its own and returns its summary.
 *
 * <p>Layout: one namespace per run ({@code ip netns add srchaos-PID-N}). Its {@code lo} carries
 * every node's address (127.0.0.11, .12, ...), the firewall chain lives in its iptables, and the
 * runner JVM ({@link ChaosMain} {@code --inside}, started with {@code ip netns exec}) runs inside
 * it together with the node processes it starts, so the workload's clients, the nemesis and the
 * checkers all reach the nodes on loopback while the host's network is never touched. This JVM
 * only creates and deletes the namespace, relays the runner's output, and reads
 * {@code summary.edn} when it is done.
 *
 * <p>Whatever cannot be set up (not root, no {@code ip netns}, no iptables, no node jar) throws
 * {@link ChaosSetupException} naming the reason: a chaos test never passes without having run.
 * Leftover node processes of a runner that had to be killed are stopped by PID (from the run's
 * {@code pids} file, after checking each one's command line names the run's directory).
 */
public final class ChaosLauncher {
  private static final AtomicInteger RUNS = new AtomicInteger();

  private ChaosLauncher() {}

  /**
   * Runs {@code options} and returns the summary.
   *
   * @param classpath the class path of this module (classes and dependencies) for the runner JVM
   * @param timeout how long the run may take before it is killed
   */
  public static Edn.MapOf run(RunOptions options, String classpath, PrintStream out, Duration timeout)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(options.jar())) {
      throw new ChaosSetupException("the node jar " + options.jar() + " does not exist: build it first with "
          + "`mvn -B -pl node -am package -DskipTests` (the default `mvn -B verify` builds node before chaos-tests)");
    }
    Path runDir = options.runDir();
    if (Files.exists(runDir)) {
      deleteTree(runDir);
    }
    Files.createDirectories(runDir);
    String ns = "srchaos-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    Shell.Result add = Shell.run(List.of("ip", "netns", "add", ns));
    if (!add.ok()) {
      throw new ChaosSetupException("cannot create a network namespace (`ip netns add " + ns + "` exited " + add.exitCode()
          + ": " + add.output() + "); the chaos suite needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) and iproute2");
    }
    Process runner = null;
    try {
      Shell.Result ipt = Shell.run(List.of("ip", "netns", "exec", ns, "iptables", "-w", "-L", "OUTPUT", "-n"));
      if (!ipt.ok()) {
        throw new ChaosSetupException("iptables does not work in the namespace (exit " + ipt.exitCode() + ": " + ipt.output()
            + "); install the Debian package `iptables` (.ci/run does)");
      }
      Shell.Result setpriv = Shell.run(List.of("setpriv", "--version"));
      if (!setpriv.ok()) {
        throw new ChaosSetupException("setpriv (util-linux) is needed to give each node its own group id: " + setpriv.output());
      }
      List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
          "-Djava.io.tmpdir=" + runDir, "-cp", privateCopies(classpath, runDir.resolve("lib")), ChaosMain.class.getName(), "--inside", ns));
      cmd.addAll(options.toArgs());
      out.println("chaos: run " + options.name() + " seed " + options.seed() + " in network namespace " + ns + " -> " + runDir);
      runner = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      Process p = runner;
      Thread relay = new Thread(() -> relay(p, runDir.resolve("runner.log"), out), "chaos-relay");
      relay.setDaemon(true);
      relay.start();
      if (!runner.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        out.println("chaos: run " + options.name() + " exceeded " + timeout + "; killing the runner (pid " + runner.pid() + ")");
        runner.destroyForcibly();
        runner.waitFor(30, TimeUnit.SECONDS);
        relay.join(5_000);
        throw new ChaosSetupException("the chaos run " + options.name() + " (seed " + options.seed() + ") did not finish within "
            + timeout + "; see " + runDir.resolve("runner.log"));
      }
      relay.join(10_000);
      Path summary = runDir.resolve("summary.edn");
      if (!Files.isRegularFile(summary)) {
        throw new ChaosSetupException("the chaos run " + options.name() + " (seed " + options.seed() + ") ended (exit "
            + runner.exitValue() + ") without a summary; see " + runDir.resolve("runner.log"));
      }
      Edn parsed = Edn.parse(Files.readString(summary));
      if (!(parsed instanceof Edn.MapOf m)) {
        throw new ChaosSetupException(summary + " is not a map");
      }
      return m;
    } finally {
      if (runner != null && runner.isAlive()) {
        runner.destroyForcibly();
      }
      killLeftovers(runDir, out);
      Shell.run(List.of("ip", "netns", "del", ns));
    }
  }

  /**
   * The class path with this project's own (SNAPSHOT) jars copied into {@code lib}: another build's
   * {@code mvn install} must not replace a jar under a runner that loads classes lazily.
   */
  static String privateCopies(String classpath, Path lib) throws IOException {
    List<String> out = new ArrayList<>();
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && entry.contains("SNAPSHOT") && Files.isRegularFile(p)) {
        Files.createDirectories(lib);
        Path copy = lib.resolve(p.getFileName());
        Files.copy(p, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        out.add(copy.toString());
      } else {
        out.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  private static void relay(Process p, Path logFile, PrintStream out) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        log.write(line);
        log.write('\n');
        log.flush();
      }
    } catch (IOException e) {
      out.println("chaos: relaying the runner's output failed: " + e);
    }
  }

  /** Kills (by PID) node processes of this run that are still alive. */
  static void killLeftovers(Path runDir, PrintStream out) throws IOException {
    Path pids = runDir.resolve("pids");
    if (!Files.isRegularFile(pids)) {
      return;
    }
    for (String line : Files.readAllLines(pids)) {
      String[] parts = line.strip().split(" ");
      if (parts.length < 1 || parts[0].isEmpty()) {
        continue;
      }
      long pid = Long.parseLong(parts[0]);
      ProcessHandle.of(pid).ifPresent(h -> {
        String cmdline = h.info().commandLine().orElse("");
        if (h.isAlive() && cmdline.contains(runDir.toString())) {
          Shell.run(List.of("kill", "-CONT", Long.toString(pid)));
          h.destroyForcibly();
          out.println("chaos: killed leftover node process " + pid + " (" + line.strip() + ")");
        }
      });
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
