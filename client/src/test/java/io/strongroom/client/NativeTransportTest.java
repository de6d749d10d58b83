package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** On Linux x86-64 with Netty's native epoll jar present (as in these tests), the client uses it. */
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
class NativeTransportTest {

  @Test
  void theClientTalksThroughLinuxEpoll() {
    assertThat(Transport.NATIVE_EPOLL).as("epoll unavailable: %s", Epoll.unavailabilityCause()).isTrue();
  }
}
