package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.node.config.HostPort;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delay proxy: configuration, hosts files, and bytes relayed late, in order, both ways. */
class DelayProxyTest {
  private ServerSocket echo;
  private Thread echoThread;
  private final List<Socket> accepted = new ArrayList<>();

  @BeforeEach
  void startEcho() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    echoThread = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          synchronized (accepted) {
            accepted.add(s);
          }
          Thread t = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // closed
            }
          }, "echo-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "echo");
    echoThread.setDaemon(true);
    echoThread.start();
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }

  private DelayProxy.Config config(int latencyMs) {
    return config(latencyMs, 1);
  }

  private DelayProxy.Config config(int latencyMs, int e1Port) {
    return DelayProxy.parse("test", """
        regions: {east: 127.0.2.1, west: 127.0.2.2}
        latency_ms: {west/east: %d}
        nodes:
          - {id: e1, region: east, host: e1.strongroom.test, ip: 127.0.0.1, ports: [%d]}
          - {id: w1, region: west, host: W1.strongroom.test, ip: 127.0.0.1, ports: [%d]}
        """.formatted(latencyMs, e1Port, echo.getLocalPort()));
  }

  @Test
  void theConfigurationGivesOneRouteForEachRegionAndNodeOfAnotherRegionAndAHostsFilePerNode() {
    DelayProxy.Config c = config(40);
    assertThat(c.latency("east", "west")).isEqualTo(Duration.ofMillis(40));
    assertThat(c.latency("west", "east")).isEqualTo(Duration.ofMillis(40));
    assertThat(c.latency("west", "west")).isZero();
    assertThat(DelayProxy.routes(c)).extracting(r -> r.fromRegion() + "->" + r.to().id() + "@" + r.listen() + "/" + r.delay().toMillis())
        .containsExactly("east->w1@127.0.2.1:" + echo.getLocalPort() + "/40", "west->e1@127.0.2.2:1/40");
    assertThat(c.hostsFile("e1").lines().toList()).contains("127.0.0.1 e1.strongroom.test", "127.0.2.1 w1.strongroom.test")
        .anyMatch(l -> l.startsWith("127.0.0.1 localhost"));
    assertThat(c.hostsFile("w1").lines().toList()).contains("127.0.2.2 e1.strongroom.test", "127.0.0.1 w1.strongroom.test");
    assertThatThrownBy(() -> c.hostsFile("x9")).hasMessageContaining("no node x9");
    assertThat(c.hostsFileForRegion("west")).isEqualTo(c.hostsFile("w1"));
  }

  @Test
  void badConfigurationsSayWhereAndWhy() {
    String nodes = "nodes: [{id: a1, region: a, host: a1.t, ip: 127.0.0.1, ports: [7]}]\n";
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 10.0.0.1}\n" + nodes))
        .hasMessage("f.yaml: regions.a: must be a loopback IPv4 address (127.x.y.z), was '10.0.0.1'");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1, b: 127.0.2.2}\n" + nodes))
        .hasMessage("f.yaml: latency_ms: no entry for a/b");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1, b: 127.0.2.2}\nlatency_ms: {a/c: 5}\n" + nodes))
        .hasMessage("f.yaml: latency_ms.a/c: must name two different regions of regions, as a/b");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1, b: 127.0.2.2}\nlatency_ms: {a/b: fast}\n" + nodes))
        .hasMessageContaining("latency_ms.a/b: must be whole milliseconds");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1}\n" + nodes.replace("region: a", "region: z")))
        .hasMessage("f.yaml: nodes[0].region: 'z' is not in regions");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1}\n" + nodes + "colour: red\n"))
        .hasMessageContaining("f.yaml: colour: unknown key");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1}\nnodes: [{id: a1, region: a, ip: 127.0.0.1, ports: [7]}]\n"))
        .hasMessage("f.yaml: nodes[0].host: is required");
    assertThatThrownBy(() -> DelayProxy.parse("f.yaml", "regions: {a: 127.0.2.1}\n" + nodes.replace("[7]", "[7, x]")))
        .hasMessageContaining("f.yaml: nodes[0].ports: must list the node's ports");
  }

  @Test
  void bytesArriveLateByTheLatencyEachWayAndInOrder() throws IOException {
    int latency = 60;
    try (DelayProxy proxy = DelayProxy.start(config(latency));
        Socket s = new Socket("127.0.2.1", echo.getLocalPort())) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      DataInputStream in = new DataInputStream(s.getInputStream());

      // One round trip: there and back, each way delayed.
      long rtt = Long.MAX_VALUE;
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        out.writeInt(i);
        out.flush();
        assertThat(in.readInt()).isEqualTo(i);
        rtt = Math.min(rtt, System.nanoTime() - start);
      }
      assertThat(Duration.ofNanos(rtt)).as("round trip through a %d ms one-way link", latency)
          .isGreaterThanOrEqualTo(Duration.ofMillis(2L * latency - 2))
          .isLessThan(Duration.ofMillis(2L * latency + 400));

      // Many small writes in a burst come back complete and in order (pipelined, not one RTT each).
      long start = System.nanoTime();
      for (int i = 0; i < 20_000; i++) {
        out.writeInt(i);
      }
      out.flush();
      for (int i = 0; i < 20_000; i++) {
        assertThat(in.readInt()).isEqualTo(i);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(proxy.relayedBytes()).isGreaterThanOrEqualTo(2L * 4 * 20_003);
    }
  }

  @Test
  void aRouteWhoseDestinationIsDownClosesTheConnection() throws IOException {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    DelayProxy.Config c = config(5, closed);
    try (DelayProxy proxy = DelayProxy.start(c); Socket s = new Socket("127.0.2.2", closed)) {
      s.setSoTimeout(10_000);
      assertThat(s.getInputStream().read()).as("end of stream: nothing listens at e1's real address").isEqualTo(-1);
      assertThat(proxy.routes()).extracting(DelayProxy.Route::listen).contains(new HostPort("127.0.2.2", closed));
    }
  }
}
