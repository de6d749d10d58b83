package io.strongroom.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code node.yaml} into a {@link NodeConfig}, or fails with a {@link ConfigException} that
 * names the file, the key and why. Unknown keys are errors (a typo must not silently fall back to a
 * default).
 *
 * <pre>
 * node_id: n1
 * region: eu-west          # default "local"
 * zone: a                  # default "a"
 * data_dir: /var/lib/strongroom
 * raft_address: 10.0.0.1:7100
 * client_address: 10.0.0.1:7200
 * http_address: 10.0.0.1:7300
 * profile: lan             # lan | multi-region: the timeouts below start from it
 * timeouts:                # optional; each key overrides the profile's value
 *   election_min: 3s       # ms, s or m; heartbeats go out every election_min / 2
 *   election_max: 6s       # must be longer than election_min
 *   request: 10s
 * primary_region: eu-west  # optional; its unsealed voters hold the leadership (same on every node)
 * peers:
 *   - {id: n1, raft_address: 10.0.0.1:7100, client_address: 10.0.0.1:7200, region: eu-west, zone: a}
 *   - ...
 * join: false              # true: no peers; start empty and wait for
 *                          # strongroom operator raft add-peer (then omit peers)
 * tls:                     # optional
 *   cert: /etc/strongroom/node.crt
 *   key: /etc/strongroom/node.key
 *   ca: /etc/strongroom/ca.crt
 *   require_client_cert: false
 * seal:                    # optional; default shamir
 *   type: pkcs11
 *   library: /usr/lib/softhsm/libsofthsm2.so
 *   slot_list_index: 0
 *   key_label: strongroom-root
 *   pin_env: STRONGROOM_HSM_PIN
 * </pre>
 *
 * Relative paths are resolved against the directory of the config file.
 */
