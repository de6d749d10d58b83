package io.strongroom.chaos.harness;

import io.strongroom.client.InitResult;
import io.strongroom.client.RaftMembership;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.StrongroomException;
import io.strongroom.client.Status;
import io.strongroom.client.Sys;
import io.strongroom.client.UnsealProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Real {@code strongroom server} processes inside the chaos namespace, started from a private copy
 * of {@code node/target/strongroom.jar} (as {@code strongroom dev} does), each on its own loopback
 * address with its own group id ({@link NodeSpec}), logging to {@code nodes/nK/node.log}.
 *
 * <p>The cluster is initialized once (5 shares, threshold 3); every node that starts again starts
 * sealed and is unsealed with the shares ({@link #unseal}). Every process started is listed in
 * {@code pids} in the run directory, so whoever launched the run can stop leftovers by PID.
 *
 * <p>Thread-safe: the nemesis and the workload's recovery checks call it concurrently.
 */
public final class Cluster implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /** A running (or stopped) node process. */
  private record Proc(NodeSpec spec, Process process) {}

  private final Path dir;
  private final Path pidFile;
  private final List<String> javaCommand;
  private final Consumer<String> log;
  private final Map<String, Proc> procs = new LinkedHashMap<>();
  private final Set<String> members = new LinkedHashSet<>();
  private final Set<String> paused = new LinkedHashSet<>();
  private final StrongroomClient anon;
  private final Map<Set<String>, StrongroomClient> adminClients = new HashMap<>();
  private int highestIndex;
  private volatile List<String> shares = List.of();
  private volatile String rootToken = "";

  /**
   * @param runDir the run's directory; nodes go under {@code runDir/nodes}
   * @param jar node/target/strongroom.jar (copied, so a rebuild cannot pull classes from under the nodes)
   * @param nodeJvmOptions extra JVM options for every node (the negative control's unsafe reads)
   */
  public Cluster(Path runDir, Path jar, List<String> nodeJvmOptions, Consumer<String> log) {
    this.dir = runDir.resolve("nodes");
    this.pidFile = runDir.resolve("pids");
    this.log = log;
    try {
      Files.createDirectories(dir);
      Path copy = dir.resolve("strongroom.jar");
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
      cmd.addAll(nodeJvmOptions);
      cmd.addAll(List.of("-cp", copy.toString(), "io.strongroom.node.cli.Main", "server", "--config", "node.yaml"));
      this.javaCommand = List.copyOf(cmd);
    } catch (IOException e) {
      throw new ChaosSetupException("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    this.anon = StrongroomClient.builder().addresses(new NodeSpec(1).clientAddress())
        .requestTimeout(Duration.ofMillis(1500)).retryDeadline(Duration.ofSeconds(2)).maxAttempts(2).build();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Writes the configs of n1..nN (all voters) and starts them; returns once each serves status. */
  public void create(int count) {
    List<NodeSpec> specs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      specs.add(new NodeSpec(i));
    }
    StringBuilder peers = new StringBuilder("peers:\n");
    for (NodeSpec s : specs) {
      peers.append("  - {id: ").append(s.id()).append(", raft_address: ").append(s.raftAddress())
          .append(", client_address: ").append(s.clientAddress()).append("}\n");
    }
    for (NodeSpec s : specs) {
      writeConfig(s, peers.toString());
      synchronized (this) {
        members.add(s.id());
        highestIndex = Math.max(highestIndex, s.index());
      }
    }
    for (NodeSpec s : specs) {
      launch(s);
    }
    for (NodeSpec s : specs) {
      awaitServing(s.id());
    }
  }

  private void writeConfig(NodeSpec s, String peersOrJoin) {
    Path nodeDir = dir.resolve(s.id());
    try {
      Files.createDirectories(nodeDir);
      Files.writeString(nodeDir.resolve("node.yaml"),
          "# A chaos-test node, written by io.strongroom.chaos.harness.Cluster.\n"
              + "node_id: " + s.id() + "\n"
              + "region: local\n"
              + "data_dir: data\n"
              + "raft_address: " + s.raftAddress() + "\n"
              + "client_address: " + s.clientAddress() + "\n"
              + "http_address: " + s.httpAddress() + "\n"
              + peersOrJoin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void launch(NodeSpec s) {
    Proc old = procs.get(s.id());
    if (old != null && old.process().isAlive()) {
      throw new IllegalStateException("node " + s.id() + " is still running (pid " + old.process().pid() + ")");
    }
    Path nodeDir = dir.resolve(s.id());
    // setpriv gives the node its own group id, which the firewall's owner match keys on.
    List<String> cmd = new ArrayList<>(List.of("setpriv", "--regid=" + s.gid(), "--clear-groups", "--"));
    cmd.addAll(javaCommand);
    try {
      Files.writeString(nodeDir.resolve("node.log"), "---- " + java.time.Instant.now() + " harness: starting " + s.id() + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(cmd)
          .directory(nodeDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()));
      // Ratis' own reasoning in every node.log: a follower that stops catching up is otherwise
      // explained by nothing but the leader's warnings.
      builder.environment().put("STRONGROOM_RAFT_LOG_LEVEL", "INFO");
      Process p = builder.start();
      Files.writeString(pidFile, p.pid() + " " + s.id() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      procs.put(s.id(), new Proc(s, p));
      paused.remove(s.id());
      log.accept("started " + s.id() + " (pid " + p.pid() + ")");
    } catch (IOException e) {
      throw new ChaosSetupException("cannot start node " + s.id() + ": " + e.getMessage(), e);
    }
  }

  /** Waits until node {@code id} answers status. */
  public void awaitServing(String id) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Sys view = anon.sys().node(NodeSpec.of(id).clientAddress());
    while (true) {
      Proc p = proc(id);
      if (!p.process().isAlive()) {
        throw new ChaosSetupException("node " + id + " exited with code " + p.process().exitValue() + "; see "
            + dir.resolve(id).resolve("node.log"));
      }
      try {
        view.status();
        return;
      } catch (StrongroomException e) {
        pause(deadline, "node " + id + " to serve");
      }
    }
  }

  /** Waits for a leader, initializes the cluster (5 shares, threshold 3) and unseals every member. */
  public void initAndUnsealAll() {
    Awaitility.await("a leader to be elected").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> leader().isPresent());
    try (StrongroomClient c = StrongroomClient.builder().addresses(clientAddresses(members())).build()) {
      InitResult init = c.sys().init(5, 3);
      shares = List.copyOf(init.shares());
      rootToken = init.rootToken();
    }
    for (String id : members()) {
      unseal(id);
    }
  }

  /**
   * Waits until node {@code id} knows the cluster is initialized, then submits shares until it is
   * unsealed. A node restarted after kill -9 starts sealed: the harness must do this again.
   *
   * @throws ChaosSetupException if it is still sealed after {@link #START_TIMEOUT}
   */
  public void unseal(String id) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Sys view = anon.sys().node(NodeSpec.of(id).clientAddress());
    while (true) {
      try {
        Status s = view.status();
        if (s.initialized() && !s.sealed()) {
          return;
        }
        if (s.initialized()) {
          UnsealProgress p = null;
          for (int i = s.unsealProgress(); i < s.threshold(); i++) {
            p = view.unseal(shares.get(i));
          }
          if (p != null && !p.sealed()) {
            log.accept("unsealed " + id);
            return;
          }
        }
      } catch (StrongroomException e) {
        // not serving yet, or a share raced a restart: ask again
      }
      if (!proc(id).process().isAlive()) {
        throw new ChaosSetupException("node " + id + " died while being unsealed; see " + dir.resolve(id).resolve("node.log"));
      }
      pause(deadline, "node " + id + " to be unsealed");
    }
  }

  /** kill -9; a paused node dies as well. */
  public void kill(String id) {
    Proc p = proc(id);
    p.process().destroyForcibly();
    waitExit(p, id);
    synchronized (this) {
      paused.remove(id);
    }
    log.accept("killed " + id + " (pid " + p.process().pid() + ")");
  }

  /** Starts the node again with its config and data (it comes up sealed). */
  public void restart(String id) {
    launch(proc(id).spec());
  }

  /** SIGSTOP. */
  public void pauseNode(String id) {
    Shell.signal(proc(id).process().pid(), "STOP");
    synchronized (this) {
      paused.add(id);
    }
  }

  /** SIGCONT. */
  public void resumeNode(String id) {
    Proc p = proc(id);
    if (p.process().isAlive()) {
      Shell.signal(p.process().pid(), "CONT");
    }
    synchronized (this) {
      paused.remove(id);
    }
  }

  /**
   * Starts a new node with {@code join: true}, adds it as a voter through the leader, and unseals
   * it; the leader catches it up (from its log, or by installing a snapshot).
   *
   * @return its id
   */
  public String addNode() {
    NodeSpec s;
    synchronized (this) {
      s = new NodeSpec(++highestIndex);
    }
    writeConfig(s, "join: true\n");
    launch(s);
    awaitServing(s.id());
    membershipChange(c -> c.sys().raftAddPeer(s.id(), s.raftAddress(), s.clientAddress(), ""), s.id(), true);
    synchronized (this) {
      members.add(s.id());
    }
    unseal(s.id());
    return s.id();
  }

  /** Removes {@code id} from the Raft configuration through the leader, then stops its process. */
  public void removeNode(String id) {
    membershipChange(c -> c.sys().raftRemovePeer(id), id, false);
    synchronized (this) {
      members.remove(id);
    }
    Proc p = proc(id);
    resumeNode(id);
    p.process().destroy();
    try {
      if (!p.process().waitFor(15, TimeUnit.SECONDS)) {
        p.process().destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.process().destroyForcibly();
    }
    waitExit(p, id);
  }

  /**
   * Runs an add-peer or remove-peer, then checks the configuration the leader reports: a call that
   * timed out may still have taken effect (the leader catches a new node up before it commits the
   * configuration, which can outlast the client's deadline), and one that answered may not have.
   * Retries for up to two minutes until the leader's configuration shows the change. (Only the
   * leader's view counts: {@code list-peers} is answered by whichever node is asked, and a follower
   * that fell behind reports its own, stale configuration.)
   */
  private void membershipChange(Function<StrongroomClient, RaftMembership> change, String id, boolean present) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      // One patient attempt: a retry while the first is still catching the node up is refused
      // (reconfiguration in progress) and would only spin until the client's deadline.
      try (StrongroomClient patient = newClient(clientAddresses(members()), Duration.ofSeconds(45), Duration.ofSeconds(50))) {
        if (shows(change.apply(patient), id) == present) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
        log.accept("membership change for " + id + " answered " + e.getMessage() + "; checking the configuration");
      }
      try {
        Optional<String> leader = awaitLeader(Duration.ofSeconds(10));
        if (leader.isPresent()
            && shows(admin().sys().node(NodeSpec.of(leader.get()).clientAddress()).raftPeers(), id) == present) {
          return;
        }
      } catch (RuntimeException e) {
        last = e;
      }
      pause(deadline, (present ? "adding " : "removing ") + id);
    }
    throw new ChaosSetupException((present ? "could not add " : "could not remove ") + id + ": " + (last == null ? "no effect" : last.getMessage()), last);
  }

  private static boolean shows(RaftMembership m, String id) {
    return m.peers().stream().anyMatch(p -> p.id().equals(id) && p.voter());
  }

  // ------------------------------------------------------------------ what the cluster looks like

  /** The voters, as the harness made them. */
  public synchronized List<String> members() {
    return List.copyOf(members);
  }

  /** Whether the node's process is alive (paused counts as alive). */
  public synchronized boolean isRunning(String id) {
    Proc p = procs.get(id);
    return p != null && p.process().isAlive();
  }

  public synchronized boolean isPaused(String id) {
    return paused.contains(id);
  }

  public synchronized Set<String> pausedNodes() {
    return Set.copyOf(paused);
  }

  /** Members whose process is not alive. */
  public synchronized List<String> downMembers() {
    return members.stream().filter(id -> !isRunning(id)).toList();
  }

  /**
   * The leader most of the running, unpaused members name (each asked directly), if any. A node
   * cut off from the others may still name the leader it lost; the majority outvotes it.
   */
  public Optional<String> leader() {
    Map<String, Integer> votes = new HashMap<>();
    for (String id : members()) {
      if (!isRunning(id) || isPaused(id)) {
        continue;
      }
      try {
        anon.sys().node(NodeSpec.of(id).clientAddress()).status().leader().ifPresent(l -> votes.merge(l, 1, Integer::sum));
      } catch (StrongroomException e) {
        // unreachable or busy: no vote
      }
    }
    return votes.entrySet().stream()
        .filter(e -> isRunning(e.getKey()) && !isPaused(e.getKey()))
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey);
  }

  /** {@link #leader()}, asked every 200 ms for up to {@code patience}. */
  public Optional<String> awaitLeader(Duration patience) {
    try {
      return Awaitility.await("a leader").atMost(patience).pollInterval(Duration.ofMillis(200))
          .until(this::leader, Optional::isPresent);
    } catch (ConditionTimeoutException e) {
      return Optional.empty();
    }
  }

  /** A root-token client for every current member, following the leader. */
  public synchronized StrongroomClient admin() {
    Set<String> key = Set.copyOf(members);
    return adminClients.computeIfAbsent(key, k -> StrongroomClient.builder()
        .addresses(clientAddresses(members)).token(rootToken.toCharArray())
        .requestTimeout(Duration.ofSeconds(5)).retryDeadline(Duration.ofSeconds(20)).build());
  }

  /** A new root-token client for {@code addresses} with the given timeouts; the caller closes it. */
  public StrongroomClient newClient(List<String> addresses, Duration requestTimeout, Duration retryDeadline) {
    return StrongroomClient.builder().addresses(addresses).token(rootToken.toCharArray())
        .requestTimeout(requestTimeout).retryDeadline(retryDeadline).maxAttempts(20).build();
  }

  /** An anonymous client (status, unseal), shared. */
  public StrongroomClient anonymous() {
    return anon;
  }

  public String rootToken() {
    return rootToken;
  }

  public Path dir() {
    return dir;
  }

  /** The node's log file. */
  public Path logFile(String id) {
    return dir.resolve(id).resolve("node.log");
  }

  /** Every node ever started, in order. */
  public synchronized List<String> allNodes() {
    return List.copyOf(procs.keySet());
  }

  public static List<String> clientAddresses(Collection<String> ids) {
    return ids.stream().map(id -> NodeSpec.of(id).clientAddress()).toList();
  }

  /** Resumes paused nodes and kills every node process; closes the clients. */
  @Override
  public void close() {
    List<Proc> all;
    synchronized (this) {
      all = List.copyOf(procs.values());
      adminClients.values().forEach(StrongroomClient::close);
      adminClients.clear();
    }
    for (Proc p : all) {
      if (p.process().isAlive()) {
        Shell.run(List.of("kill", "-CONT", Long.toString(p.process().pid())));
        p.process().destroyForcibly();
      }
    }
    for (Proc p : all) {
      waitExit(p, p.spec().id());
    }
    anon.close();
  }

  private synchronized Proc proc(String id) {
    Proc p = procs.get(id);
    if (p == null) {
      throw new IllegalArgumentException("no node " + id);
    }
    return p;
  }

  private static void waitExit(Proc p, String id) {
    try {
      if (!p.process().waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + id + " (pid " + p.process().pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void pause(long deadlineNanos, String what) {
    if (System.nanoTime() > deadlineNanos) {
      throw new ChaosSetupException("timed out waiting for " + what);
    }
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChaosSetupException("interrupted waiting for " + what, e);
    }
  }
}
