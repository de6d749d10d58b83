package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.HelloReply;
import io.strongroom.protocol.v1.NodeFrame;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** frames.proto: "First frame on a connection, in both directions" — Hello / HelloReply. */
class HelloNegotiationTest extends FakeClusterTest {

  @Test
  void offersVersionOneOnlyAndNamesItself() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());

    assertThat(client.sys().status().nodeId()).isEqualTo("n1");

    assertThat(node.hellos()).singleElement().satisfies(hello -> {
      assertThat(hello.getMinVersion()).isEqualTo(1);
      assertThat(hello.getMaxVersion()).isEqualTo(1);
      assertThat(hello.getAgent()).startsWith("strongroom-java/");
    });
  }

  @Test
  void unsupportedVersionConnectionErrorFailsTypedWithoutRetry() {
    FakeNode node = node("n1").onHello(hello -> NodeFrame.newBuilder().setConnectionError(
        Error.newBuilder().setCode(ErrorCode.UNSUPPORTED_VERSION)
            .setMessage("node speaks 2..3")).build());
    StrongroomClient client = client(node.address());

    assertThatThrownBy(() -> client.sys().status())
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("node speaks 2..3")
        .hasMessageContaining(node.address())
        .extracting(e -> ((StrongroomException) e).code())
        .isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
    assertThat(node.hellos()).hasSize(1);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void replyChoosingAnotherVersionIsRejected() {
    FakeNode node = node("n1").onHello(hello -> NodeFrame.newBuilder().setHelloReply(
        HelloReply.newBuilder().setVersion(2).setNodeId("n1").setMaxFrameBytes(1 << 20)).build());
    StrongroomClient client = client(node.address());

    assertThatThrownBy(() -> client.kv().get("a"))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("version 2");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void requestLargerThanTheNodesLimitIsNotSent() {
    FakeNode node = node("n1").maxFrameBytes(1024);
    StrongroomClient client = client(node.address());

    assertThatThrownBy(() -> client.kv().put("big", Map.of("v", "x".repeat(2000))))
        .isInstanceOf(FrameTooLargeException.class)
        .hasMessageContaining("1024");
    assertThat(node.requests()).isEmpty();

    // The connection is still good for requests that fit.
    assertThat(client.kv().put("small", Map.of("v", "x")).version()).isEqualTo(1);
    assertThat(node.connections()).isEqualTo(1);
  }
}
