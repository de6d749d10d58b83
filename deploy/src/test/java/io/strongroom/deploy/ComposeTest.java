package io.strongroom.deploy;

import static io.strongroom.deploy.NodeConfigRules.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/compose: five hardened services, each with its own valid node config, in three regions. */
class ComposeTest {
  private static final List<String> NODES = List.of("n1", "n2", "n3", "n4", "n5");
  private static JsonNode compose;
  private static Map<String, JsonNode> configs;

  @BeforeAll
  static void parse() {
    compose = DeployFiles.yaml(DeployFiles.deploy("compose/compose.yaml"));
    configs = new TreeMap<>();
    for (String id : NODES) {
      configs.put(id, DeployFiles.yaml(DeployFiles.deploy("compose/config/" + id + ".yaml")));
    }
  }

  private static JsonNode service(String id) {
    return compose.path("services").path(id);
  }

  @Test
  void fiveServicesNamedAfterTheirNodes() {
    Set<String> names = new HashSet<>();
    compose.path("services").fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyInAnyOrderElementsOf(NODES);
    for (String id : NODES) {
      assertThat(text(service(id), "hostname")).as("%s hostname", id).isEqualTo(id);
      assertThat(text(configs.get(id), "node_id")).as("config/%s.yaml node_id", id).isEqualTo(id);
      assertThat(DeployFiles.texts(service(id).path("command"))).containsExactly("server", "--config", "/etc/strongroom/node.yaml");
    }
  }

  @Test
  void everyNodeConfigIsOneTheLoaderAccepts() {
    configs.forEach((id, cfg) -> NodeConfigRules.assertValid(cfg, "compose/config/" + id + ".yaml"));
  }

  @Test
  void threeRegionsSplitTwoTwoOne() {
    Map<String, Integer> perRegion = new TreeMap<>();
    configs.values().forEach(c -> perRegion.merge(text(c, "region"), 1, Integer::sum));
    assertThat(perRegion).hasSize(3);
    assertThat(perRegion.values()).containsExactlyInAnyOrder(2, 2, 1);
    // Losing any one region leaves a majority of the 5 voters.
    for (int lost : perRegion.values()) {
      assertThat(NODES.size() - lost).isGreaterThan(NODES.size() / 2);
    }
    Set<String> zones = new HashSet<>();
    configs.values().forEach(c -> zones.add(text(c, "zone")));
    assertThat(zones).as("a zone per node").hasSize(5);
  }

  @Test
  void everyNodeKnowsTheSamePeersWithTheirRegions() {
    JsonNode first = configs.get("n1").path("peers");
    assertThat(first).hasSize(5);
    configs.forEach((id, cfg) -> assertThat(cfg.path("peers")).as("%s peers", id).isEqualTo(first));
    for (JsonNode peer : first) {
      JsonNode cfg = configs.get(text(peer, "id"));
      assertThat(cfg).as("peer %s has a config", text(peer, "id")).isNotNull();
      assertThat(text(peer, "region")).as("peer %s region", text(peer, "id")).isEqualTo(text(cfg, "region"));
      assertThat(text(peer, "raft_address")).isEqualTo(text(peer, "id") + ":7100");
      assertThat(text(peer, "client_address")).isEqualTo(text(peer, "id") + ":7200");
    }
    configs.forEach((id, cfg) -> {
      assertThat(text(cfg, "data_dir")).isEqualTo("/var/lib/strongroom");
      assertThat(text(cfg, "profile")).isEqualTo("multi-region");
    });
  }

  @Test
  void servicesAreLockedDown() {
    for (String id : NODES) {
      JsonNode s = service(id);
      assertThat(s.path("read_only").asBoolean()).as("%s read_only", id).isTrue();
      assertThat(DeployFiles.texts(s.path("cap_drop"))).as("%s cap_drop", id).containsExactly("ALL");
      assertThat(DeployFiles.texts(s.path("security_opt"))).as("%s security_opt", id).contains("no-new-privileges:true");
      assertThat(text(s, "user")).as("%s user", id).isEqualTo("10001:10001");
      assertThat(DeployFiles.texts(s.path("tmpfs"))).as("%s tmpfs", id).singleElement().asString().startsWith("/tmp:").contains("noexec");
      assertThat(text(s, "mem_limit")).as("%s mem_limit", id).isNotBlank();
      assertThat(text(s, "memswap_limit")).as("%s: memswap_limit = mem_limit means no swap", id).isEqualTo(text(s, "mem_limit"));
      assertThat(s.path("ulimits").path("core").asInt(-1)).as("%s core dumps", id).isZero();
      assertThat(s.path("pids_limit").asInt()).as("%s pids_limit", id).isPositive();
      assertThat(s.has("privileged")).as("%s is not privileged", id).isFalse();
      assertThat(DeployFiles.texts(s.path("ports"))).as("%s publishes on loopback only", id).allMatch(p -> p.startsWith("127.0.0.1:"));
    }
  }

