package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Builder, environment and address parsing. */
class ConfigurationTest extends FakeClusterTest {

  @Test
  void environmentGivesAddressesAndToken() {
    FakeNode node = node("n1");
    StrongroomClient client = track(StrongroomClient.builderFromEnvironment(Map.of(
        "STRONGROOM_ADDR", " " + node.address() + " , 127.0.0.1:9 ",
        "STRONGROOM_TOKEN", "env-token")).build());

    assertThat(client.addresses()).containsExactly(node.address(), "127.0.0.1:9");
    client.kv().get("a");
    assertThat(node.requests().get(0).getToken()).isEqualTo("env-token");
  }

  @Test
  void environmentWithoutAddressIsRefused() {
    assertThatThrownBy(() -> StrongroomClient.builderFromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STRONGROOM_ADDR");
  }

  @Test
  void environmentCaCertMustBeReadable() {
    assertThatThrownBy(() -> StrongroomClient.builderFromEnvironment(Map.of(
        "STRONGROOM_ADDR", "127.0.0.1:1", "STRONGROOM_CACERT", "/nonexistent/ca.pem")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/ca.pem");
  }

  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("node1:7400", "node1", 7400),
        Arguments.of(" 10.0.0.1:1 ", "10.0.0.1", 1),
        Arguments.of("[::1]:65535", "::1", 65535));
  }

  @ParameterizedTest
  @MethodSource("addresses")
  void parsesAddresses(String text, String host, int port) {
    Address a = Address.parse(text);
    assertThat(a).isEqualTo(new Address(host, port));
    assertThat(Address.parse(a.toString())).isEqualTo(a);
  }

  static Stream<Arguments> badAddresses() {
    return Stream.of(
        Arguments.of("node1", "address must be host:port, was 'node1'"),
        Arguments.of(":7400", "address must be host:port, was ':7400'"),
        Arguments.of("node1:", "address must be host:port, was 'node1:'"),
        Arguments.of("node1:x", "port must be a number, was 'node1:x'"),
        Arguments.of("node1:0", "port must be in 1..65535, was 0"),
        Arguments.of("node1:70000", "port must be in 1..65535, was 70000"),
        Arguments.of("::1:80", "IPv6 address must be [host]:port, was '::1:80'"));
  }

  @ParameterizedTest
  @MethodSource("badAddresses")
  void refusesBadAddresses(String text, String message) {
    assertThatThrownBy(() -> Address.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void builderChecksItsSettings() {
    var b = StrongroomClient.builder();
    assertThatThrownBy(b::build).hasMessage("at least one address is required");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO))
        .hasMessage("requestTimeout must be > 0, was PT0S");
    assertThatThrownBy(() -> b.maxAttempts(0)).hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> b.maxFrameBytes(10))
        .hasMessage("maxFrameBytes must be >= 1024, was 10");
    assertThatThrownBy(() -> b.ioThreads(0)).hasMessage("ioThreads must be >= 1, was 0");
    assertThatThrownBy(() -> b.addresses("127.0.0.1:1")
        .clientCertificate(Path.of("c.pem"), Path.of("k.pem")).build())
        .hasMessageContaining("needs TLS");
  }

  @Test
  void theBuilderCopiesTheToken() {
    FakeNode node = node("n1");
    char[] token = "abc".toCharArray();
    StrongroomClient client = track(builder(node.address()).token(token).build());
    java.util.Arrays.fill(token, 'x');

    client.kv().get("a");
    assertThat(node.requests().get(0).getToken()).isEqualTo("abc");
  }
}
