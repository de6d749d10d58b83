package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link NodeConfigRules} in step with NodeConfigLoader without depending on the node module:
 * it reads the loader's source text. When this fails, the loader's keys changed: update
 * NodeConfigRules (and the manifests' node configs) to match.
 */
class NodeConfigLoaderSyncTest {
  private static final Path LOADER = Path.of("node/src/main/java/io/strongroom/node/config/NodeConfigLoader.java");
  private static String source;

  @BeforeAll
  static void readLoader() {
    Path file = DeployFiles.repoRoot().resolve(LOADER);
    assertThat(Files.isRegularFile(file)).as("the node config loader's source at %s", file).isTrue();
    source = DeployFiles.read(file);
  }

  @Test
  void keySetsMatchTheLoader() {
    Map<String, Set<String>> sets = new HashMap<>();
    Matcher m = Pattern.compile("Set<String>\\s+(\\w+)\\s*=\\s*Set\\.of\\(([^)]*)\\)").matcher(source);
    while (m.find()) {
      sets.put(m.group(1), quoted(m.group(2)));
    }
    assertThat(sets).as("the loader's key sets (TOP, PEER, TLS, SEAL); if it no longer declares them so, update this test")
        .containsKeys("TOP", "PEER", "TLS", "SEAL");
    assertThat(sets.get("TOP")).as("NodeConfigLoader.TOP vs NodeConfigRules.TOP").isEqualTo(NodeConfigRules.TOP);
    assertThat(sets.get("PEER")).as("NodeConfigLoader.PEER vs NodeConfigRules.PEER").isEqualTo(NodeConfigRules.PEER);
    assertThat(sets.get("TLS")).as("NodeConfigLoader.TLS vs NodeConfigRules.TLS").isEqualTo(NodeConfigRules.TLS);
    assertThat(sets.get("SEAL")).as("NodeConfigLoader.SEAL vs NodeConfigRules.SEAL").isEqualTo(NodeConfigRules.SEAL);
  }

  @Test
  void requiredKeysMatchTheLoader() {
    Set<String> top = all("(?:requiredText|address)\\(root, \"(\\w+)\"\\)");
    Set<String> peer = all("(?:requiredText|address)\\(p, at \\+ \"\\.(\\w+)\"");
    Set<String> tls = all("requiredText\\(t, \"tls\\.(\\w+)\"");
    assertThat(top).as("keys the loader requires at the top level").isEqualTo(NodeConfigRules.REQUIRED_TOP);
    assertThat(peer).as("keys the loader requires in each peer").isEqualTo(NodeConfigRules.REQUIRED_PEER);
    assertThat(tls).as("keys the loader requires in tls").isEqualTo(NodeConfigRules.REQUIRED_TLS);
    assertThat(source).as("the loader still requires peers unless join: true")
        .contains("must list every voting member, this node included")
        .contains("must be empty with join: true");
  }

  private static Set<String> all(String regex) {
    Set<String> found = new TreeSet<>();
    Matcher m = Pattern.compile(regex).matcher(source);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static Set<String> quoted(String list) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(list);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
