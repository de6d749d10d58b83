package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A frame from a node larger than the client's limit is refused and its connection closed. */
class FrameLimitTest extends FakeClusterTest {

  @Test
  void oversizeFrameFromTheNodeFailsTypedAndTheNextCallReconnects() {
    AtomicInteger seen = new AtomicInteger();
    FakeNode node = node("n1").script((r, x) -> {
      if (seen.getAndIncrement() == 0) {
        x.sendOversizeFrame(64 * 1024 + 1);
      } else {
        x.ok();
      }
    });
    StrongroomClient client = track(builder(node.address()).maxFrameBytes(64 * 1024).build());

    assertThatThrownBy(() -> client.kv().get("a"))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining(String.valueOf(64 * 1024))
        .extracting(e -> ((StrongroomException) e).code()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    assertThat(node.requests()).hasSize(1);

    assertThat(client.kv().get("a")).isPresent();
    assertThat(node.connections()).isEqualTo(2);
  }
}
