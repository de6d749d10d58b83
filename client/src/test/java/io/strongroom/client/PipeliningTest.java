package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.protocol.v1.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** frames.proto Request.call_id: "chosen by the client, echoed in the response: pipelining". */
class PipeliningTest extends FakeClusterTest {

  private static final int CALLS = 64;

  @Test
  void manyCallsShareOneConnectionAndEachGetsItsOwnAnswerOutOfOrder() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("PipeliningTest seed " + seed);
    List<FakeNode.Exchange> held = Collections.synchronizedList(new ArrayList<>());
    FakeNode node = node("n1").script((request, exchange) -> {
      held.add(exchange);
      if (held.size() == CALLS) {
        // Every call is in flight at once; answer them in a random order.
        List<FakeNode.Exchange> order = new ArrayList<>(held);
        Collections.shuffle(order, new Random(seed));
        order.forEach(FakeNode.Exchange::ok);
      }
    });
    StrongroomClient client = client(node.address());

    // Issue the calls from several threads.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<CompletableFuture<Optional<Secret>>> futures = new ArrayList<>();
    try {
      List<CompletableFuture<CompletableFuture<Optional<Secret>>>> submitted = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        String path = "app/" + i;
        submitted.add(CompletableFuture.supplyAsync(() -> client.kv().getAsync(path), pool));
      }
      for (var s : submitted) {
        futures.add(s.get(5, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdown();
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .get(10, TimeUnit.SECONDS);

    for (int i = 0; i < CALLS; i++) {
      assertThat(futures.get(i).get()).get()
          .extracting(secret -> secret.get("path")).isEqualTo("app/" + i);
    }
    assertThat(node.connections()).isEqualTo(1);
    assertThat(node.requests()).extracting(Request::getCallId).doesNotHaveDuplicates()
        .hasSize(CALLS);
    assertThat(node.requestIds()).doesNotHaveDuplicates();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aSlowAnswerDoesNotHoldUpLaterCalls() throws Exception {
    FakeNode node = node("n1").script((request, exchange) -> {
      if (request.getKvGet().getPath().equals("slow")) {
        exchange.okAfter(Duration.ofMillis(500));
      } else {
        exchange.ok();
      }
    });
    StrongroomClient client = client(node.address());

    CompletableFuture<Optional<Secret>> slow = client.kv().getAsync("slow");
    Optional<Secret> fast = client.kv().get("fast");

    assertThat(fast).get().extracting(s -> s.get("path")).isEqualTo("fast");
    assertThat(slow).isNotDone();
    assertThat(slow.get(5, TimeUnit.SECONDS)).get().extracting(s -> s.get("path"))
        .isEqualTo("slow");
  }
}
