package io.strongroom.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * A connection to a Strongroom cluster: versioned secrets through {@link #kv()}, administration
 * through {@link #sys()}.
 *
 * <pre>{@code
 * try (StrongroomClient client = StrongroomClient.builder()
 *     .addresses("node1:7400", "node2:7400", "node3:7400")
 *     .trustCertificates(Path.of("ca.pem"))
 *     .token(tokenChars)
 *     .build()) {
 *   client.kv().put("app/db", Map.of("password", "..."));
 *   Optional<Secret> s = client.kv().get("app/db");
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Leader discovery and failover.</b> Calls go to the node last seen acting as leader, else
 *       to the configured addresses in order. A {@code NOT_LEADER} answer with a hint is followed at
 *       once; an unreachable or unavailable node is skipped for the next attempt.
 *   <li><b>Retries.</b> A call is retried after a transport failure (cannot connect; connection
 *       lost before or after sending; no answer within the request timeout), a {@code NOT_LEADER}
 *       or an {@code UNAVAILABLE} answer, with exponential backoff and full jitter (base 50 ms, cap
 *       1 s), at most {@link Builder#maxAttempts(int)} attempts and never past
 *       {@link Builder#retryDeadline(Duration)}. Every other error is final and typed (see
 *       {@link StrongroomException}). Giving up throws {@link UnavailableException} naming the
 *       nodes tried.
 *   <li><b>Writes apply at most once.</b> Every attempt of one call carries the same random
 *       16-byte {@code request_id} (from {@link java.security.SecureRandom}); the cluster applies a
 *       request id at most once and answers repeats with the first outcome. A write that fails
 *       with {@link UnavailableException} may or may not have been applied.
 *   <li><b>Reads</b> are linearizable unless made through {@link Kv#staleReads(Duration)}.
 *   <li><b>Secrets stay secret.</b> The token is kept only as bytes that {@link #close()} wipes;
 *       neither it nor any secret value appears in a {@code toString} or exception message.
 * </ul>
 *
 * <h2>Threading and ownership</h2>
 * Thread-safe; share one client per cluster in an application. Each client owns one Netty event
 * loop group ({@link Builder#ioThreads(int)} daemon threads named {@code strongroom-client-*}) and
 * at most one pipelined connection per node. Futures complete on those threads: never block in a
 * callback (blocking methods called there throw {@link IllegalStateException}). {@link #close()}
 * fails the calls in flight, closes the connections and stops the threads.
 */
public final class StrongroomClient implements AutoCloseable {

  private final Config config;
  private final Transport transport;
  private final Caller caller;
  private final Kv kv;
  private final Sys sys;
  private final Tokens tokens;
  private final Policies policies;
  private final BreakGlass breakGlass;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StrongroomClient(Config config) {
    this.config = config;
    this.transport = new Transport(config);
    this.caller = new Caller(config, transport);
    this.kv = new Kv(caller, Caller.Route.LEADER);
    this.sys = new Sys(caller, Caller.Route.LEADER);
    this.tokens = new Tokens(caller, Caller.Route.LEADER);
    this.policies = new Policies(caller, Caller.Route.LEADER);
    this.breakGlass = new BreakGlass(caller, Caller.Route.LEADER);
  }

  /** A builder with the defaults: 5 s request timeout, 10 s retry deadline, 10 attempts. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A client configured from the environment: {@code STRONGROOM_ADDR} (required; comma-separated
   * host:port list), {@code STRONGROOM_TOKEN} (optional) and {@code STRONGROOM_CACERT} (optional
   * path of a PEM CA certificate; enables TLS).
   *
   * @throws IllegalArgumentException if {@code STRONGROOM_ADDR} is missing or malformed
   */
  public static StrongroomClient fromEnvironment() {
    return builderFromEnvironment(System.getenv()).build();
  }

  static Builder builderFromEnvironment(Map<String, String> env) {
    String addr = env.get("STRONGROOM_ADDR");
    if (addr == null || addr.isBlank()) {
      throw new IllegalArgumentException("STRONGROOM_ADDR is not set");
    }
    Builder builder = builder().addresses(Arrays.stream(addr.split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).toList());
    String token = env.get("STRONGROOM_TOKEN");
    if (token != null && !token.isEmpty()) {
      builder.token(token.toCharArray());
    }
    String ca = env.get("STRONGROOM_CACERT");
    if (ca != null && !ca.isBlank()) {
      builder.trustCertificates(Path.of(ca.strip()));
    }
    return builder;
  }

  /** Versioned secrets. */
  public Kv kv() {
    return kv;
  }

  /** Cluster administration. */
  public Sys sys() {
    return sys;
  }

  /** Tokens: create, look up, renew, revoke. */
  public Tokens tokens() {
    return tokens;
  }

  /** Path policies: write, read, list, delete. */
  public Policies policies() {
    return policies;
  }

  /** Quorum-approved emergency access. */
  public BreakGlass breakGlass() {
    return breakGlass;
  }

  /** The configured node addresses, host:port, in order. */
  public List<String> addresses() {
    return config.addresses().stream().map(Address::toString).toList();
  }

  /**
   * Fails the calls in flight, closes every connection, stops the event loop threads (waiting up
   * to a few seconds), and wipes the token. Idempotent. Calls made afterwards fail with
   * {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        transport.close();
      } finally {
        caller.abandonAll();
        config.token().destroy();
      }
    }
  }

  Transport transport() {
    return transport;
  }

  Caller caller() {
    return caller;
  }

  @Override
  public String toString() {
    Address leader = caller.leader();
    return "StrongroomClient[addresses=" + config.addresses() + ", tls=" + (config.ssl() != null)
        + ", token=" + config.token() + ", leader=" + (leader == null ? "unknown" : leader)
        + (closed.get() ? ", closed" : "") + "]";
  }

  /**
   * Configures a {@link StrongroomClient}. Not thread-safe; {@link #build()} may be called more
   * than once, each time making an independent client.
   */
  public static final class Builder {
    private final List<Address> addresses = new ArrayList<>();
    private char[] token = new char[0];
    private Duration requestTimeout = Duration.ofSeconds(5);
    private Duration retryDeadline = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(3);
    private int maxAttempts = 50;
    private int maxFrameBytes = 16 << 20;
    private int ioThreads = 1;
    private boolean tls;
    private Path caCertificates;
    private Path clientCertificateChain;
    private Path clientPrivateKey;
    private Backoff backoff = Backoff.DEFAULT;

    private Builder() {}

    /** Node client addresses (host:port or [v6]:port), tried in this order. Replaces earlier ones. */
    public Builder addresses(List<String> hostPorts) {
      List<Address> parsed = hostPorts.stream().map(Address::parse).toList();
      addresses.clear();
      addresses.addAll(parsed);
      return this;
    }

    /** Same as {@link #addresses(List)}. */
    public Builder addresses(String... hostPorts) {
      return addresses(List.of(hostPorts));
    }

    /**
     * The token sent with every request; copied, so the caller may wipe its array. Without one,
     * only calls that need no token (status, init, unseal) succeed.
     */
    public Builder token(char[] token) {
      this.token = Objects.requireNonNull(token, "token").clone();
      return this;
    }

    /** How long one attempt waits for its answer. Default 5 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** The total time a call may take across all its retries. Default 10 s. */
    public Builder retryDeadline(Duration deadline) {
      this.retryDeadline = positive("retryDeadline", deadline);
      return this;
    }

    /** How long connecting to a node (TCP, TLS and hello) may take. Default 3 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** The most attempts per call, first one included. Default 10. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be >= 1, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * The largest frame accepted from a node; a larger one closes the connection and fails its
     * calls with {@link FrameTooLargeException}. Default 16 MiB.
     */
    public Builder maxFrameBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxFrameBytes must be >= 1024, was " + bytes);
      }
      this.maxFrameBytes = bytes;
      return this;
    }

    /** Event loop threads. Default 1, which serves thousands of calls per second. */
    public Builder ioThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("ioThreads must be >= 1, was " + threads);
      }
      this.ioThreads = threads;
      return this;
    }

    /** Use TLS 1.3 and trust only the CA certificates in this PEM file. */
    public Builder trustCertificates(Path caPem) {
      this.caCertificates = Objects.requireNonNull(caPem, "caPem");
      this.tls = true;
      return this;
    }

    /** Use TLS 1.3 and trust the JDK's default CA certificates. */
    public Builder tlsWithSystemTrust() {
      this.caCertificates = null;
      this.tls = true;
      return this;
    }

    /** Present this certificate chain and PKCS#8 private key (PEM) for mutual TLS. */
    public Builder clientCertificate(Path certificateChainPem, Path privateKeyPem) {
      this.clientCertificateChain = Objects.requireNonNull(certificateChainPem, "certificateChainPem");
      this.clientPrivateKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      return this;
    }

    /** For tests: a different backoff. */
    Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * Makes the client. It connects lazily, on the first call.
     *
     * @throws IllegalArgumentException if no address is set, or a TLS file cannot be read
     */
    public StrongroomClient build() {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("at least one address is required");
      }
      if (clientCertificateChain != null && !tls) {
        throw new IllegalArgumentException("a client certificate needs TLS: set trustCertificates"
            + " or tlsWithSystemTrust");
      }
      Token t = new Token(token);
      return new StrongroomClient(new Config(addresses, t, requestTimeout, retryDeadline,
          connectTimeout, maxAttempts, maxFrameBytes, ioThreads, tls ? sslContext() : null,
          backoff));
    }

    private SslContext sslContext() {
      // BoringSSL when netty-tcnative is on the class path (the strongroom jar has it): less CPU
      // per record than the JDK's TLS, which is used otherwise. -Dstrongroom.tls.provider=JDK forces it.
      boolean boring = !"JDK".equalsIgnoreCase(System.getProperty("strongroom.tls.provider", ""))
          && OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL);
      SslContextBuilder ssl = SslContextBuilder.forClient()
          .sslProvider(boring ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3")
          .endpointIdentificationAlgorithm("HTTPS");
      if (caCertificates != null) {
        ssl.trustManager(readable(caCertificates).toFile());
      }
      if (clientCertificateChain != null) {
        ssl.keyManager(readable(clientCertificateChain).toFile(),
            readable(clientPrivateKey).toFile());
      }
      try {
        return ssl.build();
      } catch (SSLException | IllegalArgumentException e) {
        throw new IllegalArgumentException("cannot set up TLS (ca=" + caCertificates
            + ", client certificate=" + clientCertificateChain + "): " + e.getMessage(), e);
      }
    }

    private static Path readable(Path file) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException("cannot read " + file);
      }
      return file;
    }

    private static Duration positive(String what, Duration value) {
      Objects.requireNonNull(value, what);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(what + " must be > 0, was " + value);
      }
      return value;
    }

    /** Addresses and settings; never the token. */
    @Override
    public String toString() {
      return "StrongroomClient.Builder[addresses=" + addresses + ", token="
          + (token.length == 0 ? "none" : "redacted") + ", tls=" + tls + "]";
    }
  }
}
