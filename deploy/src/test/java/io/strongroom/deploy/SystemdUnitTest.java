package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/systemd/strongroom.service: every hardening directive in place. */
class SystemdUnitTest {
  /** section to key to values (a key may repeat). */
  private static Map<String, Map<String, List<String>>> unit;

  @BeforeAll
  static void parse() {
    unit = parse(DeployFiles.read(DeployFiles.deploy("systemd/strongroom.service")));
  }

  /** systemd's unit file syntax: [Section], Key=Value, # and ; comments, trailing-backslash continuations. */
  static Map<String, Map<String, List<String>>> parse(String text) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    StringBuilder pending = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#") || line.startsWith(";"))) {
        continue;
      }
      if (pending.length() > 0 && (line.startsWith("#") || line.startsWith(";"))) {
        continue; // comments inside a continued line are skipped
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String logical = (pending + line).strip();
      pending.setLength(0);
      if (logical.startsWith("[") && logical.endsWith("]")) {
        current = new LinkedHashMap<>();
        sections.put(logical.substring(1, logical.length() - 1), current);
        continue;
      }
      int eq = logical.indexOf('=');
      assertThat(eq).as("Key=Value: %s", logical).isPositive();
      assertThat(current).as("a section before %s", logical).isNotNull();
      current.computeIfAbsent(logical.substring(0, eq).strip(), k -> new ArrayList<>()).add(logical.substring(eq + 1).strip());
    }
    assertThat(pending.toString()).as("no dangling continuation").isEmpty();
    return sections;
  }

  private static String only(String section, String key) {
    List<String> values = unit.getOrDefault(section, Map.of()).get(key);
    assertThat(values).as("[%s] %s", section, key).isNotNull().hasSize(1);
    return values.get(0);
  }

  @Test
  void sectionsAndIdentity() {
    assertThat(unit.keySet()).containsExactly("Unit", "Service", "Install");
    assertThat(only("Service", "User")).isEqualTo("strongroom");
    assertThat(only("Service", "Group")).isEqualTo("strongroom");
    assertThat(only("Install", "WantedBy")).isEqualTo("multi-user.target");
    assertThat(only("Service", "Restart")).isEqualTo("on-failure");
    assertThat(only("Service", "SuccessExitStatus")).as("the JVM exits 143 after SIGTERM").isEqualTo("143");
    assertThat(only("Service", "EnvironmentFile")).isEqualTo("-/etc/strongroom/strongroom.env");
  }

  @Test
  void execStartRunsTheJarWithJavaOptsAndSafeFlags() {
    String exec = only("Service", "ExecStart");
    assertThat(exec).startsWith("/usr/bin/java $JAVA_OPTS ");
    assertThat(exec).contains("-XX:-CreateCoredumpOnCrash", "-XX:+ExitOnOutOfMemoryError", "-XX:-HeapDumpOnOutOfMemoryError",
        "-XX:+DisableAttachMechanism", "-Djava.io.tmpdir=/tmp");
    assertThat(exec.indexOf("$JAVA_OPTS")).as("JAVA_OPTS first, so it cannot undo the flags after it")
        .isLessThan(exec.indexOf("-XX:-CreateCoredumpOnCrash"));
    assertThat(exec).endsWith("-jar /opt/strongroom/strongroom.jar server --config /etc/strongroom/node.yaml");
    assertThat(exec).as("%% escapes %% in unit files").contains("hs_err_pid%%p.log");
  }

  @Test
  void sandboxDirectives() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("NoNewPrivileges", "yes");
    expected.put("ProtectSystem", "strict");
    expected.put("ReadWritePaths", "/var/lib/strongroom");
    expected.put("PrivateTmp", "yes");
    expected.put("ProtectHome", "yes");
    expected.put("PrivateDevices", "yes");
    expected.put("ProtectKernelTunables", "yes");
    expected.put("ProtectKernelModules", "yes");
    expected.put("ProtectKernelLogs", "yes");
    expected.put("ProtectControlGroups", "yes");
    expected.put("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX");
    expected.put("LockPersonality", "yes");
    expected.put("RestrictNamespaces", "yes");
    expected.put("RestrictSUIDSGID", "yes");
    expected.put("RestrictRealtime", "yes");
    expected.put("CapabilityBoundingSet", "");
    expected.put("SystemCallArchitectures", "native");
    expected.put("UMask", "0077");
    expected.forEach((key, value) -> assertThat(only("Service", key)).as(key).isEqualTo(value));
  }

  @Test
  void memoryNeverSwapsAndNeverDumps() {
    assertThat(only("Service", "MemorySwapMax")).isEqualTo("0");
    assertThat(only("Service", "LimitMEMLOCK")).isEqualTo("infinity");
    assertThat(only("Service", "LimitCORE")).isEqualTo("0");
  }

  @Test
  void memoryDenyWriteExecuteStaysOffForTheJit() {
    List<String> mdwe = unit.get("Service").get("MemoryDenyWriteExecute");
    assertThat(mdwe == null || mdwe.equals(List.of("no"))).as("MemoryDenyWriteExecute breaks the JVM's JIT").isTrue();
    String text = DeployFiles.read(DeployFiles.deploy("systemd/strongroom.service"));
    assertThat(text).as("the unit says why").contains("JIT");
  }

  @Test
  void environmentFileSetsJavaOpts() {
    String env = DeployFiles.read(DeployFiles.deploy("systemd/strongroom.env"));
    assertThat(env.lines().filter(l -> l.startsWith("JAVA_OPTS="))).hasSize(1);
    assertThat(DeployFiles.read(DeployFiles.deploy("systemd/strongroom.sysusers"))).contains("u strongroom ");
  }
}
