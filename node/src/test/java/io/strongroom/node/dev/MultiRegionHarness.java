package io.strongroom.node.dev;

import io.strongroom.client.StrongroomClient;
import io.strongroom.node.tls.DevCertificates;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Five real node processes in three simulated regions (2/2/1) behind a {@link DelayProxy} in this
 * JVM, TLS on:
 *
 * <pre>
 *   n1 n2  us-east    n3 n4  eu-west    n5  ap-south
 *   one way: us-east-eu-west 40 ms, eu-west-ap-south 60 ms, us-east-ap-south 80 ms
 * </pre>
 *
 * Every node's {@code raft_address} and {@code client_address} name a host
 * ({@code nK.strongroom.test}), resolved by each node process through its own hosts file, so Raft
 * traffic and the requests a node sends to another (status probes) pay the delay between their
 * regions. This JVM reaches the nodes at 127.0.0.1 directly (a client standing in no region; the
 * hosts it is referred to by NOT_LEADER do not resolve here, and the client tries the next address).
 * A client "in a region" is a separate process with {@link #hostsForRegion}: see the benchmark.
 */
final class MultiRegionHarness implements AutoCloseable {
  static final List<String> IDS = List.of("n1", "n2", "n3", "n4", "n5");
  static final List<String> REGIONS = List.of("us-east", "us-east", "eu-west", "eu-west", "ap-south");
  static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "eu-west-1a", "eu-west-1b", "ap-south-1a");
  /** One way, milliseconds. */
  static final Map<String, Integer> LATENCY = Map.of("eu-west/us-east", 40, "ap-south/eu-west", 60, "ap-south/us-east", 80);

  final Path dir;
  final DelayProxy.Config proxyConfig;
  private final DelayProxy proxy;
  final DevCluster cluster;
  final Map<String, Integer> clientPorts;
  final Map<String, Integer> httpPorts;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private MultiRegionHarness(Path dir, DelayProxy.Config proxyConfig, DelayProxy proxy, DevCluster cluster, Map<String, Integer> clientPorts,
      Map<String, Integer> httpPorts) {
    this.dir = dir;
    this.proxyConfig = proxyConfig;
    this.proxy = proxy;
    this.cluster = cluster;
    this.clientPorts = clientPorts;
    this.httpPorts = httpPorts;
  }

  static String host(String id) {
    return id + ".strongroom.test";
  }

  static String region(String id) {
    return REGIONS.get(IDS.indexOf(id));
  }

  /**
   * Writes the configurations, starts the proxy and the five nodes, initializes and unseals them.
   *
   * @param extraYaml appended to every node.yaml (profile, timeouts, primary_region)
   * @param proxyBase the loopback /24 the region proxies use, e.g. {@code 127.0.3} (one per harness in use at once)
   */
  static MultiRegionHarness start(Path dir, String extraYaml, String proxyBase, PrintStream progress) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    Files.createDirectories(root);
    Map<String, Integer> raft = new LinkedHashMap<>();
    Map<String, Integer> client = new LinkedHashMap<>();
    Map<String, Integer> httpPorts = new LinkedHashMap<>();
    for (String id : IDS) {
      raft.put(id, Ports.free());
      client.put(id, Ports.free());
      httpPorts.put(id, Ports.free());
    }
    StringBuilder yaml = new StringBuilder("regions: {us-east: " + proxyBase + ".1, eu-west: " + proxyBase + ".2, ap-south: " + proxyBase + ".3}\n");
    yaml.append("latency_ms: {");
    yaml.append(String.join(", ", LATENCY.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).sorted().toList())).append("}\n");
    yaml.append("nodes:\n");
    for (String id : IDS) {
      yaml.append("  - {id: ").append(id).append(", region: ").append(region(id)).append(", host: ").append(host(id))
          .append(", ip: 127.0.0.1, ports: [").append(raft.get(id)).append(", ").append(client.get(id)).append("]}\n");
    }
    Files.writeString(root.resolve("delay-proxy.yaml"), yaml);
    DelayProxy.Config config = DelayProxy.load(root.resolve("delay-proxy.yaml"));

    DevCertificates pki = DevCertificates.openOrCreate(root.resolve("tls"));
    StringBuilder peers = new StringBuilder("peers:\n");
    for (String id : IDS) {
      pki.nodeCertificate(id, List.of(host(id)));
      peers.append("  - {id: ").append(id).append(", raft_address: ").append(host(id)).append(':').append(raft.get(id))
          .append(", client_address: ").append(host(id)).append(':').append(client.get(id))
          .append(", region: ").append(region(id)).append(", zone: ").append(ZONES.get(IDS.indexOf(id))).append("}\n");
    }
    List<DevCluster.Launch> launches = new ArrayList<>();
    for (String id : IDS) {
      Path nodeDir = root.resolve(id);
      Files.createDirectories(nodeDir);
      Files.writeString(nodeDir.resolve("hosts"), config.hostsFile(id));
      Files.writeString(
          nodeDir.resolve("node.yaml"),
          "node_id: " + id + "\n"
              + "region: " + region(id) + "\n"
              + "zone: " + ZONES.get(IDS.indexOf(id)) + "\n"
              + "data_dir: data\n"
              + "raft_address: " + host(id) + ":" + raft.get(id) + "\n"
              + "client_address: " + host(id) + ":" + client.get(id) + "\n"
              + "http_address: 127.0.0.1:" + httpPorts.get(id) + "\n"
              + extraYaml
              + peers
              + "tls:\n  cert: ../tls/" + id + ".pem\n  key: ../tls/" + id + ".key\n  ca: ../tls/ca.pem\n  require_client_cert: false\n");
      launches.add(new DevCluster.Launch(id, "127.0.0.1:" + client.get(id), "127.0.0.1:" + httpPorts.get(id),
          List.of("-Djdk.net.hosts.file=" + nodeDir.resolve("hosts"),
              // The node's own logging (INFO), not the test class path's logback-test.xml (WARN).
              "-Dlogback.configurationFile=" + Path.of("src/main/resources/logback.xml").toAbsolutePath())));
    }
    for (String region : List.of("us-east", "eu-west", "ap-south")) {
      Files.createDirectories(root.resolve("clients"));
      Files.writeString(root.resolve("clients").resolve(region + ".hosts"), config.hostsFileForRegion(region));
    }
    DelayProxy proxy = DelayProxy.start(config);
    try {
      DevCluster cluster = DevCluster.startPrepared(root, launches, Optional.of(pki.caCertificate()), true, progress);
      return new MultiRegionHarness(root, config, proxy, cluster, client, httpPorts);
    } catch (IOException | RuntimeException e) {
      proxy.close();
      throw e;
    }
  }

  /** This JVM's address of node {@code id}: 127.0.0.1 directly. */
  String address(String id) {
    return "127.0.0.1:" + clientPorts.get(id);
  }

  /** The name other nodes (and clients in a region) use for node {@code id}. */
  String namedAddress(String id) {
    return host(id) + ":" + clientPorts.get(id);
  }

  Path hostsForRegion(String region) {
    return dir.resolve("clients").resolve(region + ".hosts");
  }

  long relayedBytes() {
    return proxy.relayedBytes();
  }

  /** A client of this JVM for the given nodes (all by default), with the root token. */
  StrongroomClient client(Duration deadline, String... ids) {
    List<String> addresses = (ids.length == 0 ? IDS : List.of(ids)).stream().map(this::address).toList();
    return StrongroomClient.builder()
        .trustCertificates(cluster.caCertificate().orElseThrow())
        .addresses(addresses)
        .token(cluster.rootToken().toCharArray())
        .retryDeadline(deadline)
        .maxAttempts(1_000)
        .build();
  }

  /** The unsealed leader, by its health endpoint (200 active). */
  Optional<String> leader() {
    for (String id : IDS) {
      if (healthCode(id) == 200) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  int healthCode(String id) {
    if (cluster.node(id).map(n -> !n.process().isAlive()).orElse(true)) {
      return -1;
    }
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(id) + "/v1/sys/health")).timeout(Duration.ofSeconds(2)).build();
      return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String metrics(String id) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(id) + "/metrics")).timeout(Duration.ofSeconds(2)).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  void kill(String id) {
    cluster.kill(id);
  }

  /** Starts node {@code id} again (sealed) and unseals every running node. */
  void restartAndUnseal(String id, PrintStream progress) throws IOException {
    cluster.launch(id);
    cluster.unsealAll(progress);
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } finally {
      proxy.close();
    }
  }
}
