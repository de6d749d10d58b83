package io.strongroom.node.dev;

import io.strongroom.client.InitResult;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.StrongroomException;
import io.strongroom.node.tls.DevCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A local cluster for trying Strongroom out: every node is its own OS process on 127.0.0.1, so a
 * user can kill one and watch the others carry on.
 *
 * <p>Each node gets {@code DIR/nK/node.yaml}, {@code DIR/nK/data/} and {@code DIR/nK/node.log}. A
 * directory that already holds a dev cluster is reused: the same nodes restart with their data (a
 * node always starts sealed; the shares in {@code DIR/dev.env} unseal it). Unless told not to, a
 * new cluster is initialized with 5 shares and threshold 3 and every node is unsealed.
 *
 * <p>TLS is on unless asked otherwise: {@code DIR/tls/} holds a dev CA ({@code ca.pem}, which
 * {@code dev.env} exports as {@code STRONGROOM_CACERT}) and one certificate per node for
 * 127.0.0.1 and localhost (see {@link DevCertificates}); clients and Raft peers all speak TLS 1.3,
 * peers mutually authenticated. A reused directory keeps its certificates, and keeps plaintext if
 * it was created without TLS.
 *
 * <p>Development only: {@code dev.env} holds the root token and the unseal shares in the clear, and
 * the CA's private key lies next to the certificates it signed.
 * {@link #close()} stops every node process this object started.
 */
public final class DevCluster implements AutoCloseable {
  /** A running node process. */
  public record Node(String id, Path dir, String clientAddress, String httpAddress, Process process) {
    public long pid() {
      return process.pid();
    }
  }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * A node of a cluster whose configuration the caller wrote ({@code DIR/ID/node.yaml}): its
   * addresses, and JVM options of its own (for example {@code -Djdk.net.hosts.file=...}, which
   * {@link DelayProxy} relies on).
   */
  public record Launch(String id, String clientAddress, String httpAddress, List<String> jvmArgs) {
    public Launch {
      jvmArgs = List.copyOf(jvmArgs);
    }
  }

  private final Path dir;
  private final Map<String, Node> nodes;
  private final Map<String, List<String>> jvmArgs = new LinkedHashMap<>();
  private final List<String> javaCommand;
  private final Optional<Path> caCertificate;
  private String rootToken = "";
  private List<String> shares = List.of();

  private DevCluster(Path dir, Map<String, Node> nodes, List<String> javaCommand, Optional<Path> caCertificate) {
    this.dir = dir;
    this.nodes = nodes;
    this.javaCommand = javaCommand;
    this.caCertificate = caCertificate;
  }

  /** Starts (or restarts) the cluster in {@code dir} with TLS; see {@link #start(Path, int, boolean, boolean, PrintStream)}. */
  public static DevCluster start(Path dir, int count, boolean init, PrintStream progress) throws IOException {
    return start(dir, count, init, true, progress);
  }

  /**
   * Starts (or restarts) the cluster in {@code dir} and waits until it serves.
   *
   * @param count nodes for a new cluster (ignored when {@code dir} holds one)
   * @param init initialize and unseal a new cluster; unseal a restarted one with the saved shares
   * @param tls give a new cluster a dev CA and node certificates (ignored when {@code dir} holds a
   *     cluster: its node.yaml files decide)
   * @param progress where to print what is happening
   */
  public static DevCluster start(Path dir, int count, boolean init, boolean tls, PrintStream progress) throws IOException {
    if (count < 1 || count > 9) {
      throw new IllegalArgumentException("--nodes must be 1..9, was " + count);
    }
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    Map<String, String[]> layout = existingLayout(root);
    boolean fresh = layout.isEmpty();
    boolean secure = fresh ? tls : usesTls(root, layout.keySet());
    Optional<Path> ca = Optional.empty();
    if (secure) {
      // New certificates for a new cluster; a reused one keeps those its CA signed that are still good.
      DevCertificates pki = DevCertificates.openOrCreate(root.resolve("tls"));
      for (String id : fresh ? ids(count) : List.copyOf(layout.keySet())) {
        pki.nodeCertificate(id);
      }
      ca = Optional.of(pki.caCertificate());
    }
    if (fresh) {
      layout = newLayout(root, count, secure);
    }
    progress.printf("strongroom dev: %s%n", secure ? "TLS 1.3 for clients and Raft, CA " + ca.orElseThrow() : "plaintext (no TLS)");
    DevCluster cluster = new DevCluster(root, new LinkedHashMap<>(), javaCommand(root), ca);
    try {
      for (Map.Entry<String, String[]> e : layout.entrySet()) {
        cluster.launch(e.getKey(), e.getValue()[0], e.getValue()[1]);
      }
      progress.printf("strongroom dev: %s %d node processes in %s%n", fresh ? "started" : "restarted", layout.size(), root);
      cluster.awaitServing(progress);
      if (init) {
        if (fresh) {
          cluster.initialize(progress);
        } else {
          cluster.loadSavedShares();
        }
        cluster.unsealAll(progress);
      }
      cluster.writeEnv();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts node processes from configurations the caller wrote in {@code dir} (each
   * {@code DIR/ID/node.yaml}, relative paths against it), each with its own extra JVM options,
   * then waits until every node serves and a leader is elected. With {@code init}, initializes
   * the cluster (5 shares, threshold 3) and unseals every node.
   *
   * @param caCertificate the CA the nodes' client ports present certificates from, if TLS
   */
  public static DevCluster startPrepared(Path dir, List<Launch> launches, Optional<Path> caCertificate, boolean init, PrintStream progress)
      throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    DevCluster cluster = new DevCluster(root, new LinkedHashMap<>(), javaCommand(root), caCertificate);
    try {
      for (Launch l : launches) {
        if (!Files.isRegularFile(root.resolve(l.id()).resolve("node.yaml"))) {
          throw new IllegalArgumentException("no " + root.resolve(l.id()).resolve("node.yaml"));
        }
        cluster.jvmArgs.put(l.id(), l.jvmArgs());
        cluster.launch(l.id(), l.clientAddress(), l.httpAddress());
      }
      progress.printf("strongroom dev: started %d node processes in %s%n", launches.size(), root);
      cluster.awaitServing(progress);
      if (init) {
        cluster.initialize(progress);
        cluster.unsealAll(progress);
      }
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static Map<String, String[]> existingLayout(Path root) throws IOException {
    Map<String, String[]> layout = new LinkedHashMap<>();
    for (int i = 1; i <= 9; i++) {
      Path yaml = root.resolve("n" + i).resolve("node.yaml");
      if (Files.isRegularFile(yaml)) {
        String text = Files.readString(yaml);
        layout.put("n" + i, new String[] {value(text, "client_address"), value(text, "http_address")});
      }
    }
    return layout;
  }

  private static boolean usesTls(Path root, java.util.Set<String> ids) throws IOException {
    for (String id : ids) {
      if (Files.readAllLines(root.resolve(id).resolve("node.yaml")).stream().anyMatch(l -> l.startsWith("tls:"))) {
        return true;
      }
    }
    return false;
  }

  private static List<String> ids(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add("n" + i);
    }
    return ids;
  }

  private static String value(String yaml, String key) {
    return yaml.lines().filter(l -> l.startsWith(key + ":")).map(l -> l.substring(key.length() + 1).trim()).findFirst().orElseThrow();
  }

  private static Map<String, String[]> newLayout(Path root, int count, boolean tls) throws IOException {
    List<String[]> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(new String[] {"127.0.0.1:" + Ports.free(), "127.0.0.1:" + Ports.free(), "127.0.0.1:" + Ports.free()});
    }
    StringBuilder peers = new StringBuilder("peers:\n");
    for (int i = 0; i < count; i++) {
      peers.append("  - {id: n").append(i + 1).append(", raft_address: ").append(ports.get(i)[0]).append(", client_address: ").append(ports.get(i)[1]).append("}\n");
    }
    Map<String, String[]> layout = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String id = "n" + (i + 1);
      Path nodeDir = root.resolve(id);
      Files.createDirectories(nodeDir);
      Files.writeString(
          nodeDir.resolve("node.yaml"),
          "# A dev-mode node, written by `strongroom dev`.\n"
              + "node_id: " + id + "\n"
              + "region: local\n"
              + "data_dir: data\n"
              + "raft_address: " + ports.get(i)[0] + "\n"
              + "client_address: " + ports.get(i)[1] + "\n"
              + "http_address: " + ports.get(i)[2] + "\n"
              + peers
              + (tls
                  ? "tls:\n"
                      + "  cert: ../tls/" + id + ".pem\n"
                      + "  key: ../tls/" + id + ".key\n"
                      + "  ca: ../tls/ca.pem\n"
                      + "  require_client_cert: false\n"
                  : ""));
      layout.put(id, new String[] {ports.get(i)[1], ports.get(i)[2]});
    }
    return layout;
  }

  /**
   * The command that runs a node: this JVM's Java and class path. When that class path is one jar
   * (the launcher's node/target/strongroom.jar), the nodes run a private copy of it, so rebuilding
   * the jar while the cluster runs cannot pull classes out from under them.
   */
  private static List<String> javaCommand(Path root) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
      Path copy = root.resolve("strongroom.jar");
      Files.copy(Path.of(classPath), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      classPath = copy.toString();
    }
    List<String> cmd = new ArrayList<>(List.of(javaBin));
    cmd.addAll(nodeJavaOptions(System.getenv(NODE_JAVA_OPTS)));
    cmd.addAll(List.of("-cp", classPath, "io.strongroom.node.cli.Main"));
    return List.copyOf(cmd);
  }

  /** The environment variable that replaces the nodes' JVM options. */
  public static final String NODE_JAVA_OPTS = "STRONGROOM_NODE_JAVA_OPTS";

  /**
   * A dev node's JVM options: small and quick to start (a small heap, the serial collector, the
   * client compiler only) unless {@code fromEnv} (the value of {@link #NODE_JAVA_OPTS}, options
   * separated by spaces) replaces them, e.g. with a production JVM's options for a benchmark: the
   * client compiler alone runs AES-GCM and SHA-256 without their intrinsics.
   */
  static List<String> nodeJavaOptions(String fromEnv) {
    if (fromEnv == null || fromEnv.isBlank()) {
      return List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }
    return List.of(fromEnv.trim().split("\\s+"));
  }

  /** Starts (again) the process of node {@code id} with its config and data. */
  public Node launch(String id) throws IOException {
    Node old = nodes.get(id);
    if (old == null) {
      throw new IllegalArgumentException("no node " + id + " in " + dir);
    }
    if (old.process().isAlive()) {
      throw new IllegalStateException("node " + id + " is still running (pid " + old.pid() + ")");
    }
    return launch(id, old.clientAddress(), old.httpAddress());
  }

  private Node launch(String id, String client, String http) throws IOException {
    Path nodeDir = dir.resolve(id);
    List<String> cmd = new ArrayList<>(javaCommand.subList(0, 1));
    cmd.addAll(jvmArgs.getOrDefault(id, List.of()));
    cmd.addAll(javaCommand.subList(1, javaCommand.size()));
    cmd.addAll(List.of("server", "--config", nodeDir.resolve("node.yaml").toString()));
    Process p =
        new ProcessBuilder(cmd)
            .directory(nodeDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()))
            .start();
    Node n = new Node(id, nodeDir, client, http, p);
    nodes.put(id, n);
    return n;
  }

  private void awaitServing(PrintStream progress) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try (StrongroomClient anon = client("")) {
      for (Node n : nodes.values()) {
        progress.printf("  waiting for %s (pid %d) on %s ", n.id(), n.pid(), n.clientAddress());
        while (true) {
          if (!n.process().isAlive()) {
            throw new IllegalStateException("node " + n.id() + " exited with code " + n.process().exitValue() + "; see " + n.dir().resolve("node.log"));
          }
          try {
            anon.sys().node(n.clientAddress()).status();
            break;
          } catch (StrongroomException e) {
            pause(deadline, "node " + n.id() + " to serve");
            progress.print('.');
          }
        }
        progress.println(" up");
      }
      progress.print("  waiting for a leader ");
      while (anon.sys().status().leader().isEmpty()) {
        pause(deadline, "a leader to be elected");
        progress.print('.');
      }
      progress.println(" elected");
    }
  }

  private void initialize(PrintStream progress) {
    try (StrongroomClient anon = client("")) {
      InitResult init = anon.sys().init(5, 3);
      shares = init.shares();
      rootToken = init.rootToken();
      progress.println("  initialized: 5 unseal shares, threshold 3");
    }
  }

  private void loadSavedShares() throws IOException {
    Path env = dir.resolve("dev.env");
    if (!Files.isRegularFile(env)) {
      return;
    }
    for (String line : Files.readAllLines(env)) {
      if (line.startsWith("export STRONGROOM_TOKEN=")) {
        rootToken = unquote(line.substring("export STRONGROOM_TOKEN=".length()));
      } else if (line.startsWith("export STRONGROOM_UNSEAL_SHARES=")) {
        shares = List.of(unquote(line.substring("export STRONGROOM_UNSEAL_SHARES=".length())).split(","));
      }
    }
  }

  /** Unseals every running node with the first three shares (a no-op without saved shares). */
  public void unsealAll(PrintStream progress) {
    if (shares.size() < 3) {
      return;
    }
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    try (StrongroomClient anon = client("")) {
      for (Node n : nodes.values()) {
        if (!n.process().isAlive()) {
          continue;
        }
        var view = anon.sys().node(n.clientAddress());
        // The init reaches every node through the log; wait until this one has applied it.
        while (!view.status().initialized()) {
          pause(deadline, "node " + n.id() + " to learn of the init");
        }
        for (int i = 0; i < 3 && view.status().sealed(); i++) {
          try {
            view.unseal(shares.get(i));
          } catch (io.strongroom.client.AuditFailedException e) {
            // The share counted, but its audit record did not commit in time (the leadership was
            // moving: unsealing a node can hand it the leadership). Submitting the same share again
            // counts it once.
            pause(deadline, "node " + n.id() + "'s unseal to be audited");
            i--;
          }
        }
        progress.printf("  %s unsealed%n", n.id());
      }
    }
  }

  private void writeEnv() throws IOException {
    Path env = dir.resolve("dev.env");
    Files.deleteIfExists(env);
    Files.createFile(env, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(env, envLines());
  }

  /** Shell export lines for this cluster (also written to {@code DIR/dev.env}). */
  public String envLines() {
    String addr = nodes.values().stream().map(Node::clientAddress).collect(Collectors.joining(","));
    String pids = nodes.values().stream().map(n -> n.id() + ":" + n.pid()).collect(Collectors.joining(","));
    return "# Strongroom dev cluster in " + dir + " (development only: secrets below are in the clear)\n"
        + "export STRONGROOM_ADDR='" + addr + "'\n"
        + "export STRONGROOM_TOKEN='" + rootToken + "'\n"
        + "export STRONGROOM_UNSEAL_SHARES='" + String.join(",", shares) + "'\n"
        + "export STRONGROOM_NODE_PIDS='" + pids + "'\n"
        + caCertificate.map(ca -> "export STRONGROOM_CACERT='" + ca + "'\n").orElse("");
  }

  /** The CA certificate clients must trust, when the cluster runs TLS. */
  public Optional<Path> caCertificate() {
    return caCertificate;
  }

  public Path dir() {
    return dir;
  }

  public Map<String, Node> nodes() {
    return Map.copyOf(nodes);
  }

  public String rootToken() {
    return rootToken;
  }

  public List<String> shares() {
    return shares;
  }

  public List<String> clientAddresses() {
    return nodes.values().stream().map(Node::clientAddress).toList();
  }

  public Optional<Node> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  /** Kills node {@code id}'s process at once (SIGKILL), as a crash or a lost host would; {@link #launch(String)} starts it again. */
  public void kill(String id) {
    Node n = nodes.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no node " + id + " in " + dir);
    }
    n.process().destroyForcibly();
    try {
      n.process().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every node process: a polite SIGTERM first, SIGKILL after ten seconds. */
  @Override
  public void close() {
    for (Node n : nodes.values()) {
      n.process().destroy();
    }
    for (Node n : nodes.values()) {
      try {
        if (!n.process().waitFor(10, TimeUnit.SECONDS)) {
          n.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        n.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private StrongroomClient client(String token) {
    StrongroomClient.Builder b = StrongroomClient.builder();
    caCertificate.ifPresent(b::trustCertificates);
    return b
        .addresses(clientAddresses())
        .token(token.toCharArray())
        .retryDeadline(Duration.ofSeconds(20))
        .maxAttempts(40)
        .build();
  }

  private static void pause(Instant deadline, String what) {
    if (Instant.now().isAfter(deadline)) {
      throw new IllegalStateException("gave up after " + START_TIMEOUT.toSeconds() + " s waiting for " + what);
    }
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }

  private static String unquote(String s) {
    return s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
  }

}
