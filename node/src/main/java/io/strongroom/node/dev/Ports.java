package io.strongroom.node.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for nodes whose addresses must be written into configs before they start.
 *
 * <p>Ports come from 20000-32767, below Linux's ephemeral range (32768-60999): a port the OS hands
 * out with {@code new ServerSocket(0)} sits in the ephemeral range, where any outgoing connection
 * made before the node binds it (gRPC, clients) may take it first.
 */
public final class Ports {
  private static final int LOW = 20_000;
  private static final int HIGH = 32_767;

  /** Every port handed out by this process: two random picks must never be the same port. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port on 127.0.0.1 that was free a moment ago and that this process has not handed out before. */
  public static int free() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH + 1);
      if (!GIVEN.add(port)) {
        continue; // still free, but promised to someone else in this process
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException inUse) {
        GIVEN.remove(port);
        // try another
      }
    }
    throw new UncheckedIOException(new IOException("no free port in " + LOW + "-" + HIGH + " on 127.0.0.1 after 200 tries"));
  }
}
