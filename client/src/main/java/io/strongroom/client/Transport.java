package io.strongroom.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The client's connection layer: one Netty event loop group, at most one live connection per node.
 * Thread-safe. {@link #close()} closes every connection and stops the event loop threads.
 */
final class Transport implements AutoCloseable {

  static final String THREAD_PREFIX = "strongroom-client";

  /**
   * Linux's epoll through Netty's native transport when its jar is on the class path (it costs
   * fewer system calls and less garbage per message than the JDK's selector); the JDK's NIO
   * otherwise, or with {@code -Dio.netty.transport.noNative=true}.
   */
  static final boolean NATIVE_EPOLL = Epoll.isAvailable();

  private final Config config;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final Map<Address, Connection> connections = new ConcurrentHashMap<>();
  private volatile boolean closed;

  Transport(Config config) {
    this.config = config;
    this.group = new MultiThreadIoEventLoopGroup(config.ioThreads(),
        new DefaultThreadFactory(THREAD_PREFIX, true), NATIVE_EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NATIVE_EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true);
  }

  EventLoopGroup group() {
    return group;
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether the calling thread is one of this client's event loop threads. */
  boolean inEventLoop() {
    for (EventExecutor executor : group) {
      if (executor.inEventLoop()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A ready connection to {@code address}, reusing a live one. Fails with
   * {@link TransportException} if it cannot be established within {@code timeoutNanos}.
   */
  CompletableFuture<Connection> connection(Address address, long timeoutNanos) {
    if (closed) {
      return CompletableFuture.failedFuture(new TransportException("client is closed", null));
    }
    Connection connection = connections.compute(address, (a, existing) ->
        existing != null && existing.isUsable()
            ? existing
            : Connection.open(bootstrap, a, config.ssl(), config.maxFrameBytes(), timeoutNanos));
    if (closed) {
      // close() may have missed a connection opened concurrently with it.
      connection.close();
    }
    connection.ready().whenComplete((c, e) -> {
      if (e != null) {
        connections.remove(address, connection);
      }
    });
    return connection.ready();
  }

  /** Closes every connection and waits (bounded) for the event loop threads to end. */
  @Override
  public void close() {
    closed = true;
    connections.values().forEach(Connection::close);
    connections.clear();
    var termination = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    if (!inEventLoop()) {
      termination.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
