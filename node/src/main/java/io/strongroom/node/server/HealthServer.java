package io.strongroom.node.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's plain HTTP port, for load balancers, orchestrators and Prometheus; it serves no secret.
 *
 * <ul>
 *   <li>{@code GET /v1/sys/health}: Vault's status codes: 200 unsealed leader, 429 unsealed standby,
 *       503 sealed, 501 uninitialized; a small JSON body says the same.</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 * </ul>
 */
final class HealthServer implements AutoCloseable {
  /** What the health endpoint reports. */
  record Health(boolean initialized, boolean sealed, boolean leader, String nodeId) {
    int httpStatus() {
      if (!initialized) {
        return 501;
      }
      if (sealed) {
        return 503;
      }
      return leader ? 200 : 429;
    }

    String json() {
      return "{\"initialized\":" + initialized + ",\"sealed\":" + sealed + ",\"standby\":" + !leader + ",\"node_id\":\"" + nodeId + "\"}\n";
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HealthServer start(String host, int port, Supplier<Health> health, PrometheusMeterRegistry metrics) throws IOException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 64);
    } catch (IOException e) {
      throw new IOException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "strongroom-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/v1/sys/health",
        ex -> {
          Health h = health.get();
          respond(ex, h.httpStatus(), "application/json", h.json());
        });
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/", ex -> respond(ex, 404, "text/plain", "not found: try /v1/sys/health or /metrics\n"));
    server.start();
    return new HealthServer(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
