package io.strongroom.node.dev;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.strongroom.node.config.HostPort;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user-space stand-in for the latency between regions, for rehearsals and tests on one machine
 * (this kernel has no {@code netem}). Development and testing only.
 *
 * <p><b>How traffic reaches it.</b> Ratis 3.3's gRPC channels ignore HTTP proxies (RATIS-2133:
 * {@code GrpcServerProtocolClient} and {@code GrpcClientProtocolClient} set
 * {@code proxyDetector(uri -> null)}), so a {@code ProxySelector} cannot route Raft traffic. Name
 * resolution can: every node's {@code raft_address} names a host ({@code n3.strongroom.test:7103})
 * that each node process resolves through its own hosts file ({@code -Djdk.net.hosts.file}, which
 * gRPC's resolver honours through {@code InetAddress}). A node resolves the nodes of its own region
 * to their real address, and every other node to its region's proxy address, one loopback address
 * per region ({@code 127.0.2.K}), on the destination's own port. The proxy listens on each
 * (source region, destination node) pair, knows both regions, and relays bytes both ways to the
 * destination's real address, each chunk held for the one-way latency between the two regions,
 * in order. The replicated Raft configuration names the same address for a peer on every node;
 * only its resolution differs per process, which is what makes the delay depend on the pair.
 *
 * <p><b>What it simulates:</b> a fixed one-way delay per region pair on every Raft connection
 * (peer to peer, and each node's own Ratis client to the leader), in both directions, so TLS
 * handshakes, heartbeats, appends, votes and read-index round trips all pay it. <b>What it does
 * not:</b> jitter, loss, reordering, bandwidth limits, the TCP handshake's own round trip (the
 * proxy accepts at once; gRPC keeps its connections open, so this is paid once), and partitions
 * (stopping processes does that). Clients reach nodes directly: a client is in the region of the
 * node it talks to.
 *
 * <p>Configuration ({@link #load}):
 *
 * <pre>
 * regions:                    # the address each region's nodes dial other regions through
 *   us-east: 127.0.2.1
 *   eu-west: 127.0.2.2
 * latency_ms:                 # one way, the same both ways; 0 inside a region
 *   us-east/eu-west: 40
 * nodes:
 *   - {id: n1, region: us-east, host: n1.strongroom.test, ip: 127.0.0.1, ports: [20001, 20011]}
 * </pre>
 *
 * <p>{@code ports} are the node's ports to relay: its Raft port, and its client port if clients
 * should pay the latency too (then its {@code client_address} names the host as well, and a
 * client process resolves names through the hosts file of the region it stands in).
 */
public final class DelayProxy implements AutoCloseable {
  /** Stop reading a side while this many bytes from it wait for their delay. */
  private static final long PENDING_LIMIT = 8L << 20;

  /** A node: its id, region, the host name its addresses use, the IP it really listens on, and the ports to relay. */
  public record Node(String id, String region, String host, String ip, List<Integer> ports) {
    public Node {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(ip, "ip");
      ports = List.copyOf(ports);
    }
  }

  /**
   * The proxy's configuration.
   *
   * @param regions each region's proxy address (a loopback address only the proxy binds)
   * @param latency one-way latency per unordered region pair, keyed {@code a/b} with a before b
   * @param nodes the nodes, each in a region of {@code regions}
   */
  public record Config(Map<String, String> regions, Map<String, Duration> latency, List<Node> nodes) {
    public Config {
      regions = Map.copyOf(regions);
      latency = Map.copyOf(latency);
      nodes = List.copyOf(nodes);
      for (Node n : nodes) {
        if (!regions.containsKey(n.region())) {
          throw new IllegalArgumentException("node " + n.id() + " is in region " + n.region() + ", which regions does not list");
        }
      }
    }

    /** The one-way latency from {@code a} to {@code b}: 0 inside a region. */
    public Duration latency(String a, String b) {
      if (a.equals(b)) {
        return Duration.ZERO;
      }
      Duration d = latency.get(pair(a, b));
      if (d == null) {
        throw new IllegalArgumentException("no latency_ms for " + pair(a, b));
      }
      return d;
    }

    /** The node named {@code id}. */
    public Node node(String id) {
      return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in the delay proxy configuration"));
    }

    /**
     * The hosts file for node {@code id}'s JVM ({@code -Djdk.net.hosts.file}): the nodes of its
     * region at their real address, every other node at this region's proxy address, and
     * {@code localhost} (the file replaces every other way of resolving names in that JVM).
     */
    public String hostsFile(String id) {
      return hostsFileForRegion(node(id).region());
    }

    /** The hosts file for any process standing in {@code region} (a node, or a client there). */
    public String hostsFileForRegion(String region) {
      if (!regions.containsKey(region)) {
        throw new IllegalArgumentException("no region " + region + " in the delay proxy configuration");
      }
      Node self = new Node("", region, "", "", List.of());
      StringBuilder b = new StringBuilder("# Written for a process in " + region + " by the Strongroom delay proxy configuration.\n");
      b.append("127.0.0.1 localhost ").append(localHostName()).append('\n');
      for (Node n : nodes) {
        String ip = n.region().equals(self.region()) ? n.ip() : regions.get(self.region());
        b.append(ip).append(' ').append(n.host()).append('\n');
      }
      return b.toString();
    }

    static String pair(String a, String b) {
      return a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a;
    }
  }

  /** One listener: from a region, to one port of a node. */
  public record Route(String fromRegion, Node to, HostPort listen, HostPort target, Duration delay) {}

  private final EventLoopGroup group;
  private final List<Channel> listeners;
  private final List<Route> routes;
  private final AtomicLong relayedBytes = new AtomicLong();

  private DelayProxy(EventLoopGroup group, List<Channel> listeners, List<Route> routes) {
    this.group = group;
    this.listeners = listeners;
    this.routes = List.copyOf(routes);
  }

  /** The routes for {@code config}: one per (region, node in another region). */
  public static List<Route> routes(Config config) {
    List<Route> out = new ArrayList<>();
    for (Map.Entry<String, String> region : new TreeMap<>(config.regions()).entrySet()) {
      for (Node n : config.nodes()) {
        if (!n.region().equals(region.getKey())) {
          for (int port : n.ports()) {
            out.add(new Route(region.getKey(), n, new HostPort(region.getValue(), port), new HostPort(n.ip(), port), config.latency(region.getKey(), n.region())));
          }
        }
      }
    }
    return out;
  }

  /** Binds every route's listener and starts relaying. */
  public static DelayProxy start(Config config) throws IOException {
    List<Route> routes = routes(config);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<Channel> listeners = new ArrayList<>();
    DelayProxy proxy = new DelayProxy(group, listeners, routes);
    try {
      for (Route r : routes) {
        listeners.add(proxy.listen(r));
      }
    } catch (IOException | RuntimeException e) {
      proxy.close();
      throw e;
    }
    return proxy;
  }

  public List<Route> routes() {
    return routes;
  }

  /** Bytes relayed so far, both directions, every route. */
  public long relayedBytes() {
    return relayedBytes.get();
  }

  private Channel listen(Route route) throws IOException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel inbound) {
                    connectUpstream(inbound, route);
                  }
                });
    try {
      return b.bind(route.listen().host(), route.listen().port()).sync().channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + route.listen(), e);
    } catch (RuntimeException e) {
      throw new IOException("cannot listen on " + route.listen() + " (for " + route.fromRegion() + " -> " + route.to().id() + "): " + e.getMessage(), e);
    }
  }

  private void connectUpstream(SocketChannel inbound, Route route) {
    long delayNanos = route.delay().toNanos();
    new Bootstrap()
        .group(inbound.eventLoop())
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ChannelInboundHandlerAdapter())
        .connect(route.target().host(), route.target().port())
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            inbound.close();
            return;
          }
          Channel upstream = f.channel();
          Relay toUpstream = new Relay(upstream, delayNanos);
          Relay toInbound = new Relay(inbound, delayNanos);
          toUpstream.peer = toInbound;
          toInbound.peer = toUpstream;
          inbound.pipeline().addLast(toUpstream);
          upstream.pipeline().addLast(toInbound);
          inbound.config().setAutoRead(true);
          upstream.config().setAutoRead(true);
        });
  }

  /**
   * Reads one side and writes to {@code target} {@code delayNanos} later. All of it runs on the
   * connection's one event loop, and tasks due at the same time run in the order they were
   * scheduled, so bytes keep their order; a close follows the bytes read before it.
   */
  private final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel target;
    private final long delayNanos;
    private Relay peer;
    private long pending;

    Relay(Channel target, long delayNanos) {
      this.target = target;
      this.delayNanos = delayNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf buf)) {
        ReferenceCountUtil.release(msg);
        return;
      }
      int n = buf.readableBytes();
      pending += n;
      if (pending > PENDING_LIMIT) {
        ctx.channel().config().setAutoRead(false);
      }
      Channel source = ctx.channel();
      later(() -> {
        pending -= n;
        relayedBytes.addAndGet(n);
        if (!target.isActive()) {
          buf.release();
          return;
        }
        target.writeAndFlush(buf).addListener((ChannelFutureListener) w -> {
          if (!source.config().isAutoRead() && pending <= PENDING_LIMIT / 2 && target.isWritable()) {
            source.config().setAutoRead(true);
          }
        });
        if (!target.isWritable()) {
          source.config().setAutoRead(false);
        }
      });
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      // This channel is where the peer relay writes: it can take more again, so the peer's
      // source (this relay's target) may read again.
      if (ctx.channel().isWritable() && peer != null && peer.pending <= PENDING_LIMIT / 2) {
        target.config().setAutoRead(true);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      later(() -> target.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private void later(Runnable task) {
      if (delayNanos == 0) {
        task.run();
      } else {
        target.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  @Override
  public void close() {
    for (Channel c : listeners) {
      c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  // ----------------------------------------------------------------------------- configuration

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("regions", "latency_ms", "nodes");
  private static final Set<String> NODE = Set.of("id", "region", "host", "ip", "ports");

  /**
   * Reads a configuration file; errors name the file, the key and why.
   *
   * @throws IllegalArgumentException if it is unreadable or invalid
   */
  public static Config load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses a configuration; {@code where} names it in errors. */
  public static Config parse(String where, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(where + ": must be a mapping with regions, latency_ms and nodes");
    }
    known(where, root, "", TOP);
    Map<String, String> regions = new LinkedHashMap<>();
    JsonNode r = root.path("regions");
    if (!r.isObject() || r.isEmpty()) {
      throw new IllegalArgumentException(where + ": regions: must map each region to its proxy address (e.g. us-east: 127.0.2.1)");
    }
    for (Map.Entry<String, JsonNode> e : r.properties()) {
      String ip = e.getValue().asText().trim();
      if (!isLoopback(ip)) {
        throw new IllegalArgumentException(where + ": regions." + e.getKey() + ": must be a loopback IPv4 address (127.x.y.z), was '" + ip + "'");
      }
      if (regions.containsValue(ip)) {
        throw new IllegalArgumentException(where + ": regions." + e.getKey() + ": " + ip + " is already another region's address");
      }
      regions.put(e.getKey(), ip);
    }
    Map<String, Duration> latency = new LinkedHashMap<>();
    JsonNode l = root.path("latency_ms");
    if (!l.isMissingNode() && !l.isObject()) {
      throw new IllegalArgumentException(where + ": latency_ms: must map region pairs (a/b) to milliseconds");
    }
    for (Map.Entry<String, JsonNode> e : l.properties()) {
      String[] ab = e.getKey().split("/", -1);
      if (ab.length != 2 || !regions.containsKey(ab[0]) || !regions.containsKey(ab[1]) || ab[0].equals(ab[1])) {
        throw new IllegalArgumentException(where + ": latency_ms." + e.getKey() + ": must name two different regions of regions, as a/b");
      }
      if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0 || e.getValue().asInt() > 10_000) {
        throw new IllegalArgumentException(where + ": latency_ms." + e.getKey() + ": must be whole milliseconds, 0-10000, was '" + e.getValue().asText() + "'");
      }
      latency.put(Config.pair(ab[0], ab[1]), Duration.ofMillis(e.getValue().asInt()));
    }
    List<String> names = new ArrayList<>(regions.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        if (!latency.containsKey(Config.pair(names.get(i), names.get(j)))) {
          throw new IllegalArgumentException(where + ": latency_ms: no entry for " + Config.pair(names.get(i), names.get(j)));
        }
      }
    }
    JsonNode ns = root.path("nodes");
    if (!ns.isArray() || ns.isEmpty()) {
      throw new IllegalArgumentException(where + ": nodes: must list every node (id, region, host, address)");
    }
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < ns.size(); i++) {
      String at = "nodes[" + i + "]";
      JsonNode n = ns.get(i);
      if (!n.isObject()) {
        throw new IllegalArgumentException(where + ": " + at + ": must be a mapping");
      }
      known(where, n, at + ".", NODE);
      String id = text(where, n, at, "id");
      String region = text(where, n, at, "region");
      if (!regions.containsKey(region)) {
        throw new IllegalArgumentException(where + ": " + at + ".region: '" + region + "' is not in regions");
      }
      String ip = text(where, n, at, "ip");
      if (!isLoopback(ip)) {
        throw new IllegalArgumentException(where + ": " + at + ".ip: must be a loopback IPv4 address (127.x.y.z), was '" + ip + "'");
      }
      JsonNode ps = n.path("ports");
      List<Integer> ports = new ArrayList<>();
      if (ps.isArray()) {
        for (JsonNode p : ps) {
          if (!p.canConvertToInt() || p.asInt() < 1 || p.asInt() > 65_535) {
            ports.clear();
            break;
          }
          ports.add(p.asInt());
        }
      }
      if (ports.isEmpty() || ports.size() != ps.size()) {
        throw new IllegalArgumentException(where + ": " + at + ".ports: must list the node's ports to relay (1-65535), e.g. [7100, 7200]");
      }
      nodes.add(new Node(id, region, text(where, n, at, "host").toLowerCase(Locale.ROOT), ip, ports));
    }
    return new Config(regions, latency, nodes);
  }

  private static void known(String where, JsonNode node, String at, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": " + at + k + ": unknown key (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String text(String where, JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isValueNode() || v.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": " + at + "." + field + ": is required");
    }
    return v.asText().trim();
  }

  private static boolean isLoopback(String ip) {
    if (!ip.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return false;
    }
    for (String part : ip.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
