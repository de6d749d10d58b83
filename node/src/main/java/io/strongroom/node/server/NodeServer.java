package io.strongroom.node.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.strongroom.crypto.Bytes;
import io.strongroom.node.BuildInfo;
import io.strongroom.node.config.HostPort;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.node.ingress.ClientIngress;
import io.strongroom.node.tls.NodeTls;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.raft.ratis.StateListener;
import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.unseal.AuditSink;
import io.strongroom.unseal.Pkcs11KeyWrapper;
import io.strongroom.unseal.RootKeyWrapper;
import io.strongroom.unseal.SealLifecycle;
import io.strongroom.unseal.SealRecord;
import io.strongroom.unseal.SealState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Strongroom node: its Raft replica, its seal lifecycle, the client port and the HTTP port.
 *
 * <p>A node always starts sealed (or uninitialized before the cluster's first init); it replicates
 * the log either way. Closing it stops the ports, zeroes key material and stops the replica.
 */
public final class NodeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeServer.class);
  /** The Raft group every node of a cluster derives from this name. */
  static final String CLUSTER = "strongroom";

  private final NodeConfig config;
  private final List<AutoCloseable> resources;
  private final ClientIngress ingress;
  private final HealthServer http;
  private final SealLifecycle seal;
  private final RaftNode raft;

  private NodeServer(NodeConfig config, List<AutoCloseable> resources, ClientIngress ingress, HealthServer http, SealLifecycle seal, RaftNode raft) {
    this.config = config;
    this.resources = resources;
    this.ingress = ingress;
    this.http = http;
    this.seal = seal;
    this.raft = raft;
  }

  /**
   * Starts every part of the node; on failure, stops what was started and rethrows.
   *
   * @throws io.strongroom.node.tls.TlsSetupException if the configured TLS files cannot be used
   *     (checked before anything starts; the message names the file)
   */
  public static NodeServer start(NodeConfig config) throws IOException {
    List<AutoCloseable> resources = new ArrayList<>(); // closed in reverse order
    try {
      return start(config, resources);
    } catch (IOException | RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  private static NodeServer start(NodeConfig config, List<AutoCloseable> resources) throws IOException {
    if (NodeService.UNSAFE_LOCAL_READS) {
      LOG.warn("UNSAFE: strongroom.test.unsafeLocalReads is set: reads skip the read index and may be stale. Test use only.");
    }
    // TLS first: a bad certificate or key must stop the node before it joins anything.
    Optional<NodeTls> tls = config.tls().map(NodeTls::load);
    tls.ifPresent(t -> t.requireNames(config.raftAddress().host()));
    tls.ifPresent(
        t -> {
          LOG.info("TLS 1.3 on the client and Raft ports: {}", t);
          if (t.keyReadableByOthers()) {
            LOG.warn("the private key {} is readable by other users; restrict it to the node's user (chmod 600)", config.tls().orElseThrow().keyFile());
          }
        });
    if (tls.isEmpty()) {
      LOG.warn("no tls section in the configuration: client and Raft traffic is plaintext (loopback development only)");
    }
    Path data = config.dataDir();
    Files.createDirectories(data);
    SecureRandom random = new SecureRandom();
    NodeConfig.Timeouts timeouts = config.timeouts();
    LOG.info("Raft timeouts (profile {}): election {}-{} ms, heartbeat every {} ms, request {} ms", config.profile().name().toLowerCase(java.util.Locale.ROOT),
        timeouts.electionMin().toMillis(), timeouts.electionMax().toMillis(), timeouts.heartbeat().toMillis(), timeouts.request().toMillis());
    RaftNode.Settings settings =
        new RaftNode.Settings(
            timeouts.electionMin(),
            timeouts.electionMax(),
            timeouts.request(),
            RaftNode.Settings.LAN.snapshotEveryEntries(),
            RaftNode.Settings.LAN.snapshotsRetained(),
            RaftNode.Settings.LAN.logSegmentSize());
    List<RaftNode.Peer> peers = config.peers().stream().map(p -> new RaftNode.Peer(p.id(), p.raftAddress().toString())).toList();
    // Raft peers are admitted by name: those in node.yaml and, once known, the current Raft
    // configuration's members (peers added at run time; the only source for a joining node).
    AtomicReference<RaftNode> started = new AtomicReference<>();
    Supplier<List<String>> peerHosts = () -> raftHosts(config, started.get());
    RaftNode raft =
        RaftNode.start(CLUSTER, config.nodeId(), config.raftAddress().toString(), peers, data.resolve("raft"), data.resolve("state"),
            settings, KvLimits.DEFAULT, RocksDbTuning.DEFAULT, System::currentTimeMillis, tls.map(t -> t.peerTls(peerHosts)));
    resources.add(raft);
    started.set(raft);

    ExecutorService records = Executors.newSingleThreadExecutor(daemon("strongroom-seal-records"));
    resources.add(() -> shutdown(records));
    ReplicatedSealStore store = new ReplicatedSealStore(raft, random, timeouts.request().multipliedBy(3));
    AuditSink audit =
        e -> LOG.info("ceremony {} {}: {} (holder {}, progress {}/{}) {}", e.ceremony(), e.step(), e.outcome(), e.holderIndex(), e.progress(), e.threshold(), e.detail());
    SealLifecycle seal = SealLifecycle.start(store, audit, random, hsm(config));
    resources.add(seal);
    raft.setListener(
        new StateListener() {
          @Override
          public void systemRecordWritten(String key, Bytes value) {
            if (ReplicatedSealStore.KEY.equals(key)) {
              store.seen(value);
              records.execute(() -> seal.recordChanged(SealRecord.fromBytes(value)));
            }
          }

          @Override
          public void reloaded() {
            records.execute(() -> store.load().ifPresent(seal::recordChanged));
          }
        });
    // Entries applied between the replica's start and the listener above: catch up once.
    records.execute(() -> store.load().ifPresent(seal::recordChanged));

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    resources.add(metrics::close);
    // Both indexes count every log entry, the configuration entries Ratis applies without the
    // state machine included: at rest the lag is 0.
    Gauge.builder("strongroom.raft.applied.index", raft, RaftNode::appliedIndex).register(metrics);
    Gauge.builder("strongroom.raft.commit.index", raft, RaftNode::commitIndex).register(metrics);
    Gauge.builder("strongroom.raft.apply.lag", raft, r -> Math.max(0, r.commitIndex() - r.appliedIndex()))
        .description("committed entries this replica has not applied yet")
        .register(metrics);
    Gauge.builder("strongroom.raft.term", raft, RaftNode::term).description("grows with every election: a leader-change counter").register(metrics);
    Gauge.builder("strongroom.raft.leader", raft, r -> r.isLeaderReady() ? 1 : 0).description("1 on the leader").register(metrics);
    Gauge.builder("strongroom.raft.listener", raft, r -> "LISTENER".equals(r.role()) ? 1 : 0)
        .description("1 on a listener: a read replica that never votes").register(metrics);
    Gauge.builder("strongroom.sealed", seal, s -> s.state() == SealState.UNSEALED ? 0 : 1).register(metrics);

    ExecutorService work = Executors.newFixedThreadPool(8, daemon("strongroom-work"));
    resources.add(() -> shutdown(work));
    // At most 2 entries in flight, the second only with at least 16 commands: each entry costs
    // 1-2 ms of CPU over the three nodes on a 2-core machine whatever it carries, so fewer, fuller
    // entries win (BENCHMARKS.md, items 6 and 11). With at most 16 outstanding, commands linger up
    // to 2.5 ms for the ones the last entry answered (item 25). -Dstrongroom.batch.inFlight=N,
    // -Dstrongroom.batch.followOn=N and -Dstrongroom.batch.lingerMicros=N (0: none) override, for tuning.
    long lingerMicros = Long.getLong("strongroom.batch.lingerMicros", 2_500);
    java.util.concurrent.ScheduledThreadPoolExecutor lingerTimer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("strongroom-batch-linger"));
    lingerTimer.setRemoveOnCancelPolicy(true); // most lingers end by their commands, long before the timer
    resources.add(() -> shutdown(lingerTimer));
    WriteBatcher writes = new WriteBatcher(
        raft::submit, 512, Integer.getInteger("strongroom.batch.inFlight", 2), Integer.getInteger("strongroom.batch.followOn", 16),
        TimeUnit.MICROSECONDS.toNanos(lingerMicros), lingerTimer);
    NodeService service = new NodeService(config, raft, seal, writes, random, System::currentTimeMillis, work, metrics, BuildInfo.version());
    java.util.concurrent.ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(daemon("strongroom-audit-checkpoints"));
    resources.add(() -> shutdown(ticks));
    ticks.scheduleWithFixedDelay(service::auditTick, 1, 1, java.util.concurrent.TimeUnit.SECONDS);

    // Leadership where it can serve: the primary region's unsealed voters, never a sealed node.
    // Long enough for a first TLS handshake across regions; short next to a node's restart, so a
    // node that went away has priority 0 by the time it is back (sealed).
    Duration probeTimeout = timeouts.electionMin().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : timeouts.electionMin().compareTo(Duration.ofSeconds(3)) > 0 ? Duration.ofSeconds(3) : timeouts.electionMin();
    LeaderPlacement placement = new LeaderPlacement(config, raft, seal, service::addressBook, probeClient(config, probeTimeout), probeTimeout);
    resources.add(placement);
    java.util.concurrent.ScheduledExecutorService placementTicks = Executors.newSingleThreadScheduledExecutor(daemon("strongroom-leader-placement"));
    resources.add(() -> shutdown(placementTicks));
    placementTicks.scheduleWithFixedDelay(placement::tick, 1, 1, TimeUnit.SECONDS);
    config.primaryRegion().ifPresent(r -> LOG.info("primary region {}: its unsealed voters get leader priority {}", r, LeaderPlacement.PRIMARY));

    ClientIngress ingress =
        ClientIngress.start(
            config.nodeId(), config.clientAddress().host(), config.clientAddress().port(), tls.map(NodeTls::clientServerContext), ClientIngress.DEFAULT_MAX_FRAME_BYTES, 2, service);
    resources.add(ingress);
    HealthServer http =
        HealthServer.start(
            config.httpAddress().host(),
            config.httpAddress().port(),
            () -> new HealthServer.Health(seal.state() != SealState.UNINITIALIZED, seal.state() != SealState.UNSEALED, raft.isLeaderReady(), config.nodeId()),
            metrics);
    resources.add(http);
    LOG.info(
        "node {} ({}) serving clients on {}:{}, HTTP on {}:{}, Raft on {}; seal state {}",
        config.nodeId(), config.region(), config.clientAddress().host(), ingress.port(), config.httpAddress().host(), http.port(), config.raftAddress(), seal.state());
    return new NodeServer(config, resources, ingress, http, seal, raft);
  }

  /** A client for status requests to other nodes (pinned per call), trusting the cluster CA. */
  private static io.strongroom.client.StrongroomClient probeClient(NodeConfig config, Duration timeout) {
    io.strongroom.client.StrongroomClient.Builder b =
        io.strongroom.client.StrongroomClient.builder()
            // Never dialled: every probe is pinned to the node it asks. The builder wants one.
            .addresses(List.of(config.clientAddress().port() == 0 ? "127.0.0.1:1" : config.clientAddress().toString()))
            .maxAttempts(1)
            .ioThreads(1)
            .connectTimeout(timeout)
            .requestTimeout(timeout)
            .retryDeadline(timeout.multipliedBy(2));
    config.tls().ifPresent(t -> {
      b.trustCertificates(t.caFile());
      if (t.requireClientCert()) {
        b.clientCertificate(t.certFile(), t.keyFile());
      }
    });
    return b.build();
  }

  private static List<String> raftHosts(NodeConfig config, RaftNode raft) {
    Set<String> hosts = new LinkedHashSet<>();
    config.peers().forEach(p -> hosts.add(p.raftAddress().host()));
    if (raft != null) {
      for (RaftNode.Member m : raft.members()) {
        try {
          hosts.add(HostPort.parse(m.raftAddress()).host());
        } catch (IllegalArgumentException e) {
          // not a host:port: names no host a certificate could carry
        }
      }
    }
    return List.copyOf(hosts);
  }

  private static Optional<RootKeyWrapper> hsm(NodeConfig config) throws IOException {
    if (!(config.seal() instanceof NodeConfig.Seal.Pkcs11 p)) {
      return Optional.empty();
    }
    String pin = System.getenv(p.pinEnv());
    if (pin == null || pin.isEmpty()) {
      throw new IllegalStateException("seal type pkcs11 needs the HSM PIN in the environment variable " + p.pinEnv());
    }
    Path cfg = config.dataDir().resolve("pkcs11.cfg");
    Files.writeString(cfg, "name = Strongroom\nlibrary = " + p.library() + "\nslotListIndex = " + p.slotListIndex() + "\n");
    Provider provider = Pkcs11KeyWrapper.configureSunPkcs11(cfg);
    return Optional.of(Pkcs11KeyWrapper.open(provider, pin.toCharArray(), p.keyLabel(), true));
  }

  public String nodeId() {
    return config.nodeId();
  }

  /** The bound client port (useful when configured as 0). */
  public int clientPort() {
    return ingress.port();
  }

  public int httpPort() {
    return http.port();
  }

  public SealState sealState() {
    return seal.state();
  }

  public boolean isLeader() {
    return raft.isLeaderReady();
  }

  /** Stops the ports, zeroes key material, stops the replica. Idempotent enough for shutdown hooks. */
  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.toString());
      }
    }
    resources.clear();
  }

  private static void shutdown(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