public final class NodeConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Set<String> TOP =
      Set.of("node_id", "region", "zone", "data_dir", "raft_address", "client_address", "http_address", "profile", "timeouts", "primary_region",
          "peers", "join", "tls", "seal");
  private static final Set<String> PEER = Set.of("id", "raft_address", "client_address", "region", "zone");
  private static final Set<String> TIMEOUTS = Set.of("election_min", "election_max", "request");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)");
  private static final Duration LONGEST = Duration.ofMinutes(10);
  private static final Set<String> TLS = Set.of("cert", "key", "ca", "require_client_cert");
  private static final Set<String> SEAL = Set.of("type", "library", "slot_list_index", "key_label", "pin_env");

  private final Path file;
  private final Path base;

  private NodeConfigLoader(Path file) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.base = parent == null ? Path.of("").toAbsolutePath() : parent;
  }

  /** Reads and validates {@code file}. */
  public static NodeConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, "", "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, "", "cannot read: " + e.getMessage(), e);
    }
    return parse(file, text);
  }

  /** Validates {@code yaml} as if read from {@code file} (which names errors and anchors relative paths). */
  public static NodeConfig parse(Path file, String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, "", "not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(file, "", "the file is empty");
    }
    return new NodeConfigLoader(file).read(root);
  }

  private NodeConfig read(JsonNode root) {
    object(root, "");
    known(root, "", TOP);
    String nodeId = id(requiredText(root, "node_id"), "node_id");
    String region = optionalText(root, "region").orElse("local");
    String zone = optionalText(root, "zone").orElse("a");
    Path dataDir = path(requiredText(root, "data_dir"));
    HostPort raft = address(root, "raft_address");
    HostPort client = address(root, "client_address");
    HostPort http = address(root, "http_address");
    NodeConfig.Profile profile = profile(root);
    NodeConfig.Timeouts timeouts = timeouts(root, profile);
    Optional<String> primaryRegion = optionalText(root, "primary_region");
    if (primaryRegion.isPresent() && primaryRegion.get().isEmpty()) {
      throw new ConfigException(file, "primary_region", "must name a region, or be left out");
    }

    JsonNode peersNode = root.get("peers");
    JsonNode joinNode = root.get("join");
    if (joinNode != null && !joinNode.isNull() && !joinNode.isBoolean()) {
      throw new ConfigException(file, "join", "must be true or false, was '" + joinNode.asText() + "'");
    }
    if (joinNode != null && joinNode.asBoolean()) {
      // A node joining a running cluster starts with no Raft peers: the leader sends it the
      // configuration when an operator adds it (strongroom operator raft add-peer).
      if (peersNode != null && !peersNode.isNull() && !(peersNode.isArray() && peersNode.isEmpty())) {
        throw new ConfigException(file, "peers", "must be empty with join: true (the node learns its peers when it is added)");
      }
      return new NodeConfig(nodeId, region, zone, dataDir, raft, client, http, List.of(), tls(root), seal(root), profile, timeouts, primaryRegion);
    }
    if (peersNode == null || !peersNode.isArray() || peersNode.isEmpty()) {
      throw new ConfigException(file, "peers", "must list every voting member, this node included");
    }
    List<NodeConfig.Peer> peers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < peersNode.size(); i++) {
      String at = "peers[" + i + "]";
      JsonNode p = peersNode.get(i);
      object(p, at);
      known(p, at, PEER);
      String id = id(requiredText(p, at + ".id", "id"), at + ".id");
      if (!ids.add(id)) {
        throw new ConfigException(file, at + ".id", "duplicate peer id '" + id + "'");
      }
      peers.add(
          new NodeConfig.Peer(
              id,
              address(p, at + ".raft_address", "raft_address"),
              address(p, at + ".client_address", "client_address"),
              optionalText(p, "region").orElse(region),
              optionalText(p, "zone").orElse(id.equals(nodeId) ? zone : "")));
    }
    NodeConfig.Peer self =
        peers.stream()
            .filter(p -> p.id().equals(nodeId))
            .findFirst()
            .orElseThrow(() -> new ConfigException(file, "peers", "does not list this node ('" + nodeId + "')"));
    if (!self.raftAddress().equals(raft)) {
      throw new ConfigException(
          file, "raft_address", "is " + raft + " but this node's entry in peers says " + self.raftAddress());
    }
    if (primaryRegion.isPresent() && peers.stream().noneMatch(p -> p.region().equals(primaryRegion.get()))) {
      Set<String> regions = new TreeSet<>();
      peers.forEach(p -> regions.add(p.region()));
      throw new ConfigException(
          file, "primary_region", "no peer is in region '" + primaryRegion.get() + "' (the peers' regions: " + String.join(", ", regions) + ")");
    }
    return new NodeConfig(nodeId, region, zone, dataDir, raft, client, http, peers, tls(root), seal(root), profile, timeouts, primaryRegion);
  }

  /** The profile's timeouts with the {@code timeouts:} overrides applied and checked together. */
  private NodeConfig.Timeouts timeouts(JsonNode root, NodeConfig.Profile profile) {
    NodeConfig.Timeouts base = profile.timeouts();
    JsonNode t = root.get("timeouts");
    if (t == null || t.isNull()) {
      return base;
    }
    object(t, "timeouts");
    if (t.has("heartbeat")) {
      throw new ConfigException(
          file, "timeouts.heartbeat", "cannot be set on its own: Ratis sends heartbeats every election_min / 2; set timeouts.election_min instead");
    }
    known(t, "timeouts", TIMEOUTS);
    Duration min = duration(t, "election_min").orElse(base.electionMin());
    Duration max = duration(t, "election_max").orElse(base.electionMax());
    Duration request = duration(t, "request").orElse(base.request());
    if (max.compareTo(min) <= 0) {
      String key = t.has("election_max") ? "timeouts.election_max" : "timeouts.election_min";
      throw new ConfigException(
          file, key, "election_max (" + millis(max) + ") must be longer than election_min (" + millis(min) + "); profile "
              + profile.name().toLowerCase(Locale.ROOT).replace('_', '-') + " sets " + millis(base.electionMin()) + " and " + millis(base.electionMax()));
    }
    return new NodeConfig.Timeouts(min, max, request);
  }

  private Optional<Duration> duration(JsonNode t, String field) {
    JsonNode v = t.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    String at = "timeouts." + field;
    Matcher m = DURATION.matcher(v.asText().trim());
    if (!v.isValueNode() || !m.matches()) {
      throw new ConfigException(file, at, "must be a duration with a unit: ms, s or m (e.g. 500ms, 3s), was '" + v.asText() + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
    if (d.isZero() || d.compareTo(LONGEST) > 0) {
      throw new ConfigException(file, at, "must be more than 0 and at most 10m, was '" + v.asText() + "'");
    }
    return Optional.of(d);
  }

  private static String millis(Duration d) {
    return d.toMillis() + "ms";
  }

  private NodeConfig.Profile profile(JsonNode root) {
    String p = optionalText(root, "profile").orElse("lan");
    return switch (p.toLowerCase(Locale.ROOT)) {
      case "lan" -> NodeConfig.Profile.LAN;
      case "multi-region" -> NodeConfig.Profile.MULTI_REGION;
      default -> throw new ConfigException(file, "profile", "must be lan or multi-region, was '" + p + "'");
    };
  }

  private Optional<NodeConfig.Tls> tls(JsonNode root) {
    JsonNode t = root.get("tls");
    if (t == null || t.isNull()) {
      return Optional.empty();
    }
    object(t, "tls");
    known(t, "tls", TLS);
    Path cert = existingFile(requiredText(t, "tls.cert", "cert"), "tls.cert");
    Path key = existingFile(requiredText(t, "tls.key", "key"), "tls.key");
    Path ca = existingFile(requiredText(t, "tls.ca", "ca"), "tls.ca");
    JsonNode req = t.get("require_client_cert");
    if (req != null && !req.isBoolean()) {
      throw new ConfigException(file, "tls.require_client_cert", "must be true or false, was '" + req.asText() + "'");
    }
    return Optional.of(new NodeConfig.Tls(cert, key, ca, req != null && req.booleanValue()));
  }

  private NodeConfig.Seal seal(JsonNode root) {
    JsonNode s = root.get("seal");
    if (s == null || s.isNull()) {
      return new NodeConfig.Seal.Shamir();
    }
    object(s, "seal");
    known(s, "seal", SEAL);
    String type = requiredText(s, "seal.type", "type");
    switch (type) {
      case "shamir":
        for (String k : List.of("library", "slot_list_index", "key_label", "pin_env")) {
          if (s.has(k)) {
            throw new ConfigException(file, "seal." + k, "only applies to seal type pkcs11");
          }
        }
        return new NodeConfig.Seal.Shamir();
      case "pkcs11":
        Path library = existingFile(requiredText(s, "seal.library", "library"), "seal.library");
        JsonNode slot = s.get("slot_list_index");
        if (slot != null && !(slot.isInt() && slot.intValue() >= 0)) {
          throw new ConfigException(file, "seal.slot_list_index", "must be a whole number >= 0, was '" + slot.asText() + "'");
        }
        String label = requiredText(s, "seal.key_label", "key_label");
        String pinEnv = optionalText(s, "pin_env").orElse("STRONGROOM_HSM_PIN");
        return new NodeConfig.Seal.Pkcs11(library, slot == null ? 0 : slot.intValue(), label, pinEnv);
      default:
        throw new ConfigException(file, "seal.type", "must be shamir or pkcs11, was '" + type + "'");
    }
  }

  // --- helpers: each names the key it checks ---

  private void object(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new ConfigException(file, at, "must be a mapping of keys to values");
    }
  }

  private void known(JsonNode node, String at, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new ConfigException(
            file, at.isEmpty() ? k : at + "." + k, "unknown key (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
    }
  }

  private String requiredText(JsonNode node, String key) {
    return requiredText(node, key, key);
  }

  private String requiredText(JsonNode node, String at, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new ConfigException(file, at, "is required");
    }
    if (!v.isValueNode() || v.asText().isBlank()) {
      throw new ConfigException(file, at, "must be a non-empty value");
    }
    return v.asText().trim();
  }

  private Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText().trim());
  }

  private String id(String id, String at) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
      throw new ConfigException(file, at, "must be 1-63 letters, digits, '-' or '_', was '" + id + "'");
    }
    return id;
  }

  private HostPort address(JsonNode node, String key) {
    return address(node, key, key);
  }

  private HostPort address(JsonNode node, String at, String field) {
    String text = requiredText(node, at, field);
    try {
      return HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file, at, e.getMessage());
    }
  }

  private Path path(String text) {
    Path p = Path.of(text);
    return (p.isAbsolute() ? p : base.resolve(p)).normalize();
  }

  private Path existingFile(String text, String at) {
    Path p = path(text);
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(file, at, "no such file: " + p);
    }
    if (!Files.isReadable(p)) {
      throw new ConfigException(file, at, "cannot read " + p + " (permissions?)");
    }
    return p;
  }
}
