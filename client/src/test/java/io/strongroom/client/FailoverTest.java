package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Request;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Failover and the at-most-once rule: every attempt of one call carries the same request_id
 * (frames.proto Request.request_id: "the same on every retry: writes apply once").
 */
class FailoverTest extends FakeClusterTest {

  @Test
  void skipsANodeThatRefusesConnections() {
    FakeNode live = node("live");
    StrongroomClient client = client(refusingAddress(), live.address());

    assertThat(client.kv().put("a", Map.of("k", "v")).version()).isEqualTo(1);
    assertThat(live.requests()).hasSize(1);
  }

  @Test
  void writeRetriedOnAnotherNodeWhenTheFirstDiesMidCallKeepsItsRequestId() {
    FakeNode dying = node("dying").script((r, x) -> x.die());
    FakeNode survivor = node("survivor");
    StrongroomClient client = client(dying.address(), survivor.address());

    assertThat(client.kv().put("a", Map.of("k", "v")).version()).isEqualTo(1);

    assertThat(dying.requestIds()).hasSize(1);
    assertThat(survivor.requestIds()).isEqualTo(dying.requestIds());
    assertThat(dying.isClosed()).isTrue();
  }

  @Test
  void failsOverAfterTheLeaderDiesBetweenCalls() {
    FakeNode first = node("first");
    FakeNode second = node("second");
    StrongroomClient client = client(first.address(), second.address());
    client.kv().put("a", Map.of("k", "v"));
    assertThat(first.requests()).hasSize(1);

    first.close();

    assertThat(client.kv().put("b", Map.of("k", "v")).version()).isEqualTo(1);
    assertThat(second.requests()).hasSize(1);
  }

  @Test
  void writeRetriedOnTheSameNodeAfterConnectionLossKeepsItsRequestId() {
    AtomicInteger seen = new AtomicInteger();
    FakeNode node = node("n1").script((r, x) -> {
      if (seen.getAndIncrement() == 0) {
        x.closeConnection(); // after receiving the write, before answering
      } else {
        x.ok();
      }
    });
    StrongroomClient client = client(node.address());

    client.kv().put("a", Map.of("k", "v"), 0);

    List<ByteString> ids = node.requestIds();
    assertThat(ids).hasSize(2);
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(ids.get(0).size()).isEqualTo(16);
    assertThat(node.requests()).allSatisfy(r -> assertThat(r.getKvPut().getCas()).isZero());
    assertThat(node.connections()).isEqualTo(2);
  }

  @Test
  void writeRetriedAfterUnavailableKeepsItsRequestId() {
    AtomicInteger seen = new AtomicInteger();
    FakeNode node = node("n1").script((r, x) -> {
      if (seen.getAndIncrement() < 2) {
        x.error(ErrorCode.UNAVAILABLE, "no quorum");
      } else {
        x.ok();
      }
    });
    StrongroomClient client = client(node.address());

    client.kv().patch("a", Map.of("k", "v"), List.of("old"));

    assertThat(node.requestIds()).hasSize(3).containsOnly(node.requestIds().get(0));
  }

  @Test
  void writeRetriedAfterNoAnswerInTimeKeepsItsRequestId() {
    AtomicInteger seen = new AtomicInteger();
    FakeNode node = node("n1").script((r, x) -> {
      if (seen.getAndIncrement() > 0) {
        x.ok();
      } // the first attempt never gets an answer
    });
    StrongroomClient client = track(builder(node.address())
        .requestTimeout(Duration.ofMillis(200)).build());

    client.kv().delete("a", 1, 2);

    assertThat(node.requestIds()).hasSize(2).containsOnly(node.requestIds().get(0));
    assertThat(node.requests()).extracting(Request::getCallId).doesNotHaveDuplicates();
  }

  @Test
  void definitiveErrorsAreNotRetried() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.CAS_MISMATCH, "at version 4"));
    StrongroomClient client = client(node.address());

    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> client.kv().put("a", Map.of("k", "v"), 3))
        .isInstanceOf(CasMismatchException.class);
    assertThat(node.requests()).hasSize(1);
  }

  @Test
  void separateCallsHaveSeparateRandomRequestIds() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());

    for (int i = 0; i < 20; i++) {
      client.kv().put("a", Map.of("k", "v" + i));
    }

    assertThat(node.requestIds()).hasSize(20).doesNotHaveDuplicates()
        .allSatisfy(id -> assertThat(id.size()).isEqualTo(16));
  }
}
