package io.strongroom.node.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.strongroom.protocol.v1.ClientFrame;
import io.strongroom.protocol.v1.Hello;
import io.strongroom.protocol.v1.KvGet;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.NodeFrame;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Answers completed together leave together: the connection's outbox writes them in one event-loop
 * task with one flush (one TLS record, one socket write), and none is lost to the race between a
 * drain and a new answer.
 */
class AnswerOutboxTest {

  @Test
  void answersCompletedTogetherLeaveWithOneFlush() {
    List<CompletableFuture<Response>> held = new ArrayList<>();
    RequestHandler handler = (request, peer) -> {
      CompletableFuture<Response> f = new CompletableFuture<>();
      held.add(f);
      return f;
    };
    AtomicInteger flushes = new AtomicInteger();
    EmbeddedChannel ch = new EmbeddedChannel(
        new ChannelOutboundHandlerAdapter() {
          @Override
          public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
          }
        },
        new ClientIngress.NodeFrameEncoder(),
        new ClientIngress.Connection("n1", 1 << 20, handler));
    ch.writeInbound(frame(ClientFrame.newBuilder().setHello(Hello.newBuilder().setMinVersion(1).setMaxVersion(1)).build()));
    NodeFrame helloReply = readOutbound(ch);
    assertThat(helloReply.hasHelloReply()).isTrue();

    int n = 50;
    for (int i = 1; i <= n; i++) {
      ch.writeInbound(frame(ClientFrame.newBuilder().setRequest(request(i)).build()));
    }
    assertThat(held).hasSize(n);
    int before = flushes.get();
    for (CompletableFuture<Response> f : held) {
      f.complete(Response.newBuilder().setKvSecret(KvSecret.newBuilder().putData("k", "v")).build());
    }
    ch.runPendingTasks();

    assertThat(flushes.get() - before).isEqualTo(1);
    Set<Long> answered = new HashSet<>();
    for (int i = 0; i < n; i++) {
      answered.add(readOutbound(ch).getResponse().getCallId());
    }
    assertThat(answered).hasSize(n).contains(1L, (long) n);
    Object rest = ch.readOutbound();
    assertThat(rest).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void answersCompletedOnManyThreadsAtOnceAreEachDeliveredOnce() throws Exception {
    Set<CompletableFuture<Response>> held = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<Response>> order = java.util.Collections.synchronizedList(new ArrayList<>());
    RequestHandler handler = (request, peer) -> {
      CompletableFuture<Response> f = new CompletableFuture<>();
      held.add(f);
      order.add(f);
      return f.thenApply(r -> r.toBuilder().setKvSecret(KvSecret.newBuilder().putData("path", request.getKvGet().getPath())).build());
    };
    int n = 2_000;
    try (ClientIngress ingress = ClientIngress.start("n1", "127.0.0.1", 0, Optional.empty(), 1 << 20, 1, handler);
        ClientIngressTest.RawClient c = new ClientIngressTest.RawClient(ingress.port())) {
      c.hello(1, 1);
      for (int i = 1; i <= n; i++) {
        c.get(i, "p" + i);
      }
      org.awaitility.Awaitility.await().until(() -> held.size() == n);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch go = new CountDownLatch(1);
      try {
        for (int t = 0; t < 4; t++) {
          int from = t;
          pool.execute(() -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int i = from; i < n; i += 4) {
              order.get(i).complete(Response.getDefaultInstance());
            }
          });
        }
        go.countDown();
        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < n; i++) {
          Response r = c.read().getResponse();
          assertThat(r.getKvSecret().getDataMap().get("path")).isEqualTo("p" + r.getCallId());
          assertThat(answered.add(r.getCallId())).as("call %d answered twice", r.getCallId()).isTrue();
        }
        assertThat(answered).hasSize(n);
      } finally {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Request.Builder request(long callId) {
    return Request.newBuilder().setCallId(callId).setToken("t").setKvGet(KvGet.newBuilder().setPath("p" + callId));
  }

  private static ByteBuf frame(ClientFrame f) {
    // The connection handler sits behind the frame decoder, which strips the length prefix.
    return Unpooled.wrappedBuffer(f.toByteArray());
  }

  private static NodeFrame readOutbound(EmbeddedChannel ch) {
    ByteBuf buf = ch.readOutbound();
    try {
      int len = buf.readInt();
      assertThat(len).isEqualTo(buf.readableBytes());
      byte[] body = new byte[len];
      buf.readBytes(body);
      return NodeFrame.parseFrom(body);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    } finally {
      buf.release();
    }
  }
}
