package io.strongroom.node.server;

import io.strongroom.client.StrongroomClient;
import io.strongroom.node.config.HostPort;
import io.strongroom.node.dev.Ports;
import io.strongroom.node.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** N real nodes in this JVM on 127.0.0.1, each with its own data dir and ports. */
final class LocalCluster implements AutoCloseable {
  final Map<String, NodeConfig> configs = new LinkedHashMap<>();
  final Map<String, NodeServer> running = new LinkedHashMap<>();
  private final List<StrongroomClient> clients = new ArrayList<>();
  private final Consumer<StrongroomClient.Builder> clientSetup;

  LocalCluster(Path dir, int size) throws IOException {
    this(dir, size, id -> Optional.empty(), b -> {});
  }

  /**
   * With TLS: {@code tls} gives each node id its TLS files; {@code clientSetup} configures every
   * client of {@link #client} (trust, client certificate).
   */
  LocalCluster(Path dir, int size, Function<String, Optional<NodeConfig.Tls>> tls, Consumer<StrongroomClient.Builder> clientSetup) throws IOException {
    this.clientSetup = clientSetup;
    List<NodeConfig.Peer> peers = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      peers.add(
          new NodeConfig.Peer(
              "n" + i, new HostPort("127.0.0.1", Ports.free()), new HostPort("127.0.0.1", Ports.free()), i == size ? "eu" : "us",
              (i == size ? "eu" : "us") + "-" + (char) ('a' + i - 1)));
    }
    for (NodeConfig.Peer p : peers) {
      configs.put(
          p.id(),
          new NodeConfig(
              p.id(), p.region(), p.zone(), dir.resolve(p.id()), p.raftAddress(), p.clientAddress(), new HostPort("127.0.0.1", Ports.free()),
              peers, tls.apply(p.id()), new NodeConfig.Seal.Shamir(), NodeConfig.Profile.LAN));
    }
  }

  LocalCluster startAll() throws IOException {
    for (String id : configs.keySet()) {
      start(id);
    }
    return this;
  }

  /**
   * Starts a new node {@code id} that joins the running cluster: no peers in its configuration
   * ({@code join: true}), so it waits until it is added with a configuration change.
   */
  NodeServer join(String id, String region) throws IOException {
    NodeConfig first = configs.values().iterator().next();
    NodeConfig c =
        new NodeConfig(
            id, region, "a", first.dataDir().resolveSibling(id), new HostPort("127.0.0.1", Ports.free()), new HostPort("127.0.0.1", Ports.free()),
            new HostPort("127.0.0.1", Ports.free()), List.of(), Optional.empty(), new NodeConfig.Seal.Shamir(), NodeConfig.Profile.LAN);
    configs.put(id, c);
    return start(id);
  }

  NodeServer start(String id) throws IOException {
    NodeServer n = NodeServer.start(configs.get(id));
    running.put(id, n);
    return n;
  }

  void stop(String id) {
    NodeServer n = running.remove(id);
    if (n != null) {
      n.close();
    }
  }

  String address(String id) {
    return configs.get(id).clientAddress().toString();
  }

  List<String> addresses() {
    return configs.keySet().stream().map(this::address).toList();
  }

  Optional<String> leader() {
    return running.values().stream().filter(NodeServer::isLeader).map(NodeServer::nodeId).findFirst();
  }

  /**
   * The leader once it has stayed the same for three polls in a row (half a second apart): after
   * unsealing, a sealed leader may still be handing leadership to an unsealed node.
   */
  String stableLeader() {
    java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicInteger same = new java.util.concurrent.atomic.AtomicInteger();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
      String now = leader().orElse(null);
      if (now == null || !now.equals(seen.getAndSet(now))) {
        same.set(0);
        return false;
      }
      return same.incrementAndGet() >= 2;
    });
    return seen.get();
  }

  /** The configuration of every node with {@code timeouts} instead of its profile's (call before starting them). */
  LocalCluster timeouts(NodeConfig.Timeouts timeouts) {
    configs.replaceAll((id, c) -> withCluster(c, timeouts, c.primaryRegion()));
    return this;
  }

  /** The configuration of every node with {@code primaryRegion} set (call before starting them). */
  LocalCluster primaryRegion(String primaryRegion) {
    configs.replaceAll((id, c) -> withCluster(c, c.timeouts(), Optional.of(primaryRegion)));
    return this;
  }

  /** {@code c} with the cluster-wide settings these tests vary. */
  private static NodeConfig withCluster(NodeConfig c, NodeConfig.Timeouts timeouts, Optional<String> primaryRegion) {
    return new NodeConfig(c.nodeId(), c.region(), c.zone(), c.dataDir(), c.raftAddress(), c.clientAddress(), c.httpAddress(),
        c.peers(), c.tls(), c.seal(), c.profile(), timeouts, primaryRegion);
  }

  /** A client for the whole cluster (or, with {@code only}, for one node), closed with the cluster. */
  StrongroomClient client(String token, String... only) {
    return clientWith(clientSetup, token, only);
  }

  /** As {@link #client(String, String...)}, with {@code setup} instead of the cluster's client setup. */
  StrongroomClient clientWith(Consumer<StrongroomClient.Builder> setup, String token, String... only) {
    StrongroomClient.Builder b =
        StrongroomClient.builder()
            .addresses(only.length > 0 ? List.of(only) : addresses())
            .token(token == null ? new char[0] : token.toCharArray())
            .retryDeadline(Duration.ofSeconds(30))
            .maxAttempts(60);
    setup.accept(b); // last: may override the defaults above
    StrongroomClient c = b.build();
    clients.add(c);
    return c;
  }


  /** Waits for a leader, initializes the cluster through any node, and unseals every configured node. */
  io.strongroom.client.InitResult initAndUnsealAll(int shares, int threshold) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> leader().isPresent());
    io.strongroom.client.InitResult init = client(null).sys().init(shares, threshold);
    for (String id : List.copyOf(configs.keySet())) {
      unseal(id, init.shares());
    }
    stableLeader(); // a leader sealed during the ceremony hands leadership to an unsealed node
    return init;
  }

  /**
   * Waits until node {@code id} has applied the cluster's init (it reaches every node through the
   * log), then unseals it with the first k of {@code shares} and checks that it is unsealed.
   */
  void unseal(String id, List<String> shares) {
    StrongroomClient anon = client(null);
    io.strongroom.client.Sys node = anon.sys().node(address(id));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> node.status().initialized());
    int k = node.status().threshold();
    io.strongroom.client.UnsealProgress p = null;
    for (int i = 0; i < k; i++) {
      int share = i;
      // A share answered AUDIT_FAILED (the leadership was moving) still counted: submitting it
      // again counts it once.
      p = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
          .ignoreException(io.strongroom.client.AuditFailedException.class)
          .until(() -> node.status().sealed() ? node.unseal(shares.get(share))
              : new io.strongroom.client.UnsealProgress(false, k, shares.size(), k, ""), java.util.Objects::nonNull);
    }
    org.assertj.core.api.Assertions.assertThat(p).isNotNull();
    org.assertj.core.api.Assertions.assertThat(p.sealed()).as("node %s after %d shares", id, k).isFalse();
  }

  @Override
  public void close() {
    clients.forEach(StrongroomClient::close);
    for (String id : new ArrayList<>(running.keySet())) {
      stop(id);
    }
  }

}
