package io.strongroom.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The load generator targets this machine only. */
class LoopbackTest {
  @Test
  void acceptsLoopbackOnly() {
    for (String ok : new String[] {"127.0.0.1", "127.4.2.1", "localhost", "LOCALHOST", "[::1]"}) {
      assertThat(Loopback.isLoopbackHost(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {"10.0.0.1", "192.168.1.2", "128.0.0.1", "127.0.0", "127.0.0.256", "example.com", "127.0.0.1.nip.io", ""}) {
      assertThat(Loopback.isLoopbackHost(bad)).as(bad).isFalse();
    }
  }

  @Test
  void checksAddressListsAndUrls() {
    assertThatCode(() -> Loopback.requireAddresses("127.0.0.1:7200, 127.0.0.1:7201,localhost:1")).doesNotThrowAnyException();
    assertThatCode(() -> Loopback.requireAddresses("[::1]:7200")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Loopback.requireAddresses("127.0.0.1:7200,10.0.0.2:7200")).hasMessageContaining("10.0.0.2:7200");
    assertThatCode(() -> Loopback.requireUrl("http://127.0.0.1:2379")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Loopback.requireUrl("http://10.0.0.1:2379")).hasMessageContaining("only loopback");
    assertThatThrownBy(() -> Loopback.requireUrl("127.0.0.1:2379")).hasMessageContaining("only loopback");
  }
}
