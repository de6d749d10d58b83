package io.strongroom.node.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's plain HTTP port, for load balancers, orchestrators and Prometheus; it serves no secret.
 *
 * <ul>
 *   <li>{@code GET /v1/sys/health}: Vault's status codes: 200 unsealed leader, 429 unsealed standby,
 *       503 sealed, 501 uninitialized; a small JSON body says the same. Vault's query parameters
 *       change the codes, so a plain HTTP probe can ask the question it needs:
 *       {@code standbyok=true} (a standby answers the active code), {@code activecode=N},
 *       {@code standbycode=N}, {@code sealedcode=N}, {@code uninitcode=N} (N in 200-599). Vault's
 *       {@code perfstandbyok}, {@code performancestandbycode} and {@code drsecondarycode} are
 *       checked the same way and change nothing: Strongroom has no such nodes. A malformed value
 *       answers 400 and says which.</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 * </ul>
 */
final class HealthServer implements AutoCloseable {
  /** What the health endpoint reports. */
  record Health(boolean initialized, boolean sealed, boolean leader, String nodeId) {
    int httpStatus() {
      return httpStatus(Codes.DEFAULT);
    }

    int httpStatus(Codes codes) {
      if (!initialized) {
        return codes.uninit();
      }
      if (sealed) {
        return codes.sealed();
      }
      return leader || codes.standbyOk() ? codes.active() : codes.standby();
    }

    String json() {
      return "{\"initialized\":" + initialized + ",\"sealed\":" + sealed + ",\"standby\":" + !leader + ",\"node_id\":\"" + nodeId + "\"}\n";
    }
  }

  /** The answer codes, from Vault's query parameters; defaults are Vault's. */
  record Codes(boolean standbyOk, int active, int standby, int sealed, int uninit) {
    static final Codes DEFAULT = new Codes(false, 200, 429, 503, 501);

    /**
     * Parses a raw query string ({@code null} for none).
     *
     * @throws IllegalArgumentException naming the parameter, if a value is malformed
     */
    static Codes parse(String rawQuery) {
      Map<String, String> q = new HashMap<>();
      if (rawQuery != null && !rawQuery.isEmpty()) {
        for (String pair : rawQuery.split("&")) {
          if (pair.isEmpty()) {
            continue;
          }
          int eq = pair.indexOf('=');
          String name = decode(eq < 0 ? pair : pair.substring(0, eq));
          String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
          q.putIfAbsent(name, value); // the first occurrence counts, as in Vault
        }
      }
      bool(q, "perfstandbyok");
      code(q, "performancestandbycode", 473);
      code(q, "drsecondarycode", 472);
      return new Codes(bool(q, "standbyok"), code(q, "activecode", DEFAULT.active), code(q, "standbycode", DEFAULT.standby),
          code(q, "sealedcode", DEFAULT.sealed), code(q, "uninitcode", DEFAULT.uninit));
    }

    private static String decode(String s) {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Go's ParseBool, as Vault reads it; an empty value is false. */
    private static boolean bool(Map<String, String> q, String name) {
      String v = q.get(name);
      if (v == null) {
        return false;
      }
      switch (v) {
        case "1": case "t": case "T": case "true": case "TRUE": case "True":
          return true;
        case "": case "0": case "f": case "F": case "false": case "FALSE": case "False":
          return false;
        default:
          throw new IllegalArgumentException("bad value for " + name + ": '" + v + "' (true or false)");
      }
    }

    private static int code(Map<String, String> q, String name, int fallback) {
      String v = q.get(name);
      if (v == null) {
        return fallback;
      }
      int code;
      try {
        code = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        code = -1;
      }
      if (code < 200 || code > 599) {
        throw new IllegalArgumentException("bad value for " + name + ": '" + v + "' (an HTTP status code, 200-599)");
      }
      return code;
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
          Codes codes;
          try {
            codes = Codes.parse(ex.getRequestURI().getRawQuery());
          } catch (IllegalArgumentException e) {
            respond(ex, 400, "application/json", "{\"errors\":[\"" + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"") + "\"]}\n");
            return;
          }
          Health h = health.get();
          respond(ex, h.httpStatus(codes), "application/json", h.json());
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
    boolean noBody = "HEAD".equals(ex.getRequestMethod()) || status == 204 || status == 304;
    ex.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!noBody) {
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
