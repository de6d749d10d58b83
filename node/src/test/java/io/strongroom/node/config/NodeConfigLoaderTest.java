package io.strongroom.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeConfigLoaderTest {
  private static final Path FILE = Path.of("/etc/strongroom/node.yaml");

  private static final String GOOD =
      """
      node_id: n1
      region: eu-west
      data_dir: data/n1
      raft_address: 127.0.0.1:7101
      client_address: 127.0.0.1:7201
      http_address: 127.0.0.1:7301
      peers:
        - {id: n1, raft_address: 127.0.0.1:7101, client_address: 127.0.0.1:7201}
        - {id: n2, raft_address: 127.0.0.1:7102, client_address: 127.0.0.1:7202, region: us-east}
      """;

  @Test
  void readsAGoodConfigWithDefaults() {
    NodeConfig c = NodeConfigLoader.parse(FILE, GOOD);
    assertThat(c.nodeId()).isEqualTo("n1");
    assertThat(c.region()).isEqualTo("eu-west");
    assertThat(c.zone()).isEqualTo("a");
    assertThat(c.dataDir()).isEqualTo(Path.of("/etc/strongroom/data/n1"));
    assertThat(c.clientAddress()).isEqualTo(new HostPort("127.0.0.1", 7201));
    assertThat(c.peers()).extracting(NodeConfig.Peer::region).containsExactly("eu-west", "us-east");
    assertThat(c.self().id()).isEqualTo("n1");
    assertThat(c.tls()).isEmpty();
    assertThat(c.seal()).isEqualTo(new NodeConfig.Seal.Shamir());
    assertThat(c.profile()).isEqualTo(NodeConfig.Profile.LAN);
    assertThat(c.timeouts()).isEqualTo(NodeConfig.Profile.LAN.timeouts());
    assertThat(c.primaryRegion()).isEmpty();
    assertThat(c.peers()).extracting(NodeConfig.Peer::zone).as("this node's own zone; none for the others").containsExactly("a", "");
  }

  @Test
  void readsZonesThePrimaryRegionAndTimeoutOverridesOnTopOfTheProfile() {
    NodeConfig c = NodeConfigLoader.parse(FILE, GOOD.replace("region: eu-west\n", "region: eu-west\nzone: eu-west-1a\n")
        .replace("region: us-east}", "region: us-east, zone: us-east-1b}")
        + "profile: multi-region\ntimeouts: {election_min: 2s, request: 500ms}\nprimary_region: us-east\n");
    assertThat(c.zone()).isEqualTo("eu-west-1a");
    assertThat(c.peers()).extracting(NodeConfig.Peer::zone).containsExactly("eu-west-1a", "us-east-1b");
    assertThat(c.primaryRegion()).contains("us-east");
    assertThat(c.profile()).isEqualTo(NodeConfig.Profile.MULTI_REGION);
    assertThat(c.timeouts()).isEqualTo(new NodeConfig.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofMillis(500)));
    assertThat(c.timeouts().heartbeat()).isEqualTo(Duration.ofSeconds(1));
    assertThat(NodeConfigLoader.parse(FILE, GOOD + "timeouts: {election_max: 1m}\n").timeouts())
        .isEqualTo(new NodeConfig.Timeouts(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(3)));
  }

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("", "/etc/strongroom/node.yaml: the file is empty"),
        Arguments.of("node_id: [", "/etc/strongroom/node.yaml: not valid YAML"),
        Arguments.of(GOOD.replace("node_id: n1", "node_id: 'n 1'"), "'node_id': must be 1-63 letters, digits, '-' or '_', was 'n 1'"),
        Arguments.of(GOOD.replace("data_dir: data/n1\n", ""), "'data_dir': is required"),
        Arguments.of(GOOD.replace("client_address: 127.0.0.1:7201\nhttp", "client_address: localhost\nhttp"), "'client_address': expected host:port, was 'localhost'"),
        Arguments.of(GOOD.replace("http_address: 127.0.0.1:7301", "http_address: 127.0.0.1:99999"), "'http_address': port must be 0..65535, was 99999"),
        Arguments.of(GOOD.replace("http_address: 127.0.0.1:7301", "http_address: 127.0.0.1:http"), "'http_address': port must be a number, was 'http'"),
        Arguments.of(GOOD + "colour: blue\n", "'colour': unknown key (known: client_address, data_dir"),
        Arguments.of(GOOD.replace("region: us-east}", "regoin: us-east}"), "'peers[1].regoin': unknown key"),
        Arguments.of(GOOD.replace("id: n2", "id: n1"), "'peers[1].id': duplicate peer id 'n1'"),
        Arguments.of(GOOD.replace("{id: n1, raft_address: 127.0.0.1:7101", "{id: n3, raft_address: 127.0.0.1:7101"), "'peers': does not list this node ('n1')"),
        Arguments.of(GOOD.replace("{id: n1, raft_address: 127.0.0.1:7101", "{id: n1, raft_address: 127.0.0.1:7109"), "'raft_address': is 127.0.0.1:7101 but this node's entry in peers says 127.0.0.1:7109"),
        Arguments.of(GOOD.replaceAll("(?s)peers:.*", "peers: []\n"), "'peers': must list every voting member, this node included"),
        Arguments.of(GOOD + "profile: wan\n", "'profile': must be lan or multi-region, was 'wan'"),
        Arguments.of(GOOD + "seal: {type: hsm}\n", "'seal.type': must be shamir or pkcs11, was 'hsm'"),
        Arguments.of(GOOD + "seal: {type: shamir, key_label: x}\n", "'seal.key_label': only applies to seal type pkcs11"),
        Arguments.of(GOOD + "seal: {type: pkcs11, library: /nonexistent/lib.so, key_label: k}\n", "'seal.library': no such file: /nonexistent/lib.so"),
        Arguments.of(GOOD + "tls: {cert: c.pem, key: k.pem, ca: ca.pem}\n", "'tls.cert': no such file: /etc/strongroom/c.pem"),
        Arguments.of(GOOD + "timeouts: {election_min: 3000}\n", "'timeouts.election_min': must be a duration with a unit: ms, s or m (e.g. 500ms, 3s), was '3000'"),
        Arguments.of(GOOD + "timeouts: {request: 0s}\n", "'timeouts.request': must be more than 0 and at most 10m, was '0s'"),
        Arguments.of(GOOD + "timeouts: {election_min: 3s}\n",
            "'timeouts.election_min': election_max (2000ms) must be longer than election_min (3000ms); profile lan sets 1000ms and 2000ms"),
        Arguments.of(GOOD + "timeouts: {election_min: 2s, election_max: 2s}\n", "'timeouts.election_max': election_max (2000ms) must be longer"),
        Arguments.of(GOOD + "timeouts: {heartbeat: 100ms}\n", "'timeouts.heartbeat': cannot be set on its own: Ratis sends heartbeats every election_min / 2"),
        Arguments.of(GOOD + "timeouts: {election: 1s}\n", "'timeouts.election': unknown key (known: election_max, election_min, request)"),
        Arguments.of(GOOD + "timeouts: 3s\n", "'timeouts': must be a mapping of keys to values"),
        Arguments.of(GOOD + "primary_region: ap-south\n", "'primary_region': no peer is in region 'ap-south' (the peers' regions: eu-west, us-east)"),
        Arguments.of(GOOD + "primary_region: ''\n", "'primary_region': must name a region, or be left out"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badConfigs")
  void badConfigsNameTheFileTheKeyAndTheReason(String yaml, String message) {
    assertThatThrownBy(() -> NodeConfigLoader.parse(FILE, yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/strongroom/node.yaml: ")
        .hasMessageContaining(message);
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> NodeConfigLoader.load(missing)).isInstanceOf(ConfigException.class).hasMessage(missing + ": no such file");
  }

  @Test
  void tlsFilesResolveAgainstTheConfigDirectory(@TempDir Path dir) throws IOException {
    for (String f : new String[] {"c.pem", "k.pem", "ca.pem"}) {
      Files.writeString(dir.resolve(f), "x");
    }
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, GOOD + "tls: {cert: c.pem, key: k.pem, ca: ca.pem, require_client_cert: true}\n");
    NodeConfig c = NodeConfigLoader.load(file);
    assertThat(c.tls()).contains(new NodeConfig.Tls(dir.resolve("c.pem"), dir.resolve("k.pem"), dir.resolve("ca.pem"), true));
  }

  @Test
  void hostPortParsesIpv6InBrackets() {
    assertThat(HostPort.parse("[::1]:7200")).isEqualTo(new HostPort("::1", 7200));
    assertThat(new HostPort("::1", 7200)).hasToString("[::1]:7200");
    assertThatThrownBy(() -> HostPort.parse("::1:7200")).hasMessageContaining("brackets");
  }

  private static final String JOINING =
      """
      node_id: n4
      data_dir: data/n4
      raft_address: 127.0.0.1:7104
      client_address: 127.0.0.1:7204
      http_address: 127.0.0.1:7304
      join: true
      """;

  @Test
  void aJoiningNodeStartsWithNoPeers() {
    NodeConfig c = NodeConfigLoader.parse(FILE, JOINING);
    assertThat(c.joining()).isTrue();
    assertThat(c.peers()).isEmpty();
    assertThat(NodeConfigLoader.parse(FILE, JOINING + "peers: []\n").joining()).isTrue();
    assertThat(NodeConfigLoader.parse(FILE, GOOD + "join: false\n").joining()).isFalse();
  }

  @Test
  void joinIsRefusedWithPeersOrANonBoolean() {
    assertThatThrownBy(() -> NodeConfigLoader.parse(FILE, GOOD + "join: true\n"))
        .hasMessageContaining("'peers': must be empty with join: true");
    assertThatThrownBy(() -> NodeConfigLoader.parse(FILE, JOINING.replace("join: true", "join: yes please")))
        .hasMessageContaining("'join': must be true or false");
  }
}
