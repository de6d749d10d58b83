package io.strongroom.deploy;

import static io.strongroom.deploy.NodeConfigRules.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/kubernetes: every manifest parsed, the essentials of each checked. */
class KubernetesManifestsTest {
  private static final List<String> PROBES = List.of("startupProbe", "livenessProbe", "readinessProbe");

  /** kind/name to document. */
  private static Map<String, JsonNode> objects;
  private static List<String> files;

  @BeforeAll
  static void parse() throws IOException {
    objects = new HashMap<>();
    files = new ArrayList<>();
    try (Stream<Path> list = Files.list(DeployFiles.deploy("kubernetes"))) {
      for (Path f : list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        if (f.getFileName().toString().equals("kustomization.yaml")) {
          continue;
        }
        files.add(f.getFileName().toString());
        for (JsonNode doc : DeployFiles.yamlDocuments(f)) {
          String key = text(doc, "kind") + "/" + doc.path("metadata").path("name").asText();
          assertThat(objects.put(key, doc)).as("%s is defined once", key).isNull();
        }
      }
    }
  }

  private static JsonNode object(String kindAndName) {
    JsonNode o = objects.get(kindAndName);
    assertThat(o).as("%s among %s", kindAndName, objects.keySet()).isNotNull();
    return o;
  }

  private static JsonNode statefulSet() {
    return object("StatefulSet/strongroom");
  }

  private static JsonNode podSpec() {
    return statefulSet().path("spec").path("template").path("spec");
  }

