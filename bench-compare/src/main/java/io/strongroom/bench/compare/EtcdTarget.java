package io.strongroom.bench.compare;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * etcd through jetcd. A put is a plain etcd put (acknowledged after the quorum's WAL fsync, etcd's
 * default); a get is a range read of one key with {@code serializable=false}, which etcd serves
 * linearizably (a read index round through the leader). Values are stored in the clear and no audit
 * record is written: that is the peer Strongroom is measured against.
 */
final class EtcdTarget implements Target {
  private static final GetOption LINEARIZABLE = GetOption.builder().withSerializable(false).build();

  private final Client client;
  private final KV kv;

  EtcdTarget(List<String> endpoints) {
    endpoints.forEach(Loopback::requireUrl);
    // Bounded retries, like the Strongroom client's 30 s deadline: a dead cluster shows as failures.
    this.client = Client.builder()
        .endpoints(endpoints.toArray(String[]::new))
        .connectTimeout(java.time.Duration.ofSeconds(5))
        .retryMaxDuration(java.time.Duration.ofSeconds(30))
        .build();
    this.kv = client.getKVClient();
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public CompletableFuture<?> put(String key, String value) {
    return kv.put(bytes(key), bytes(value));
  }

  @Override
  public CompletableFuture<?> get(String key) {
    return kv.get(bytes(key), LINEARIZABLE).thenApply(r -> {
      if (r.getKvs().isEmpty()) {
        throw new IllegalStateException("etcd: no key " + key);
      }
      return r;
    });
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    client.close();
  }
}
