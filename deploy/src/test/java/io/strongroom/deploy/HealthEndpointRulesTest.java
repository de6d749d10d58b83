package io.strongroom.deploy;

import static io.strongroom.deploy.HealthEndpointRules.State.LEADER;
import static io.strongroom.deploy.HealthEndpointRules.State.SEALED;
import static io.strongroom.deploy.HealthEndpointRules.State.STANDBY;
import static io.strongroom.deploy.HealthEndpointRules.State.UNINITIALIZED;
import static io.strongroom.deploy.HealthEndpointRules.status;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link HealthEndpointRules} answers as the node does, and stays in step with HealthServer: it
 * reads the server's source text. When this fails, the endpoint changed: update HealthEndpointRules
 * (and the probes in deploy/kubernetes/statefulset.yaml) to match.
 */
class HealthEndpointRulesTest {
  private static final Path SERVER = Path.of("node/src/main/java/io/strongroom/node/server/HealthServer.java");

  @Test
  void restatedRulesMatchHealthServer() {
    Path file = DeployFiles.repoRoot().resolve(SERVER);
    assertThat(Files.isRegularFile(file)).as("the health server's source at %s", file).isTrue();
    String source = DeployFiles.read(file);
    assertThat(source).as("HealthServer's default codes (standbyOk, active, standby, sealed, uninit)")
        .contains("new Codes(false, " + HealthEndpointRules.ACTIVE + ", " + HealthEndpointRules.STANDBY + ", "
            + HealthEndpointRules.SEALED + ", " + HealthEndpointRules.UNINIT + ")");
    for (String name : HealthEndpointRules.EFFECTIVE) {
      assertThat(source).as("HealthServer reads %s", name).contains("\"" + name + "\"");
    }
    for (String name : HealthEndpointRules.IGNORED) {
      assertThat(source).as("HealthServer checks and ignores %s", name).contains("\"" + name + "\"");
    }
    assertThat(source).as("the order of HealthServer's checks: uninitialized, sealed, then leader or standby")
        .containsSubsequence("if (!initialized)", "return codes.uninit();", "if (sealed)", "return codes.sealed();",
            "return leader || codes.standbyOk() ? codes.active() : codes.standby();");
    assertThat(source).as("codes outside 200-599 are malformed").contains("code < 200 || code > 599");
    assertThat(source).as("a malformed value answers 400").contains("respond(ex, 400,");
    assertThat(source).as("the first occurrence of a parameter counts").contains("q.putIfAbsent(name, value)");
  }

  @Test
  void answersLikeTheNode() {
    assertThat(status(null, LEADER)).isEqualTo(200);
    assertThat(status("", STANDBY)).isEqualTo(429);
    assertThat(status(null, SEALED)).isEqualTo(503);
    assertThat(status(null, UNINITIALIZED)).isEqualTo(501);
    assertThat(status("standbyok=true", STANDBY)).isEqualTo(200);
    assertThat(status("standbyok=true", SEALED)).isEqualTo(503);
    assertThat(status("standbyok=1&activecode=204", STANDBY)).isEqualTo(204);
    assertThat(status("standbycode=299", STANDBY)).isEqualTo(299);
    assertThat(status("sealedcode=200&sealedcode=503", SEALED)).as("the first occurrence counts").isEqualTo(200);
    assertThat(status("uninitcode=200", UNINITIALIZED)).isEqualTo(200);
    assertThat(status("sealedcode=abc", LEADER)).as("malformed, whatever the state").isEqualTo(400);
    assertThat(status("uninitcode=600", UNINITIALIZED)).isEqualTo(400);
    assertThat(status("standbyok=yes", STANDBY)).isEqualTo(400);
    assertThat(status("perfstandbyok=true", STANDBY)).as("accepted and ignored").isEqualTo(429);
    assertThat(status("sealcode=200", SEALED)).as("an unknown name changes nothing").isEqualTo(503);
  }
}
