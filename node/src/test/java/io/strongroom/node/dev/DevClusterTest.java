package io.strongroom.node.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.Status;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.StrongroomException;
import io.strongroom.node.DiskScan;
import io.strongroom.client.UnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes (as {@code strongroom dev} runs them, TLS on by default): kill -9 the leader
 * while a client writes, and every acknowledged write must still be readable on every node
 * afterwards; no file and no log of any node may contain a secret value.
 */
class DevClusterTest {
  private static final String SECRET_PREFIX = "plaintext-canary-5d1e-";

  @TempDir Path dir;
  private DevCluster cluster;
  private StrongroomClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private StrongroomClient client(List<String> addresses) {
    return StrongroomClient.builder()
        .trustCertificates(cluster.caCertificate().orElseThrow())
        .addresses(addresses)
        .token(cluster.rootToken().toCharArray())
        .retryDeadline(Duration.ofSeconds(20))
        .maxAttempts(100)
        .build();
  }

  @Test
  void killingTheLeaderDuringWritesLosesNoAcknowledgedWrite() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    cluster = DevCluster.start(dir, 3, true, new PrintStream(progress, true, StandardCharsets.UTF_8));
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("n1 unsealed", "n2 unsealed", "n3 unsealed");
    assertThat(Files.readString(cluster.dir().resolve("dev.env")))
        .contains("export STRONGROOM_ADDR=", "export STRONGROOM_TOKEN='sr.", "export STRONGROOM_UNSEAL_SHARES='srs1-", "export STRONGROOM_NODE_PIDS='n1:")
        .contains("export STRONGROOM_CACERT='" + dir.toAbsolutePath().normalize().resolve("tls/ca.pem") + "'");
    assertThat(cluster.caCertificate()).hasValueSatisfying(ca -> assertThat(ca).isRegularFile());
    client = client(cluster.clientAddresses());

    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; writing.get(); i++) {
                try {
                  client.kv().put("app/w" + i, Map.of("v", SECRET_PREFIX + i));
                  acknowledged.add(i);
                } catch (StrongroomException e) {
                  // indeterminate: may or may not have been applied; only acknowledged writes are checked
                }
              }
            },
            "writer");
    writer.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 30);

    String leader = client.sys().status().leader().orElseThrow();
    DevCluster.Node killed = cluster.node(leader).orElseThrow();
    killed.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no flush
    int atKill = acknowledged.size();
    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= atKill + 30);
    writing.set(false);
    writer.join();

    cluster.launch(leader);
    cluster.unsealAll(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    for (String address : cluster.clientAddresses()) {
      try (StrongroomClient one = client(List.of(address))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  for (int i : acknowledged) {
                    assertThat(one.kv().get("app/w" + i)).as("w%d on %s", i, address).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("v", SECRET_PREFIX + i));
                  }
                });
      }
    }

    cluster.close();
    cluster = null;
    byte[] needle = SECRET_PREFIX.getBytes(StandardCharsets.UTF_8);
    List<Path> files = DiskScan.files(dir);
    assertThat(files).anyMatch(f -> f.getFileName().toString().equals("node.log"));
    for (Path f : files) {
      assertThat(DiskScan.contains(DiskScan.read(f), needle)).as("a secret value in %s", f).isFalse();
      if (!f.getFileName().toString().endsWith(".key")) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("key material in %s", f).doesNotContain("PRIVATE KEY");
      }
    }
  }


  @Test
  void aFreshDirectoryGetsNodesThatListEachOtherAsPeersWithTlsReusedOnRestart() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s).isEmpty();
    }
    cluster = DevCluster.start(dir, 1, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(Files.readString(dir.resolve("n1/node.yaml")))
        .contains("node_id: n1", "peers:", "{id: n1, raft_address: 127.0.0.1:")
        .contains("tls:\n  cert: ../tls/n1.pem\n  key: ../tls/n1.key\n  ca: ../tls/ca.pem\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/n1.key")))).isEqualTo("rw-------");
    assertThat(status(cluster.caCertificate()).initialized()).isFalse();
    try (StrongroomClient plaintext = StrongroomClient.builder().addresses(cluster.clientAddresses()).retryDeadline(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> plaintext.sys().status()).isInstanceOf(UnavailableException.class);
    }
    String ca = Files.readString(dir.resolve("tls/ca.pem"));
    String n1 = Files.readString(dir.resolve("tls/n1.pem"));
    cluster.close();

    cluster = DevCluster.start(dir, 1, false, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(cluster.caCertificate()).as("the directory's TLS setting wins over --no-tls").isPresent();
    assertThat(Files.readString(dir.resolve("tls/ca.pem"))).isEqualTo(ca);
    assertThat(Files.readString(dir.resolve("tls/n1.pem"))).isEqualTo(n1);
    assertThat(status(cluster.caCertificate()).initialized()).isFalse();
  }

  @Test
  void noTlsRunsANewClusterInPlaintext() throws IOException {
    cluster = DevCluster.start(dir, 1, false, false, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(cluster.caCertificate()).isEmpty();
    assertThat(dir.resolve("tls")).doesNotExist();
    assertThat(Files.readString(dir.resolve("n1/node.yaml"))).doesNotContain("tls:");
    assertThat(Files.readString(dir.resolve("dev.env"))).doesNotContain("STRONGROOM_CACERT");
    assertThat(status(Optional.empty()).initialized()).isFalse();
  }

  private Status status(Optional<Path> ca) {
    StrongroomClient.Builder b = StrongroomClient.builder().addresses(cluster.clientAddresses());
    ca.ifPresent(b::trustCertificates);
    try (StrongroomClient anon = b.build()) {
      return anon.sys().status();
    }
  }
}
