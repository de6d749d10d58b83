package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
  /**
   * A dev cluster writes 9 ports into its configs before any node binds one; random picks from
   * 12,768 ports repeat often enough (a node once got the same port for two listeners) that the
   * process must remember what it handed out.
   */
  @Test
  void neverHandsOutTheSamePortTwice() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      int port = Ports.free();
      assertThat(port).isBetween(20_000, 32_767);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