  private static JsonNode container(String name) {
    for (JsonNode c : podSpec().path("containers")) {
      if (text(c, "name").equals(name)) {
        return c;
      }
    }
    for (JsonNode c : podSpec().path("initContainers")) {
      if (text(c, "name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no container " + name);
  }

  private static JsonNode podLabels() {
    return statefulSet().path("spec").path("template").path("metadata").path("labels");
  }

  @Test
  void kustomizationListsEveryManifest() {
    JsonNode k = DeployFiles.yaml(DeployFiles.deploy("kubernetes/kustomization.yaml"));
    assertThat(DeployFiles.texts(k.path("resources"))).containsExactlyInAnyOrderElementsOf(files);
    assertThat(objects.keySet()).containsExactlyInAnyOrder(
        "ServiceAccount/strongroom", "ConfigMap/strongroom-config", "Service/strongroom-peers", "Service/strongroom",
        "StatefulSet/strongroom", "PodDisruptionBudget/strongroom", "NetworkPolicy/strongroom");
  }

  @Test
  void statefulSetRunsFiveVotersInParallel() {
    JsonNode spec = statefulSet().path("spec");
    assertThat(spec.path("replicas").asInt()).isEqualTo(5);
    assertThat(text(spec, "serviceName")).isEqualTo("strongroom-peers");
    assertThat(text(spec, "podManagementPolicy")).as("OrderedReady would deadlock: no pod is ready before init").isEqualTo("Parallel");
    assertThat(text(spec.path("updateStrategy"), "type")).isEqualTo("RollingUpdate");
    assertThat(spec.path("selector").path("matchLabels")).isEqualTo(podLabels());
    assertThat(text(spec.path("persistentVolumeClaimRetentionPolicy"), "whenDeleted")).isEqualTo("Retain");
    assertThat(text(spec.path("persistentVolumeClaimRetentionPolicy"), "whenScaled")).isEqualTo("Retain");
    JsonNode pvc = spec.path("volumeClaimTemplates").get(0);
    assertThat(text(pvc.path("metadata"), "name")).isEqualTo("data");
    assertThat(DeployFiles.texts(pvc.path("spec").path("accessModes"))).containsExactly("ReadWriteOnce");
    assertThat(text(pvc.path("spec").path("resources").path("requests"), "storage")).isNotBlank();
  }

  @Test
  void podsSpreadOverZonesAndNeverShareAMachine() {
    JsonNode anti = podSpec().path("affinity").path("podAntiAffinity");
    JsonNode required = anti.path("requiredDuringSchedulingIgnoredDuringExecution");
    assertThat(required).hasSize(1);
    assertThat(text(required.get(0), "topologyKey")).isEqualTo("kubernetes.io/hostname");
    assertThat(required.get(0).path("labelSelector").path("matchLabels")).isEqualTo(podLabels());
    JsonNode preferred = anti.path("preferredDuringSchedulingIgnoredDuringExecution");
    assertThat(preferred).hasSize(1);
    assertThat(text(preferred.get(0).path("podAffinityTerm"), "topologyKey")).isEqualTo("topology.kubernetes.io/zone");
    assertThat(preferred.get(0).path("podAffinityTerm").path("labelSelector").path("matchLabels")).isEqualTo(podLabels());
    JsonNode spread = podSpec().path("topologySpreadConstraints");
    assertThat(spread).hasSize(1);
    assertThat(text(spread.get(0), "topologyKey")).isEqualTo("topology.kubernetes.io/zone");
    assertThat(spread.get(0).path("maxSkew").asInt()).isEqualTo(1);
    assertThat(spread.get(0).path("minDomains").asInt()).as("at least 3 zones: 2/2/1").isEqualTo(3);
    assertThat(text(spread.get(0), "whenUnsatisfiable")).isEqualTo("DoNotSchedule");
    assertThat(spread.get(0).path("labelSelector").path("matchLabels")).isEqualTo(podLabels());
  }

  @Test
  void probesAreHttpGetsOnTheHealthEndpointOfTheHttpPort() {
    JsonNode c = container("strongroom");
    Map<String, Integer> ports = new HashMap<>();
    c.path("ports").forEach(p -> ports.put(text(p, "name"), p.path("containerPort").asInt()));
    assertThat(ports).containsEntry("raft", 7100).containsEntry("client", 7200).containsEntry("http", 7300);
    for (String probe : PROBES) {
      JsonNode p = c.path(probe);
      assertThat(p.isObject()).as("%s is defined", probe).isTrue();
      assertThat(p.has("exec") || p.has("tcpSocket") || p.has("grpc")).as("%s is an httpGet probe and nothing else", probe).isFalse();
      JsonNode get = p.path("httpGet");
      assertThat(get.isObject()).as("%s.httpGet", probe).isTrue();
      assertThat(text(get, "port")).as("%s: the named port http", probe).isEqualTo("http");
      assertThat(ports.get(text(get, "port"))).as("%s: port http is the health port", probe).isEqualTo(7300);
      assertThat(get.path("scheme").asText("HTTP")).as("%s: the health port is plain HTTP", probe).isEqualTo("HTTP");
      assertThat(get.has("host")).as("%s: no host, so the kubelet asks the pod's own IP", probe).isFalse();
      URI uri = URI.create(text(get, "path"));
      assertThat(uri.getRawPath()).as("%s path", probe).isEqualTo("/v1/sys/health");
      assertThat(HealthEndpointRules.parameters(uri.getRawQuery()).keySet()).as("%s: only parameters the node knows", probe)
          .isSubsetOf(HealthEndpointRules.EFFECTIVE);
      assertThat(p.path("timeoutSeconds").asInt()).as("%s timeout", probe).isPositive();
      assertThat(p.path("periodSeconds").asInt()).as("%s period", probe).isPositive();
    }
    // Which node states each probe passes, worked out from its query as the node answers it.
    for (String probe : List.of("startupProbe", "livenessProbe")) {
      String query = probeQuery(c, probe);
      for (HealthEndpointRules.State state : HealthEndpointRules.State.values()) {
        int status = HealthEndpointRules.status(query, state);
        assertThat(HealthEndpointRules.kubeletSuccess(status))
            .as("%s ?%s must pass a %s node (it answers %d): a sealed or uninitialized node restarted only seals again", probe, query, state, status)
            .isTrue();
      }
    }
    String ready = probeQuery(c, "readinessProbe");
    for (HealthEndpointRules.State state : HealthEndpointRules.State.values()) {
      int status = HealthEndpointRules.status(ready, state);
      boolean unsealed = state == HealthEndpointRules.State.LEADER || state == HealthEndpointRules.State.STANDBY;
      assertThat(HealthEndpointRules.kubeletSuccess(status))
          .as("readinessProbe ?%s on a %s node answers %d: ready must mean unsealed, leader or standby", ready, state, status)
          .isEqualTo(unsealed);
    }
    assertThat(HealthEndpointRules.parameters(probeQuery(c, "livenessProbe")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("standbyok", "true", "sealedcode", "200", "uninitcode", "200"));
    assertThat(probeQuery(c, "startupProbe")).isEqualTo(probeQuery(c, "livenessProbe"));
    assertThat(HealthEndpointRules.parameters(ready)).containsExactlyInAnyOrderEntriesOf(Map.of("standbyok", "true"));
    assertThat(c.path("startupProbe").path("failureThreshold").asInt() * c.path("startupProbe").path("periodSeconds").asInt())
        .as("seconds a node may take to start").isGreaterThanOrEqualTo(120);
  }

  private static String probeQuery(JsonNode container, String probe) {
    return URI.create(text(container.path(probe).path("httpGet"), "path")).getRawQuery();
  }

  /** Each probe of the strongroom container to its httpGet path (with query), read from statefulset.yaml. */
  static Map<String, String> probePaths() {
    JsonNode set = DeployFiles.yamlDocuments(DeployFiles.deploy("kubernetes/statefulset.yaml")).get(0);
    Map<String, String> paths = new HashMap<>();
    for (JsonNode c : set.path("spec").path("template").path("spec").path("containers")) {
      if (text(c, "name").equals("strongroom")) {
        for (String probe : PROBES) {
          paths.put(probe, text(c.path(probe).path("httpGet"), "path"));
        }
      }
    }
    assertThat(paths).as("the strongroom container's probes").hasSize(PROBES.size());
    return paths;
  }

  @Test
  void containersAreLockedDown() {
    JsonNode pod = podSpec().path("securityContext");
    assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.path("runAsGroup").asInt()).isEqualTo(10001);
    assertThat(pod.path("fsGroup").asInt()).isEqualTo(10001);
    assertThat(text(pod.path("seccompProfile"), "type")).isEqualTo("RuntimeDefault");
    assertThat(podSpec().path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(podSpec().path("hostNetwork").asBoolean(false)).isFalse();
    for (String name : List.of("strongroom", "render-config")) {
      JsonNode sc = container(name).path("securityContext");
      assertThat(sc.path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", name).isTrue();
      assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", name).isTrue();
      assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", name).isFalse();
      assertThat(sc.path("privileged").asBoolean(true)).as("%s privileged", name).isFalse();
      assertThat(DeployFiles.texts(sc.path("capabilities").path("drop"))).as("%s drops", name).containsExactly("ALL");
      assertThat(sc.path("capabilities").has("add")).as("%s adds no capability", name).isFalse();
      assertThat(text(sc.path("seccompProfile"), "type")).as("%s seccomp", name).isEqualTo("RuntimeDefault");
      JsonNode res = container(name).path("resources");
      assertThat(res.path("requests")).as("%s: requests = limits (Guaranteed QoS: never swapped)", name).isEqualTo(res.path("limits"));
      assertThat(text(res.path("limits"), "memory")).as("%s memory limit", name).isNotBlank();
      assertThat(text(res.path("limits"), "cpu")).as("%s cpu limit", name).isNotBlank();
    }
  }

  @Test
  void volumesMountTlsFromASecretAndWriteOnlyDataAndTmp() {
    Map<String, JsonNode> volumes = new HashMap<>();
    podSpec().path("volumes").forEach(v -> volumes.put(text(v, "name"), v));
    assertThat(text(volumes.get("tls-source").path("secret"), "secretName")).isEqualTo("strongroom-tls");
    assertThat(text(volumes.get("config-template").path("configMap"), "name")).isEqualTo("strongroom-config");
    assertThat(text(volumes.get("config").path("emptyDir"), "medium")).isEqualTo("Memory");
    assertThat(text(volumes.get("tmp").path("emptyDir"), "medium")).isEqualTo("Memory");
    Map<String, JsonNode> mounts = new HashMap<>();
    container("strongroom").path("volumeMounts").forEach(m -> mounts.put(text(m, "mountPath"), m));
    assertThat(mounts.keySet()).containsExactlyInAnyOrder("/etc/strongroom", "/var/lib/strongroom", "/tmp");
    assertThat(mounts.get("/etc/strongroom").path("readOnly").asBoolean()).as("the node cannot change its config or TLS files").isTrue();
    assertThat(text(mounts.get("/var/lib/strongroom"), "name")).isEqualTo("data");
    assertThat(DeployFiles.texts(container("strongroom").path("args"))).containsExactly("server", "--config", "/etc/strongroom/node.yaml");
  }

  @Test
  void servicesHeadlessForPeersAndReadyOnlyForClients() {
    JsonNode peers = object("Service/strongroom-peers").path("spec");
    assertThat(text(peers, "clusterIP")).isEqualTo("None");
    assertThat(peers.path("publishNotReadyAddresses").asBoolean())
        .as("peers must resolve each other before any is ready").isTrue();
    assertThat(peers.path("selector")).isEqualTo(podLabels());
    List<Integer> peerPorts = new ArrayList<>();
    peers.path("ports").forEach(p -> peerPorts.add(p.path("port").asInt()));
    assertThat(peerPorts).contains(7100);
    JsonNode client = object("Service/strongroom").path("spec");
    assertThat(text(client, "clusterIP")).isNotEqualTo("None");
    assertThat(client.path("publishNotReadyAddresses").asBoolean(false)).as("sealed nodes get no client traffic").isFalse();
    assertThat(client.path("selector")).isEqualTo(podLabels());
    assertThat(client.path("ports")).hasSize(1);
    assertThat(client.path("ports").get(0).path("port").asInt()).isEqualTo(7200);
  }

  @Test
  void disruptionBudgetTakesOneNodeAtATime() {
    JsonNode pdb = object("PodDisruptionBudget/strongroom");
    assertThat(text(pdb, "apiVersion")).isEqualTo("policy/v1");
    assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.path("spec").has("minAvailable")).isFalse();
    assertThat(pdb.path("spec").path("selector").path("matchLabels")).isEqualTo(podLabels());
  }

  @Test
  void networkPolicyKeepsRaftAmongTheNodes() {
    JsonNode spec = object("NetworkPolicy/strongroom").path("spec");
    assertThat(spec.path("podSelector").path("matchLabels")).isEqualTo(podLabels());
    for (JsonNode rule : spec.path("ingress")) {
      boolean raft = false;
      for (JsonNode p : rule.path("ports")) {
        raft |= p.path("port").asInt() == 7100;
      }
      if (raft) {
        assertThat(rule.path("from")).hasSize(1);
        assertThat(rule.path("from").get(0).path("podSelector").path("matchLabels")).isEqualTo(podLabels());
      }
    }
  }

  @Test
  void initContainerGetsTheNodeIdFromThePodName() {
    JsonNode init = container("render-config");
    assertThat(text(init, "image")).isEqualTo(text(container("strongroom"), "image"));
    Map<String, String> fieldRefs = new HashMap<>();
    init.path("env").forEach(e -> fieldRefs.put(text(e, "name"), e.path("valueFrom").path("fieldRef").path("fieldPath").asText()));
    assertThat(fieldRefs).containsEntry("POD_NAME", "metadata.name").containsEntry("NAMESPACE", "metadata.namespace");
    assertThat(DeployFiles.texts(init.path("command"))).containsExactly("/bin/sh", "/config-template/render.sh");
  }

  /** Runs the ConfigMap's render.sh for every pod (paths moved into a temp dir) and checks each node.yaml. */
  @Test
  void renderedConfigIsValidForEveryReplica(@TempDir Path tmp) throws IOException {
    JsonNode data = object("ConfigMap/strongroom-config").path("data");
    String template = text(data, "node.yaml.tpl");
    assertThat(DeployFiles.yaml(template).isObject()).as("the template itself is valid YAML").isTrue();
    Path tpl = Files.createDirectories(tmp.resolve("template"));
    Path tls = Files.createDirectories(tmp.resolve("tls-source"));
    Files.writeString(tpl.resolve("node.yaml.tpl"), data.path("node.yaml.tpl").asText());
    for (String f : List.of("tls.crt", "tls.key", "ca.crt")) {
      Files.writeString(tls.resolve(f), "-----BEGIN TEST " + f + "-----\n");
    }
    String script = data.path("render.sh").asText();
    assertThat(script).contains("/config-template/node.yaml.tpl").contains("/tls-source/tls.key").contains("/etc/strongroom/node.yaml");
    int replicas = statefulSet().path("spec").path("replicas").asInt();
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < replicas; i++) {
      String pod = "strongroom-" + i;
      Path out = Files.createDirectories(tmp.resolve(pod));
      Path render = tmp.resolve("render-" + pod + ".sh");
      Files.writeString(render, script
          .replace("/config-template/", tpl + "/")
          .replace("/tls-source/", tls + "/")
          .replace("/etc/strongroom", out.toString()));
      DeployFiles.Result r = DeployFiles.run(tmp, Map.of(
              "POD_NAME", pod, "NAMESPACE", "vault", "REGION", text(data, "region"), "ZONE", i % 2 == 0 ? "us-east-1a" : "",
              "CLUSTER_DOMAIN", text(data, "cluster_domain")),
          Duration.ofSeconds(30), "sh", render.toString());
      assertThat(r.exitCode()).as(r.both()).isZero();
      JsonNode cfg = DeployFiles.yaml(out.resolve("node.yaml"));
      NodeConfigRules.assertValid(cfg, pod + "/node.yaml");
      assertThat(text(cfg, "node_id")).isEqualTo(pod);
      assertThat(text(cfg, "raft_address")).isEqualTo(pod + ".strongroom-peers.vault.svc.cluster.local:7100");
      assertThat(text(cfg, "zone")).isEqualTo(i % 2 == 0 ? "us-east-1a" : "unknown");
      assertThat(text(cfg, "data_dir")).isEqualTo("/var/lib/strongroom");
      assertThat(NodeConfigRules.port(text(cfg, "http_address"))).isEqualTo(7300);
      assertThat(cfg.path("peers")).as("one peer per replica").hasSize(replicas);
      cfg.path("peers").forEach(p -> ids.add(text(p, "id")));
      assertThat(text(cfg.path("tls"), "key")).isEqualTo("/etc/strongroom/tls/node.key");
      assertThat(Files.getPosixFilePermissions(out.resolve("tls/node.key")))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(ids).hasSize(replicas);

    // Bad input stops the pod instead of writing a broken config.
    Path render = tmp.resolve("render-bad.sh");
    Files.writeString(render, script.replace("/config-template/", tpl + "/").replace("/tls-source/", tls + "/")
        .replace("/etc/strongroom", Files.createDirectories(tmp.resolve("bad")).toString()));
    DeployFiles.Result bad = DeployFiles.run(tmp, Map.of("POD_NAME", "x/../y", "NAMESPACE", "vault", "REGION", "us-east", "CLUSTER_DOMAIN", "cluster.local"),
        Duration.ofSeconds(30), "sh", render.toString());
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.stderr()).contains("POD_NAME");
    assertThat(tmp.resolve("bad/node.yaml")).doesNotExist();
  }
}
