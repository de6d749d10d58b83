package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** close() fails calls in flight, closes connections and ends the client's threads. */
class CloseTest extends FakeClusterTest {

  private static long clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(Transport.THREAD_PREFIX))
        .count();
  }

  @Test
  void closeStopsTheEventLoopThreads() {
    FakeNode node = node("n1");
    StrongroomClient client = track(builder(node.address()).ioThreads(3).build());
    for (int i = 0; i < 10; i++) {
      client.kv().getAsync("a" + i);
    }
    client.kv().get("b");
    assertThat(clientThreads()).isPositive();

    client.close();

    assertThat(client.transport().group().isTerminated()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> clientThreads() == 0);
  }

  @Test
  void manyClientsOpenedAndClosedLeakNoThreads() {
    FakeNode node = node("n1");
    for (int i = 0; i < 20; i++) {
      try (StrongroomClient client = builder(node.address()).build()) {
        client.kv().put("a", Map.of("k", "v"));
      }
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> clientThreads() == 0);
    assertThat(node.connections()).isEqualTo(20);
  }

  @Test
  void callsInFlightFailWhenTheClientCloses() {
    FakeNode node = node("n1").script((r, x) -> { });
    StrongroomClient client = client(node.address());
    CompletableFuture<Optional<Secret>> pending = client.kv().getAsync("a");
    await().until(() -> node.requests().size() == 1);

    client.close();

    assertThat(pending).failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(UnavailableException.class)
        .withMessageContaining("closed");
  }

  @Test
  void callsAfterCloseAreRefused() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());
    client.close();
    client.close(); // idempotent

    assertThatThrownBy(() -> client.kv().get("a")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(node.connections()).isZero();
  }

  @Test
  void blockingInsideACallbackIsRefusedInsteadOfDeadlocking() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());

    CompletableFuture<Optional<Secret>> nested =
        client.kv().getAsync("a").thenApply(s -> client.kv().get("b"));

    assertThat(nested).failsWithin(Duration.ofSeconds(5))
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(IllegalStateException.class)
        .withMessageContaining("deadlock");
  }
}
