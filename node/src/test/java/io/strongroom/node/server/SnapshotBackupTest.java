package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.InitResult;
import io.strongroom.client.InvalidArgumentException;
import io.strongroom.client.SnapshotInfo;
import io.strongroom.client.StrongroomClient;
import io.strongroom.node.DiskScan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code operator raft snapshot save | restore} on a real 3-node cluster: a backup holds
 * ciphertext only, brings every node back to its state, and is refused by another cluster or when
 * damaged, changing nothing.
 */
class SnapshotBackupTest {
  private static final String CANARY = "canary-b4ckup-5ecret-value";

  @TempDir Path dir;
  private LocalCluster cluster;
  private LocalCluster other;

  @BeforeAll
  static void noSystemExit() {
    ExitUtils.disableSystemExit();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (other != null) {
      other.close();
    }
  }

  @Test
  void aBackupRestoresEveryNodeAndHoldsNoPlaintext() throws Exception {
    cluster = new LocalCluster(dir.resolve("a"), 3).startAll();
    InitResult init = cluster.initAndUnsealAll(5, 3);
    StrongroomClient root = cluster.client(init.rootToken());
    root.kv().put("app/db", Map.of("password", CANARY));
    root.kv().put("app/db", Map.of("password", CANARY + "-v2"));
    root.kv().put("app/cache", Map.of("url", "redis://cache"));

    ByteArrayOutputStream backup = new ByteArrayOutputStream();
    SnapshotInfo saved = root.sys().raftSnapshotSave(backup, b -> {});
    byte[] bytes = backup.toByteArray();
    assertThat(saved.bytes()).isEqualTo(bytes.length);
    assertThat(saved.index()).isPositive();
    assertThat(DiskScan.contains(bytes, CANARY.getBytes(StandardCharsets.UTF_8))).as("backup holds the secret in the clear").isFalse();
    assertThat(DiskScan.contains(bytes, "redis://cache".getBytes(StandardCharsets.UTF_8))).isFalse();

    // Life goes on after the backup: a change, a new secret, a destroyed one.
    root.kv().put("app/db", Map.of("password", "after the backup"));
    root.kv().put("app/new", Map.of("k", "v"));
    root.kv().deleteMetadata("app/cache");

    SnapshotInfo restored = root.sys().raftSnapshotRestore(new ByteArrayInputStream(bytes), b -> {});
    assertThat(restored.records()).isPositive();
    assertThat(restored.sha256()).isEqualTo(saved.sha256());

    for (String id : cluster.running.keySet()) {
      StrongroomClient one = cluster.client(init.rootToken(), cluster.address(id));
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(one.kv().get("app/db").orElseThrow().data()).containsEntry("password", CANARY + "-v2");
        assertThat(one.kv().get("app/db", 1).orElseThrow().data()).containsEntry("password", CANARY);
        assertThat(one.kv().get("app/cache").orElseThrow().data()).containsEntry("url", "redis://cache");
      });
      assertThat(one.kv().get("app/new")).isEmpty();
    }
    // the cluster still works and keeps its keys: writes, and the seal survives a restart of one node
    root.kv().put("app/after-restore", Map.of("ok", "yes"));
    assertThat(root.kv().get("app/after-restore").orElseThrow().data()).containsEntry("ok", "yes");

    // a damaged copy is refused at the end and changes nothing
    byte[] damaged = bytes.clone();
    damaged[damaged.length / 2] ^= 0x40;
    assertThatThrownBy(() -> root.sys().raftSnapshotRestore(new ByteArrayInputStream(damaged), b -> {}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("nothing changed");
    assertThat(root.kv().get("app/after-restore").orElseThrow().data()).containsEntry("ok", "yes");

    // another cluster's keys cannot read it: refused before anything is proposed
    other = new LocalCluster(dir.resolve("b"), 1).startAll();
    InitResult otherInit = other.initAndUnsealAll(1, 1);
    StrongroomClient otherRoot = other.client(otherInit.rootToken());
    otherRoot.kv().put("b/only", Map.of("k", "v"));
    assertThatThrownBy(() -> otherRoot.sys().raftSnapshotRestore(new ByteArrayInputStream(bytes), b -> {}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("belongs to key set")
        .hasMessageContaining("never had");
    assertThat(otherRoot.kv().get("b/only").orElseThrow().data()).containsEntry("k", "v");

    // garbage is refused by name
    assertThatThrownBy(() -> root.sys().raftSnapshotRestore(new ByteArrayInputStream("not a backup at all, sorry".getBytes(StandardCharsets.UTF_8)), b -> {}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("not a Strongroom snapshot");
  }
}