  @Test
  void healthChecksProbeTheHealthEndpointOfTheConfiguredPort() {
    for (String id : NODES) {
      JsonNode hc = service(id).path("healthcheck");
      List<String> test = DeployFiles.texts(hc.path("test"));
      assertThat(test).as("%s healthcheck", id).containsExactly("CMD", "/usr/local/bin/strongroom-health", "live", "http://127.0.0.1:7300/v1/sys/health");
      assertThat(NodeConfigRules.port(text(configs.get(id), "http_address"))).isEqualTo(7300);
      assertThat(text(hc, "interval")).isNotBlank();
      assertThat(text(hc, "start_period")).isNotBlank();
    }
  }

  @Test
  void eachNodeHasItsOwnNamedVolumeConfigAndSecrets() {
    Set<String> declaredVolumes = new HashSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declaredVolumes::add);
    Set<String> declaredSecrets = new HashSet<>();
    compose.path("secrets").fieldNames().forEachRemaining(declaredSecrets::add);
    Set<String> usedVolumes = new HashSet<>();
    for (String id : NODES) {
      JsonNode s = service(id);
      Map<String, JsonNode> byTarget = new HashMap<>();
      s.path("volumes").forEach(v -> byTarget.put(text(v, "target"), v));
      JsonNode data = byTarget.get("/var/lib/strongroom");
      assertThat(data).as("%s data volume", id).isNotNull();
      assertThat(text(data, "type")).isEqualTo("volume");
      assertThat(declaredVolumes).contains(text(data, "source"));
      assertThat(usedVolumes.add(text(data, "source"))).as("%s has a volume of its own", id).isTrue();
      JsonNode config = byTarget.get("/etc/strongroom/node.yaml");
      assertThat(config).as("%s config mount", id).isNotNull();
      assertThat(text(config, "source")).isEqualTo("./config/" + id + ".yaml");
      assertThat(config.path("read_only").asBoolean()).isTrue();

      // The TLS files the config names are exactly the secrets mounted into the service.
      Map<String, String> secretTargets = new HashMap<>();
      s.path("secrets").forEach(sec -> secretTargets.put("/run/secrets/" + text(sec, "target"), text(sec, "source")));
      JsonNode tls = configs.get(id).path("tls");
      for (String key : List.of("cert", "key", "ca")) {
        String path = text(tls, key);
        assertThat(secretTargets).as("%s: tls.%s %s is a mounted secret", id, key, path).containsKey(path);
        assertThat(declaredSecrets).contains(secretTargets.get(path));
      }
      assertThat(text(tls, "cert")).isEqualTo("/run/secrets/" + id + ".pem");
      assertThat(text(tls, "key")).isEqualTo("/run/secrets/" + id + ".key");
    }
    for (Map.Entry<String, JsonNode> e : compose.path("secrets").properties()) {
      assertThat(text(e.getValue(), "file")).as("secret %s comes from secrets/ (git-ignored)", e.getKey()).startsWith("./secrets/");
      assertThat(text(e.getValue(), "file")).as("the CA key is never given to a node").doesNotContain("ca.key");
    }
    assertThat(DeployFiles.read(DeployFiles.deploy("compose/.gitignore")).lines().toList()).contains("secrets/");
  }

  @Test
  void servicesDifferOnlyInTheirOwnNames() {
    List<String> normalized = new ArrayList<>();
    for (String id : NODES) {
      JsonNode s = service(id).deepCopy();
      String text = s.toString()
          .replace(text(service(id), "hostname"), "NODE")
          .replaceAll("\"127\\.0\\.0\\.1:7[23]0[1-5]:", "\"127.0.0.1:PORT:")
          .replaceAll("\"io.strongroom.region\":\"[^\"]+\"", "\"io.strongroom.region\":\"R\"")
          .replaceAll("\"io.strongroom.zone\":\"[^\"]+\"", "\"io.strongroom.zone\":\"Z\"");
      normalized.add(text);
    }
    assertThat(normalized).as("the five services are the same but for name, ports and labels").containsOnly(normalized.get(0));
  }
}
