package io.strongroom.node.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.protocol.v1.ClientFrame;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Hello;
import io.strongroom.protocol.v1.KvGet;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.NodeFrame;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The malformed-frame contract: each fault gets a clear error or a close; others keep being served. */
class ClientIngressTest {
  private static final int MAX_FRAME = 64 * 1024;

  private final Map<String, CompletableFuture<Response>> held = new ConcurrentHashMap<>();
  private ClientIngress ingress;

  @BeforeEach
  void start() throws IOException {
    RequestHandler handler =
        (request, peer) -> {
          String path = request.getKvGet().getPath();
          if (path.equals("boom")) {
            throw new IllegalStateException("secret-looking detail that must not leak");
          }
          Response answer =
              Response.newBuilder().setKvSecret(KvSecret.newBuilder().putData("path", path)).build();
          if (path.startsWith("hold/")) {
            CompletableFuture<Response> f = new CompletableFuture<>();
            held.put(path, f);
            return f.thenApply(r -> answer);
          }
          return CompletableFuture.completedFuture(answer);
        };
    ingress = ClientIngress.start("n1", "127.0.0.1", 0, Optional.empty(), MAX_FRAME, 1, handler);
  }

  @AfterEach
  void stop() {
    ingress.close();
  }

  @Test
  void helloThenPipelinedRequestsAnsweredOutOfOrder() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      NodeFrame reply = c.hello(1, 1);
      assertThat(reply.getHelloReply().getVersion()).isEqualTo(1);
      assertThat(reply.getHelloReply().getNodeId()).isEqualTo("n1");
      assertThat(reply.getHelloReply().getMaxFrameBytes()).isEqualTo(MAX_FRAME);

      c.get(1, "hold/a");
      c.get(2, "hold/b");
      c.get(3, "now");
      assertThat(c.read().getResponse().getCallId()).isEqualTo(3);
      org.awaitility.Awaitility.await().until(() -> held.size() == 2);
      held.get("hold/b").complete(null);
      held.get("hold/a").complete(null);
      List<Long> order = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Response r = c.read().getResponse();
        order.add(r.getCallId());
        assertThat(r.getKvSecret().getDataMap().get("path")).isEqualTo(r.getCallId() == 1 ? "hold/a" : "hold/b");
      }
      assertThat(order).containsExactly(2L, 1L);
    }
  }

  @Test
  void requestBeforeHelloIsRefusedAndClosed() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.get(1, "x");
      assertClosedWith(c, ErrorCode.INVALID_ARGUMENT, "send hello before any request");
    }
    assertStillServing();
  }

  @Test
  void noCommonVersionIsNamed() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.send(ClientFrame.newBuilder().setHello(Hello.newBuilder().setMinVersion(2).setMaxVersion(3)).build().toByteArray());
      assertClosedWith(c, ErrorCode.UNSUPPORTED_VERSION, "no common protocol version: client speaks 2..3, node speaks 1..1");
    }
    assertStillServing();
  }

  @Test
  void oversizedFrameIsRefusedAndClosed() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.hello(1, 1);
      c.out.writeInt(MAX_FRAME + 1);
      c.out.write(new byte[1024]);
      c.out.flush();
      assertClosedWith(c, ErrorCode.FRAME_TOO_LARGE, "frame larger than " + MAX_FRAME + " bytes");
    }
    assertStillServing();
  }

  @Test
  void garbageIsRefusedAndClosed() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.send(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x00, 0x13, 0x37});
      assertClosedWith(c, ErrorCode.INVALID_ARGUMENT, "malformed frame: not a ClientFrame");
    }
    assertStillServing();
  }

  @Test
  void unknownFrameKindIsRefused() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.send(new byte[0]); // a ClientFrame with no kind set, as an unknown future kind decodes
      assertClosedWith(c, ErrorCode.INVALID_ARGUMENT, "unknown frame kind");
    }
    assertStillServing();
  }

  @Test
  void truncatedFrameThenHangUpLeavesTheNodeServing() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.hello(1, 1);
      c.out.writeInt(100);
      c.out.write(new byte[10]);
      c.out.flush();
    }
    assertStillServing();
  }

  @Test
  void aFailingHandlerAnswersInternalWithoutItsMessage() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.hello(1, 1);
      c.get(7, "boom");
      Response r = c.read().getResponse();
      assertThat(r.getCallId()).isEqualTo(7);
      assertThat(r.getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
      assertThat(r.getError().getMessage()).doesNotContain("secret-looking");
      c.get(8, "fine");
      assertThat(c.read().getResponse().getCallId()).isEqualTo(8);
    }
  }

  private void assertStillServing() throws IOException {
    try (RawClient c = new RawClient(ingress.port())) {
      c.hello(1, 1);
      c.get(42, "still/here");
      assertThat(c.read().getResponse().getKvSecret().getDataMap()).containsEntry("path", "still/here");
    }
  }

  private static void assertClosedWith(RawClient c, ErrorCode code, String message) throws IOException {
    NodeFrame f = c.read();
    assertThat(f.getConnectionError().getCode()).isEqualTo(code);
    assertThat(f.getConnectionError().getMessage()).contains(message);
    assertThat(c.isClosedByPeer()).isTrue();
  }

  /** A deliberately dumb client that writes whatever bytes a test wants. */
  static final class RawClient implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    RawClient(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(10_000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    NodeFrame hello(int min, int max) throws IOException {
      send(ClientFrame.newBuilder().setHello(Hello.newBuilder().setMinVersion(min).setMaxVersion(max).setAgent("test")).build().toByteArray());
      return read();
    }

    void get(long callId, String path) throws IOException {
      send(
          ClientFrame.newBuilder()
              .setRequest(Request.newBuilder().setCallId(callId).setToken("t").setKvGet(KvGet.newBuilder().setPath(path)))
              .build()
              .toByteArray());
    }

    void send(byte[] body) throws IOException {
      out.writeInt(body.length);
      out.write(body);
      out.flush();
    }

    NodeFrame read() throws IOException {
      int len = in.readInt();
      byte[] body = new byte[len];
      in.readFully(body);
      return NodeFrame.parseFrom(body);
    }

    boolean isClosedByPeer() throws IOException {
      try {
        return in.read() == -1;
      } catch (EOFException | SocketException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
