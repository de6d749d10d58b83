package io.strongroom.node.ingress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.strongroom.protocol.v1.ClientFrame;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.HelloReply;
import io.strongroom.protocol.v1.NodeFrame;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client-facing TCP server: length-prefixed protobuf frames (see {@code frames.proto}), a
 * Hello exchange that settles the protocol version, then pipelined requests answered in any order.
 *
 * <p>Faults are contained per connection: a frame over the size limit, bytes that are not a frame,
 * a request before Hello, or no common version each get a {@code connection_error} naming the
 * problem, then that connection closes; others are unaffected. Nothing a client sends is ever
 * logged (it may hold tokens or secrets); only the kind of fault and the remote address are.
 *
 * <p>With a TLS context, a connection whose handshake fails (plaintext bytes, an untrusted or missing
 * client certificate) is closed without a reply and logged with the reason; the port keeps serving.
 *
 * <p>Threading: one acceptor thread and {@code workerThreads} event-loop threads; the handler is
 * called on an event loop.
 */
public final class ClientIngress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientIngress.class);

  /** Protocol versions this node speaks. */
  public static final int MIN_VERSION = 1;
  public static final int MAX_VERSION = 1;
  /** Default largest frame: a 1 MiB secret plus framing and metadata. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel server;
  private final String nodeId;

  private ClientIngress(EventLoopGroup boss, EventLoopGroup workers, Channel server, String nodeId) {
    this.boss = boss;
    this.workers = workers;
    this.server = server;
    this.nodeId = nodeId;
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) and starts serving.
   *
   * @param tls TLS 1.3 server context, or empty for plaintext
   * @throws IOException if the address cannot be bound; the message names it
   */
  public static ClientIngress start(
      String nodeId, String host, int port, Optional<SslContext> tls, int maxFrameBytes, int workerThreads, RequestHandler handler)
      throws IOException {
    // Linux's epoll through Netty's native transport (fewer system calls per message than the JDK's
    // selector) unless it cannot load or -Dio.netty.transport.noNative=true.
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, io);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ChannelPipeline p = ch.pipeline();
                    tls.ifPresent(ctx -> p.addLast("tls", ctx.newHandler(ch.alloc())));
                    p.addLast("frames", new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4));
                    p.addLast("encoder", new NodeFrameEncoder());
                    p.addLast("connection", new Connection(nodeId, maxFrameBytes, handler));
                  }
                });
    try {
      Channel server = b.bind(host, port).sync().channel();
      return new ClientIngress(boss, workers, server, nodeId);
    } catch (Exception e) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot listen for clients on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The bound port (useful when started with port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public String toString() {
    return "ClientIngress[" + nodeId + " on " + server.localAddress() + "]";
  }

  static NodeFrame connectionError(ErrorCode code, String message) {
    return NodeFrame.newBuilder().setConnectionError(Error.newBuilder().setCode(code).setMessage(message)).build();
  }

  /** Writes a frame as its 4-byte length and then its bytes, straight into one buffer. */
  static final class NodeFrameEncoder extends MessageToByteEncoder<NodeFrame> {
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, NodeFrame msg, boolean preferDirect) {
      int size = 4 + msg.getSerializedSize();
      return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, NodeFrame msg, ByteBuf out) throws IOException {
      out.writeInt(msg.getSerializedSize());
      msg.writeTo(new ByteBufOutputStream(out));
    }
  }

  /**
   * One client connection: Hello first, then requests.
   *
   * <p>Answers are completed on other threads, often many at once (every request that rode in one
   * Raft entry). They go through an outbox that the event loop drains in one task, with one flush:
   * one TLS record and one write to the socket for the lot, not one of each per answer.
   */
  static final class Connection extends SimpleChannelInboundHandler<ByteBuf> {
    private final String nodeId;
    private final int maxFrameBytes;
    private final RequestHandler handler;
    private final Queue<NodeFrame> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private boolean greeted;

    Connection(String nodeId, int maxFrameBytes, RequestHandler handler) {
      this.nodeId = nodeId;
      this.maxFrameBytes = maxFrameBytes;
      this.handler = handler;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      ClientFrame msg;
      try {
        msg = ClientFrame.parseFrom(new ByteBufInputStream(frame));
      } catch (IOException e) {
        fail(ctx, ErrorCode.INVALID_ARGUMENT, "malformed frame: not a ClientFrame");
        return;
      }
      switch (msg.getKindCase()) {
        case HELLO -> hello(ctx, msg);
        case REQUEST -> request(ctx, msg.getRequest());
        default -> fail(ctx, ErrorCode.INVALID_ARGUMENT, "unknown frame kind: this node speaks protocol " + MIN_VERSION + ".." + MAX_VERSION);
      }
    }

    private void hello(ChannelHandlerContext ctx, ClientFrame msg) {
      if (greeted) {
        fail(ctx, ErrorCode.INVALID_ARGUMENT, "hello sent twice");
        return;
      }
      int min = msg.getHello().getMinVersion();
      int max = msg.getHello().getMaxVersion();
      int version = Math.min(max, MAX_VERSION);
      if (min > max || version < Math.max(min, MIN_VERSION)) {
        fail(
            ctx,
            ErrorCode.UNSUPPORTED_VERSION,
            "no common protocol version: client speaks " + min + ".." + max + ", node speaks " + MIN_VERSION + ".." + MAX_VERSION);
        return;
      }
      greeted = true;
      ctx.writeAndFlush(
          NodeFrame.newBuilder()
              .setHelloReply(HelloReply.newBuilder().setVersion(version).setNodeId(nodeId).setMaxFrameBytes(maxFrameBytes))
              .build());
    }

    private void request(ChannelHandlerContext ctx, Request request) {
      if (!greeted) {
        fail(ctx, ErrorCode.INVALID_ARGUMENT, "send hello before any request");
        return;
      }
      long callId = request.getCallId();
      RequestHandler.Peer peer = new RequestHandler.Peer(String.valueOf(ctx.channel().remoteAddress()), certSubject(ctx));
      java.util.concurrent.CompletableFuture<Response> answer;
      try {
        answer = handler.handle(request, peer);
      } catch (RuntimeException e) {
        answer = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      answer.whenComplete(
          (response, error) -> {
            Response out;
            if (error != null || response == null) {
              LOG.error("request handler failed for call {} from {}: {}", callId, peer.remoteAddress(), error == null ? "null response" : error.getClass().getName(), error);
              out =
                  Response.newBuilder()
                      .setCallId(callId)
                      .setError(Error.newBuilder().setCode(ErrorCode.INTERNAL).setMessage("internal error; see the node's log"))
                      .build();
            } else {
              out = response.toBuilder().setCallId(callId).build();
            }
            send(ctx, NodeFrame.newBuilder().setResponse(out).build());
          });
    }

    /** Queues an answer; from any thread. */
    private void send(ChannelHandlerContext ctx, NodeFrame frame) {
      outbox.add(frame);
      if (drainScheduled.compareAndSet(false, true)) {
        try {
          ctx.executor().execute(() -> drain(ctx));
        } catch (RejectedExecutionException e) {
          outbox.clear(); // the node is shutting down and the connection with it
        }
      }
    }

    /**
     * Writes every queued answer and flushes once. The flag is cleared before polling, so an
     * answer queued after the last poll schedules a drain of its own and is never left behind.
     */
    private void drain(ChannelHandlerContext ctx) {
      drainScheduled.set(false);
      boolean active = ctx.channel().isActive();
      int written = 0;
      for (NodeFrame frame; (frame = outbox.poll()) != null; ) {
        if (active) {
          ctx.write(frame, ctx.voidPromise());
          written++;
        }
      }
      if (written > 0) {
        ctx.flush();
      }
    }

    private static String certSubject(ChannelHandlerContext ctx) {
      SslHandler ssl = ctx.pipeline().get(SslHandler.class);
      if (ssl == null) {
        return "";
      }
      try {
        return ((java.security.cert.X509Certificate) ssl.engine().getSession().getPeerCertificates()[0])
            .getSubjectX500Principal()
            .getName();
      } catch (SSLPeerUnverifiedException e) {
        return "";
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      SSLException tls = tlsFailure(cause);
      if (tls != null) {
        // Plaintext to a TLS port, an untrusted or missing client certificate, no common protocol:
        // nothing can be said to a peer we cannot talk to. Netty's NotSslRecordException message
        // hex-dumps the bytes received, which may be a plaintext client's token: never log it.
        String reason = tls instanceof NotSslRecordException ? "not TLS (a plaintext client?)" : tls.getMessage();
        LOG.info("refused a TLS connection from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.channel().config().setAutoRead(false);
        ctx.close();
      } else if (cause instanceof TooLongFrameException) {
        fail(ctx, ErrorCode.FRAME_TOO_LARGE, "frame larger than " + maxFrameBytes + " bytes");
      } else if (cause instanceof DecoderException) {
        fail(ctx, ErrorCode.INVALID_ARGUMENT, "malformed frame");
      } else if (cause instanceof IOException) {
        ctx.close(); // the peer went away; nothing to say
      } else {
        LOG.warn("closing client connection from {}: {}", ctx.channel().remoteAddress(), cause.getClass().getName());
        ctx.close();
      }
    }

    private static SSLException tlsFailure(Throwable cause) {
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof SSLException ssl) {
          return ssl;
        }
      }
      return null;
    }

    private void fail(ChannelHandlerContext ctx, ErrorCode code, String message) {
      LOG.debug("closing client connection from {}: {} {}", ctx.channel().remoteAddress(), code, message);
      if (ctx.channel().isActive()) {
        ctx.writeAndFlush(connectionError(code, message)).addListener(f -> ctx.close());
      }
      ctx.channel().config().setAutoRead(false);
      ctx.pipeline().replace(this, "closed", new Discard());
    }
  }

  /** Swallows whatever arrives after a fatal fault, until the close completes. */
  private static final class Discard extends SimpleChannelInboundHandler<Object> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
