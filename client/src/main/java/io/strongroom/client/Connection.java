package io.strongroom.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.strongroom.protocol.v1.ClientFrame;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Hello;
import io.strongroom.protocol.v1.HelloReply;
import io.strongroom.protocol.v1.NodeFrame;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP (or TLS) connection to one node, with pipelining: any number of calls in flight, each
 * matched to its answer by {@code call_id}, answers in any order.
 *
 * <p>Lifecycle: connect, send Hello, wait for HelloReply ({@link #ready()}), then serve calls until
 * the channel closes. When it closes every call still in flight fails with a
 * {@link TransportException} (or the {@link FrameTooLargeException} that closed it).
 *
 * <p>Thread-safe: {@link #call} may be used from any thread; calls wait in an outbox that the
 * channel's event loop drains with one flush, and Netty callbacks run on that event loop.
 */
final class Connection {

  /** The only protocol version this client speaks. */
  static final int PROTOCOL_VERSION = 1;

  static final String AGENT = "strongroom-java/0.1.0";

  private final Address address;
  private final int maxInboundFrameBytes;
  private final CompletableFuture<Connection> ready = new CompletableFuture<>();
  private final Map<Long, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextCallId = new AtomicLong(1);
  private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile Channel channel;
  private volatile int maxOutboundFrameBytes;
  private volatile boolean closed;
  /** Why the connection ended, set before it closes; {@code null} for a plain disconnect. */
  private volatile Throwable closeCause;

  private Connection(Address address, int maxInboundFrameBytes) {
    this.address = address;
    this.maxInboundFrameBytes = maxInboundFrameBytes;
    this.maxOutboundFrameBytes = maxInboundFrameBytes;
  }

  /**
   * Starts connecting. The returned connection's {@link #ready()} completes after the hello
   * exchange, or fails with {@link TransportException} (nothing was sent) or
   * {@link UnsupportedVersionException}.
   */
  static Connection open(
      Bootstrap template, Address address, SslContext ssl, int maxFrameBytes, long timeoutNanos) {
    Connection connection = new Connection(address, maxFrameBytes);
    Bootstrap bootstrap = template.clone()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos))))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connection.channel = ch;
            ChannelPipeline p = ch.pipeline();
            if (ssl != null) {
              p.addLast("tls", ssl.newHandler(ch.alloc(), address.host(), address.port()));
            }
            p.addLast("frames", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4));
            p.addLast("node", connection.new Handler());
          }
        });
    ChannelFuture connect = bootstrap.connect(address.host(), address.port());
    connection.channel = connect.channel();
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        connection.ready.completeExceptionally(new TransportException(
            "cannot connect to " + address + ": " + f.cause(), f.cause()));
      }
    });
    ScheduledFuture<?> helloTimer = template.config().group().schedule(() -> {
      if (connection.ready.completeExceptionally(new TransportException(
          "no hello from " + address + " within "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", null))) {
        connect.channel().close();
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS);
    connection.ready.whenComplete((c, e) -> helloTimer.cancel(false));
    return connection;
  }

  Address address() {
    return address;
  }

  /** Completes with this connection once the hello exchange is done. */
  CompletableFuture<Connection> ready() {
    return ready;
  }

  /** Whether new calls may still be sent on this connection. */
  boolean isUsable() {
    return !closed && !ready.isCompletedExceptionally();
  }

  void close() {
    closed = true;
    channel.close();
  }

  /**
   * Sends {@code request} with a fresh call id; completes with the node's response, whatever its
   * error field says. Fails with {@link TransportException} on connection loss or when no answer
   * comes within {@code timeoutNanos}, or with {@link FrameTooLargeException} when the request is
   * larger than the node accepts (it is then not sent).
   */
  CompletableFuture<Response> call(Request.Builder request, long timeoutNanos) {
    CompletableFuture<Response> future = new CompletableFuture<>();
    long callId = nextCallId.getAndIncrement();
    ClientFrame frame = ClientFrame.newBuilder().setRequest(request.setCallId(callId)).build();
    int size = frame.getSerializedSize();
    int limit = maxOutboundFrameBytes;
    if (size > limit) {
      future.completeExceptionally(new FrameTooLargeException("request frame of " + size
          + " bytes exceeds the limit of " + limit + " bytes of node " + address + "; not sent"));
      return future;
    }
    pending.put(callId, future);
    if (closed) {
      failPending(callId, future, "connection to " + address + " is closed; not sent", null);
      return future;
    }
    // Encoded here, on the caller's thread: the event loop is the one thread all calls share.
    Channel ch = channel;
    outbox.add(new Outgoing(callId, encode(ch, frame), future, timeoutNanos));
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        ch.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        for (Outgoing o; (o = outbox.poll()) != null; ) {
          o.frame.release();
          failPending(o.callId, o.future, "connection to " + address + " is closed; not sent", e);
        }
      }
    }
    return future;
  }

  /** An encoded call waiting in the outbox for the event loop. */
  private record Outgoing(long callId, ByteBuf frame, CompletableFuture<Response> future, long timeoutNanos) {}

  /**
   * On the event loop: arms each queued call's timer, writes its frame and flushes once, so
   * concurrent callers share TLS records and socket writes. The flag is cleared before polling,
   * so a call queued after the last poll schedules a drain of its own and is never left behind.
   */
  private void drain() {
    drainScheduled.set(false);
    Channel ch = channel;
    int written = 0;
    for (Outgoing o; (o = outbox.poll()) != null; ) {
      long callId = o.callId;
      CompletableFuture<Response> future = o.future;
      long timeoutNanos = o.timeoutNanos;
      if (future.isDone()) {
        // Failed (the connection closed) or completed by the caller while it waited.
        o.frame.release();
        pending.remove(callId, future);
        continue;
      }
      ScheduledFuture<?> timer = ch.eventLoop().schedule(
          () -> failPending(callId, future, "no answer from " + address + " within "
              + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", null),
          timeoutNanos, TimeUnit.NANOSECONDS);
      future.whenComplete((r, e) -> {
        timer.cancel(false);
        pending.remove(callId, future);
      });
      ch.write(o.frame).addListener(f -> {
        if (!f.isSuccess()) {
          failPending(callId, future, "cannot send to " + address + ": " + f.cause(), f.cause());
        }
      });
      written++;
    }
    if (written > 0) {
      ch.flush();
    }
  }

  private void failPending(
      long callId, CompletableFuture<Response> future, String message, Throwable cause) {
    if (pending.remove(callId, future)) {
      future.completeExceptionally(new TransportException(message, cause));
    }
  }

  private static ByteBuf encode(Channel ch, MessageLite frame) {
    int size = frame.getSerializedSize();
    ByteBuf buf = ch.alloc().buffer(4 + size);
    boolean ok = false;
    try {
      buf.writeInt(size);
      frame.writeTo(new ByteBufOutputStream(buf));
      ok = true;
      return buf;
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode frame", e);
    } finally {
      if (!ok) {
        buf.release();
      }
    }
  }

  private void onHelloReply(HelloReply reply) {
    if (reply.getVersion() != PROTOCOL_VERSION) {
      closeWith(new UnsupportedVersionException("node " + address + " chose protocol version "
          + reply.getVersion() + ", this client speaks only " + PROTOCOL_VERSION));
      return;
    }
    int nodeMax = reply.getMaxFrameBytes();
    if (nodeMax > 0) {
      maxOutboundFrameBytes = nodeMax;
    }
    ready.complete(this);
  }

  private void onResponse(Response response) {
    CompletableFuture<Response> future = pending.remove(response.getCallId());
    if (future != null) {
      future.complete(response);
    }
    // else: the call already timed out or was never ours; drop the late answer.
  }

  private void onConnectionError(io.strongroom.protocol.v1.Error error) {
    StrongroomException typed = Errors.toException(error, address);
    if (!ready.isDone() && error.getCode() == ErrorCode.UNSUPPORTED_VERSION) {
      closeWith(typed);
    } else {
      closeWith(new TransportException("node " + address + " closed the connection: "
          + typed.getMessage(), typed));
    }
  }

  private void closeWith(Throwable cause) {
    if (closeCause == null) {
      closeCause = cause;
    }
    closed = true;
    channel.close();
  }

  private void onInactive() {
    closed = true;
    Throwable cause = closeCause;
    if (cause instanceof UnsupportedVersionException) {
      ready.completeExceptionally(cause);
    } else {
      ready.completeExceptionally(new TransportException(
          "connection to " + address + " closed before hello"
              + (cause == null ? "" : ": " + cause.getMessage()), cause));
    }
    for (Map.Entry<Long, CompletableFuture<Response>> e : pending.entrySet()) {
      if (pending.remove(e.getKey(), e.getValue())) {
        if (cause instanceof FrameTooLargeException tooLarge) {
          e.getValue().completeExceptionally(tooLarge);
        } else {
          e.getValue().completeExceptionally(new TransportException(
              "connection to " + address + " lost with the call in flight"
                  + (cause == null ? "" : ": " + cause.getMessage()), cause));
        }
      }
    }
  }

  /** The inbound side: hello first, then responses. Runs on the channel's event loop. */
  private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Hello hello = Hello.newBuilder()
          .setMinVersion(PROTOCOL_VERSION)
          .setMaxVersion(PROTOCOL_VERSION)
          .setAgent(AGENT)
          .build();
      ctx.writeAndFlush(encode(ctx.channel(), ClientFrame.newBuilder().setHello(hello).build()));
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
      NodeFrame frame;
      try (InputStream in = new ByteBufInputStream(msg)) {
        frame = NodeFrame.parseFrom(in);
      } catch (InvalidProtocolBufferException e) {
        closeWith(new TransportException("malformed frame from node " + address, e));
        return;
      } catch (IOException e) {
        closeWith(new TransportException("cannot read frame from node " + address, e));
        return;
      }
      switch (frame.getKindCase()) {
        case HELLO_REPLY -> {
          if (ready.isDone()) {
            closeWith(new TransportException("second hello from node " + address, null));
          } else {
            onHelloReply(frame.getHelloReply());
          }
        }
        case RESPONSE -> {
          if (!ready.isDone()) {
            closeWith(new TransportException("response before hello from node " + address, null));
          } else {
            onResponse(frame.getResponse());
          }
        }
        case CONNECTION_ERROR -> onConnectionError(frame.getConnectionError());
        case KIND_NOT_SET -> closeWith(
            new TransportException("empty or unknown frame from node " + address, null));
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      onInactive();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        closeWith(new FrameTooLargeException("node " + address + " sent a frame larger than this"
            + " client's limit of " + maxInboundFrameBytes + " bytes; connection closed", cause));
      } else {
        closeWith(new TransportException(
            "connection to " + address + " failed: " + cause, cause));
      }
    }
  }
}
