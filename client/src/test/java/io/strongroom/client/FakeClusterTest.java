package io.strongroom.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Base for tests against fake nodes: every node and client made here is closed after each test,
 * clients first.
 */
abstract class FakeClusterTest {

  static final String TOKEN = "s.test-token-NEVER-PRINT-4f1d";

  private final List<AutoCloseable> resources = new ArrayList<>();

  FakeNode node(String id) {
    return track(FakeNode.start(id));
  }

  /** A builder with fast backoff and short timeouts, so failing paths finish quickly. */
  StrongroomClient.Builder builder(String... addresses) {
    return StrongroomClient.builder()
        .addresses(addresses)
        .token(TOKEN.toCharArray())
        .requestTimeout(Duration.ofSeconds(2))
        .retryDeadline(Duration.ofSeconds(5))
        .connectTimeout(Duration.ofSeconds(1))
        .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(20)));
  }

  StrongroomClient client(String... addresses) {
    return track(builder(addresses).build());
  }

  StrongroomClient track(StrongroomClient client) {
    resources.add(client);
    return client;
  }

  <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  /** An address on 127.0.0.1 where nothing listens: connecting is refused. */
  static String refusingAddress() {
    return refusingAddresses(1).get(0);
  }

  /**
   * {@code count} distinct addresses on 127.0.0.1 where nothing listens. The sockets stay bound
   * until all ports are chosen: closed one at a time, the kernel may hand out the same port twice.
   */
  static List<String> refusingAddresses(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        addresses.add("127.0.0.1:" + socket.getLocalPort());
      }
      return addresses;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // best effort: a socket that fails to close still frees its port when the test exits
        }
      }
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    Exception first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    resources.clear();
    if (first != null) {
      throw first;
    }
  }
}
