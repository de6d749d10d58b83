package io.strongroom.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.strongroom.protocol.v1.ClientFrame;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Hello;
import io.strongroom.protocol.v1.HelloReply;
import io.strongroom.protocol.v1.NodeFrame;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scriptable stand-in for a Strongroom node, speaking the v1 wire protocol on 127.0.0.1 with an
 * ephemeral port. Each test sets a {@link Script} that decides, per request, what the node does:
 * answer, answer with an error, answer later, hold the answer, close the connection, or die. The
 * node records every hello, request and connection it sees.
 */
final class FakeNode implements AutoCloseable {

  /** Decides what the node does with one request. Runs on the node's event loop. */
  @FunctionalInterface
  interface Script {
    void onRequest(Request request, Exchange exchange);
  }

  /** One received request and the means to answer it. Thread-safe. */
  final class Exchange {
    private final Channel channel;
    private final Request request;

    Exchange(Channel channel, Request request) {
      this.channel = channel;
      this.request = request;
    }

    Request request() {
      return request;
    }

    /** Answers with {@code response}, its call id set to the request's. */
    void reply(Response.Builder response) {
      send(channel, NodeFrame.newBuilder()
          .setResponse(response.setCallId(request.getCallId())).build());
    }

    /** Answers with the canned success for the request's operation. */
    void ok() {
      reply(Responses.ok(request, nodeId));
    }

    void error(ErrorCode code, String message) {
      reply(Responses.error(code, message, ""));
    }

    void notLeader(FakeNode leader) {
      notLeaderAt(leader.address());
    }

    void notLeaderAt(String leaderAddress) {
      reply(Responses.error(ErrorCode.NOT_LEADER, "not the leader", leaderAddress));
    }

    /** Answers after {@code delay}, without blocking the node. */
    void okAfter(Duration delay) {
      channel.eventLoop().schedule(this::ok, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes this connection without answering. */
    void closeConnection() {
      channel.close();
    }

    /** Stops the whole node without answering: later connects are refused. */
    void die() {
      Thread stopper = new Thread(FakeNode.this::close, "fake-node-stopper");
      stopper.start();
    }

    /** Writes a frame header announcing {@code length} bytes, and a few of them. */
    void sendOversizeFrame(int length) {
      ByteBuf buf = channel.alloc().buffer(4 + 16);
      buf.writeInt(length);
      buf.writeZero(16);
      channel.writeAndFlush(buf);
    }
  }

  private final String nodeId;
  private final EventLoopGroup group;
  private final Channel server;
  private final Set<Channel> children = ConcurrentHashMap.newKeySet();
  private final List<Hello> hellos = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile Script script = (request, exchange) -> exchange.ok();
  private volatile Function<Hello, NodeFrame> helloScript;
  private volatile int maxFrameBytes = 1 << 20;
  private volatile boolean closed;

  private FakeNode(String nodeId, SslContext ssl) {
    this.nodeId = nodeId;
    this.group = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("fake-" + nodeId, true), NioIoHandler.newFactory());
    this.helloScript = hello -> NodeFrame.newBuilder().setHelloReply(HelloReply.newBuilder()
        .setVersion(1).setNodeId(nodeId).setMaxFrameBytes(maxFrameBytes)).build();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            children.add(ch);
            connections.incrementAndGet();
            if (ssl != null) {
              ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
            }
            ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(1 << 24, 0, 4, 0, 4));
            ch.pipeline().addLast(new Handler());
          }
        });
    this.server = bootstrap.bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly()
        .channel();
  }

  static FakeNode start(String nodeId) {
    return new FakeNode(nodeId, null);
  }

  static FakeNode startTls(String nodeId, SslContext ssl) {
    return new FakeNode(nodeId, ssl);
  }

  String nodeId() {
    return nodeId;
  }

  String address() {
    return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  FakeNode script(Script script) {
    this.script = script;
    return this;
  }

  FakeNode onHello(Function<Hello, NodeFrame> helloScript) {
    this.helloScript = helloScript;
    return this;
  }

  /** The max_frame_bytes this node announces in its hello reply. */
  FakeNode maxFrameBytes(int bytes) {
    this.maxFrameBytes = bytes;
    return this;
  }

  List<Hello> hellos() {
    return hellos;
  }

  List<Request> requests() {
    return requests;
  }

  List<ByteString> requestIds() {
    return requests.stream().map(Request::getRequestId).toList();
  }

  int connections() {
    return connections.get();
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.close().syncUninterruptibly();
    children.forEach(Channel::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static void send(Channel channel, MessageLite frame) {
    ByteBuf buf = channel.alloc().buffer();
    buf.writeInt(frame.getSerializedSize());
    try {
      frame.writeTo(new ByteBufOutputStream(buf));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    channel.writeAndFlush(buf);
  }

  private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {
    private boolean greeted;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws IOException {
      ClientFrame frame;
      try (InputStream in = new ByteBufInputStream(msg)) {
        frame = ClientFrame.parseFrom(in);
      }
      if (frame.hasHello()) {
        hellos.add(frame.getHello());
        NodeFrame reply = helloScript.apply(frame.getHello());
        send(ctx.channel(), reply);
        if (reply.hasConnectionError()) {
          ctx.close();
        } else {
          greeted = true;
        }
      } else if (frame.hasRequest()) {
        if (!greeted) {
          send(ctx.channel(), NodeFrame.newBuilder().setConnectionError(Error.newBuilder()
              .setCode(ErrorCode.INVALID_ARGUMENT).setMessage("request before hello")).build());
          ctx.close();
          return;
        }
        requests.add(frame.getRequest());
        script.onRequest(frame.getRequest(), new Exchange(ctx.channel(), frame.getRequest()));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
