package io.strongroom.bench.compare;

import io.strongroom.client.Kv;
import io.strongroom.client.StrongroomClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Strongroom through its Java client library: a put is a KV v2 write of one field
 * ({@code {"v": value}}, the same shape {@code strongroom bench} writes), a get a read of the latest
 * version. The client's reads are linearizable by default (read index on the leader, then the audit
 * record's commit), and every write is encrypted by the leader and fsynced on a quorum.
 */
final class StrongroomTarget implements Target {
  private final StrongroomClient client;
  private final Kv kv;

  StrongroomTarget(StrongroomClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.kv = client.kv();
  }

  /**
   * A client configured from {@code STRONGROOM_ADDR}, {@code STRONGROOM_TOKEN} and
   * {@code STRONGROOM_CACERT} (the token never passes through a command line), with a longer retry
   * deadline than the default so a leader change mid-run shows as latency, not as errors.
   */
  static StrongroomTarget fromEnvironment(Map<String, String> env, int ioThreads) {
    String addr = env.get("STRONGROOM_ADDR");
    if (addr == null || addr.isBlank()) {
      throw new IllegalArgumentException("STRONGROOM_ADDR is not set (source the dev cluster's dev.env)");
    }
    Loopback.requireAddresses(addr);
    StrongroomClient.Builder b = StrongroomClient.builder()
        .addresses(java.util.Arrays.stream(addr.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .retryDeadline(Duration.ofSeconds(30))
        .ioThreads(ioThreads);
    String token = env.get("STRONGROOM_TOKEN");
    if (token != null && !token.isEmpty()) {
      char[] t = token.toCharArray();
      b.token(t);
      java.util.Arrays.fill(t, '\0');
    }
    String ca = env.get("STRONGROOM_CACERT");
    if (ca != null && !ca.isBlank()) {
      b.trustCertificates(java.nio.file.Path.of(ca.strip()));
    }
    return new StrongroomTarget(b.build());
  }

  StrongroomClient client() {
    return client;
  }

  @Override
  public String name() {
    return "strongroom";
  }

  @Override
  public CompletableFuture<?> put(String key, String value) {
    return kv.putAsync(key, Map.of("v", value));
  }

  @Override
  public CompletableFuture<?> get(String key) {
    return kv.getAsync(key).thenApply(s -> s.orElseThrow(() -> new IllegalStateException("strongroom: no secret at " + key)));
  }

  @Override
  public void close() {
    client.close();
  }
}
