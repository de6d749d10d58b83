package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules {@code NodeConfigLoader} (node/src/main/java/io/strongroom/node/config/) applies to a
 * node.yaml, restated here so that the deploy tests need no Strongroom module.
 *
 * <p>KEEP IN SYNC with NodeConfigLoader. {@link NodeConfigLoaderSyncTest} reads the loader's source
 * and fails when its key sets or required keys no longer match the ones below; update both together.
 * What this cannot check (whether TLS files exist, whether certificates name the Raft host) the
 * loader and the node check at start.
 */
final class NodeConfigRules {
  /** NodeConfigLoader.TOP: every key a node.yaml may have. */
  static final Set<String> TOP =
      Set.of("node_id", "region", "zone", "data_dir", "raft_address", "client_address", "http_address", "profile", "timeouts", "primary_region",
          "peers", "join", "tls", "seal");
  /** NodeConfigLoader.PEER. */
  static final Set<String> PEER = Set.of("id", "raft_address", "client_address", "region", "zone");
  /** NodeConfigLoader.TLS. */
  static final Set<String> TLS = Set.of("cert", "key", "ca", "require_client_cert");
  /** NodeConfigLoader.SEAL. */
  static final Set<String> SEAL = Set.of("type", "library", "slot_list_index", "key_label", "pin_env");

  /** Top-level keys the loader requires (requiredText/address on the root); peers too unless join: true. */
  static final Set<String> REQUIRED_TOP = Set.of("node_id", "data_dir", "raft_address", "client_address", "http_address");
  /** Keys every peer entry requires. */
  static final Set<String> REQUIRED_PEER = Set.of("id", "raft_address", "client_address");
  /** Keys a tls section requires. */
  static final Set<String> REQUIRED_TLS = Set.of("cert", "key", "ca");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]\\s]+):([0-9]{1,5})");

  private NodeConfigRules() {}

  /** Asserts that {@code cfg} (parsed from {@code where}) is a node.yaml NodeConfigLoader accepts. */
  static void assertValid(JsonNode cfg, String where) {
    assertThat(cfg.isObject()).as("%s: a mapping of keys to values", where).isTrue();
    assertThat(fieldNames(cfg)).as("%s: only keys NodeConfigLoader knows", where).isSubsetOf(TOP);
    for (String key : REQUIRED_TOP) {
      assertThat(text(cfg, key)).as("%s: %s is required", where, key).isNotBlank();
    }
    assertThat(text(cfg, "node_id")).as("%s: node_id", where).matches(ID);
    for (String key : List.of("raft_address", "client_address", "http_address")) {
      assertHostPort(text(cfg, key), where + ": " + key);
    }
    if (cfg.has("profile")) {
      assertThat(text(cfg, "profile")).as("%s: profile", where).isIn("lan", "multi-region");
    }
    boolean join = cfg.path("join").asBoolean(false);
    if (cfg.has("join")) {
      assertThat(cfg.get("join").isBoolean()).as("%s: join must be true or false", where).isTrue();
    }
    JsonNode peers = cfg.path("peers");
    if (join) {
      assertThat(peers.isMissingNode() || peers.isNull() || peers.isEmpty()).as("%s: peers must be empty with join: true", where).isTrue();
    } else {
      assertThat(peers.isArray() && !peers.isEmpty()).as("%s: peers must list every voting member", where).isTrue();
      Set<String> ids = new HashSet<>();
      JsonNode self = null;
      for (JsonNode p : peers) {
        assertThat(p.isObject()).as("%s: a peer is a mapping", where).isTrue();
        assertThat(fieldNames(p)).as("%s: peer keys", where).isSubsetOf(PEER);
        for (String key : REQUIRED_PEER) {
          assertThat(text(p, key)).as("%s: peer %s is required", where, key).isNotBlank();
        }
        assertThat(text(p, "id")).as("%s: peer id", where).matches(ID);
        assertThat(ids.add(text(p, "id"))).as("%s: duplicate peer id %s", where, text(p, "id")).isTrue();
        assertHostPort(text(p, "raft_address"), where + ": peer raft_address");
        assertHostPort(text(p, "client_address"), where + ": peer client_address");
        if (text(p, "id").equals(text(cfg, "node_id"))) {
          self = p;
        }
      }
      assertThat(self).as("%s: peers must list this node (%s)", where, text(cfg, "node_id")).isNotNull();
      assertThat(text(self, "raft_address")).as("%s: raft_address must equal this node's entry in peers", where)
          .isEqualTo(text(cfg, "raft_address"));
    }
    JsonNode tls = cfg.path("tls");
    if (!tls.isMissingNode() && !tls.isNull()) {
      assertThat(fieldNames(tls)).as("%s: tls keys", where).isSubsetOf(TLS);
      for (String key : REQUIRED_TLS) {
        assertThat(text(tls, key)).as("%s: tls.%s is required", where, key).isNotBlank();
      }
      if (tls.has("require_client_cert")) {
        assertThat(tls.get("require_client_cert").isBoolean()).as("%s: tls.require_client_cert must be true or false", where).isTrue();
      }
    }
    JsonNode seal = cfg.path("seal");
    if (!seal.isMissingNode() && !seal.isNull()) {
      assertThat(fieldNames(seal)).as("%s: seal keys", where).isSubsetOf(SEAL);
      assertThat(text(seal, "type")).as("%s: seal.type", where).isIn("shamir", "pkcs11");
    }
  }

  static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() || !v.isValueNode() ? "" : v.asText().trim();
  }

  static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new HashSet<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  private static void assertHostPort(String value, String what) {
    assertThat(value).as("%s is host:port", what).matches(HOST_PORT);
    assertThat(port(value)).as("%s port", what).isBetween(0, 65_535);
  }
}
