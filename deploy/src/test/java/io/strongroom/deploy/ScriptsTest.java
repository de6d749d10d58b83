package io.strongroom.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kit's shell scripts: syntax, usage and exit codes, without starting a cluster. */
class ScriptsTest {
  private static final Duration QUICK = Duration.ofSeconds(30);
  private static final String MULTI_REGION = "local/multi-region.sh";

  @ParameterizedTest
  @ValueSource(strings = {MULTI_REGION, "container/strongroom-health", "tls/gen-certs.sh"})
  void bashScriptsParseAndAreExecutable(String script) {
    Path file = DeployFiles.deploy(script);
    assertThat(Files.isExecutable(file)).as("%s is executable", script).isTrue();
    assertThat(DeployFiles.read(file)).startsWith("#!/usr/bin/env bash\n").contains("\nset -euo pipefail\n");
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, "bash", "-n", file.toString());
    assertThat(r.exitCode()).as(r.both()).isZero();
  }

  @Test
  void cliWrapperParses() {
    Path file = DeployFiles.deploy("container/strongroom-cli.sh");
    assertThat(Files.isExecutable(file)).isTrue();
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, "sh", "-n", file.toString());
    assertThat(r.exitCode()).as(r.both()).isZero();
  }

  @Test
  void multiRegionHelpExitsZeroAndExplainsTheDelayHook() {
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, DeployFiles.deploy(MULTI_REGION).toString(), "--help");
    assertThat(r.exitCode()).as(r.both()).isZero();
    assertThat(r.stdout()).contains("Usage: multi-region.sh up | down [--purge] | status | help")
        .contains("DELAY_PROXY").contains("LATENCY_MS").contains("us-east").contains("eu-west").contains("ap-south");
    assertThat(DeployFiles.read(DeployFiles.deploy(MULTI_REGION))).contains("DELAY_PROXY HOOK");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "start", "up --now", "status extra", "down --force"})
  void multiRegionBadUsageExitsTwoWithUsage(String args) {
    List<String> cmd = new ArrayList<>(List.of(DeployFiles.deploy(MULTI_REGION).toString()));
    if (!args.isEmpty()) {
      cmd.addAll(List.of(args.split(" ")));
    }
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, cmd.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
    assertThat(r.stderr()).contains("Usage: multi-region.sh");
  }

  @Test
  void multiRegionRefusesAnUnknownDelayProxyMode(@TempDir Path tmp) {
    Path state = tmp.resolve("state");
    DeployFiles.Result r = DeployFiles.run(Map.of("DELAY_PROXY", "maybe", "STRONGROOM_MR_DIR", state.toString()), QUICK,
        DeployFiles.deploy(MULTI_REGION).toString(), "up");
    assertThat(r.exitCode()).as(r.both()).isEqualTo(2);
    assertThat(r.stderr()).contains("DELAY_PROXY must be on or off, was 'maybe'");
    assertThat(state).as("nothing was started or written").doesNotExist();
  }

  @Test
  void multiRegionStatusAndDownWithoutACluster(@TempDir Path tmp) {
    Map<String, String> env = Map.of("STRONGROOM_MR_DIR", tmp.resolve("none").toString());
    DeployFiles.Result down = DeployFiles.run(env, QUICK, DeployFiles.deploy(MULTI_REGION).toString(), "down");
    assertThat(down.exitCode()).as(down.both()).isZero();
    assertThat(down.stdout()).contains("nothing to stop");
    DeployFiles.Result status = DeployFiles.run(env, QUICK, DeployFiles.deploy(MULTI_REGION).toString(), "status");
    assertThat(status.exitCode()).as(status.both()).isEqualTo(1);
  }

  @Test
  void healthProbeUsageAndAClosedPort() throws IOException {
    String health = DeployFiles.deploy("container/strongroom-health").toString();
    DeployFiles.Result help = DeployFiles.run(Map.of(), QUICK, health, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("live").contains("ready").contains("/v1/sys/health");
    assertThat(DeployFiles.run(Map.of(), QUICK, health, "maybe").exitCode()).isEqualTo(2);
    assertThat(DeployFiles.run(Map.of(), QUICK, health, "live", "https://127.0.0.1:7300/").exitCode()).isEqualTo(2);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, health, "live", "http://127.0.0.1:" + closed + "/v1/sys/health");
    assertThat(r.exitCode()).as(r.both()).isEqualTo(1);
    assertThat(r.stdout()).contains("nothing listens");
  }

  @Test
  void genCertsMakesNodeCertificatesForMutualTls(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("pki");
    DeployFiles.Result r = DeployFiles.run(Map.of(), QUICK, DeployFiles.deploy("tls/gen-certs.sh").toString(),
        out.toString(), "n1=DNS:n1,IP:127.0.0.1", "n2=DNS:n2");
    assertThat(r.exitCode()).as(r.both()).isZero();
    X509Certificate ca = certificate(out.resolve("ca.pem"));
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    X509Certificate n1 = certificate(out.resolve("n1.pem"));
    n1.verify(ca.getPublicKey());
    assertThat(n1.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(n1.getExtendedKeyUsage()).as("serverAuth and clientAuth: Raft is mutual TLS")
        .contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(names(n1)).containsExactlyInAnyOrder("n1", "127.0.0.1");
    assertThat(names(certificate(out.resolve("n2.pem")))).containsExactly("n2");
    for (String key : List.of("ca.key", "n1.key", "n2.key")) {
      assertThat(Files.getPosixFilePermissions(out.resolve(key))).as(key)
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    byte[] before = Files.readAllBytes(out.resolve("n1.pem"));
    DeployFiles.Result again = DeployFiles.run(Map.of(), QUICK, DeployFiles.deploy("tls/gen-certs.sh").toString(), out.toString(), "n1=DNS:n1");
    assertThat(again.exitCode()).isZero();
    assertThat(Files.readAllBytes(out.resolve("n1.pem"))).as("an existing pair is kept").isEqualTo(before);
    assertThat(DeployFiles.run(Map.of(), QUICK, DeployFiles.deploy("tls/gen-certs.sh").toString(), out.toString(), "n3=n3").exitCode())
        .as("a SAN without DNS:/IP: is refused").isEqualTo(2);
  }

  private static X509Certificate certificate(Path pem) throws IOException, CertificateException {
    return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
  }

  private static List<String> names(X509Certificate cert) throws CertificateParsingException {
    List<String> out = new ArrayList<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      out.add(String.valueOf(san.get(1)));
    }
    return out;
  }
}
