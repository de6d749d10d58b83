package io.strongroom.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.KeyringStore;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.WriteMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN invariant 1: no plaintext secret or key reaches disk. Writes known values through the
 * barrier, flushes to SST, takes a checkpoint, closes, then scans every byte of every file under the
 * data root (SST, WAL, MANIFEST, OPTIONS, LOG, checkpoint). A control marker written unencrypted to
 * the system family must be found by the same scan, so the test would fail if encryption were off.
 */
class PlaintextCanaryTest {

  static final String SECRET_VALUE = "CANARY-VALUE-6f1ed002ab5595859014ebf0951522d9";
  static final String SECRET_KEY = "CANARY-KEY-name-4b227777";
  static final String PATCHED_VALUE = "CANARY-PATCHED-ef2d127de37b942b";
  static final String CUSTOM_VALUE = "CANARY-CUSTOM-META-e7f6c011776e";
  static final String CONTROL = "CONTROL-MARKER-UNENCRYPTED-1b6453892473a467";

  @TempDir
  Path root;

  @Test
  void noPlaintextOrKeyOnDisk() throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] rootKey;
    byte[] dataKey;
    byte[] rotatedKey;
    Path dataDir = root.resolve("data");
    try (RocksDbEngine engine = RocksDbEngine.open(dataDir);
      SecretBytes rootSecret = SecretBytes.random(random, 32);
      SecretBytes firstSecret = SecretBytes.random(random, 32);
      SecretBytes rotated = SecretBytes.random(random, 32);
      Barrier barrier = Barrier.initialize(rootSecret, firstSecret, BarrierPolicy.DEFAULT, KeyringStore.sink(engine), random)) {
      rootKey = rootSecret.toByteArray();
      dataKey = firstSecret.toByteArray();
      rotatedKey = rotated.toByteArray();
      LocalSecretStore store = new LocalSecretStore(engine, barrier, KvLimits.DEFAULT, WriteMode.BUFFERED);
      assertThat(store.put("canary/secret", Map.of(SECRET_KEY, SECRET_VALUE), OptionalLong.empty(), 1, random))
          .isEqualTo(new KvResult.Written(1));
      assertThat(store.writeMetadata("canary/secret", MetadataChange.none().withCustomMetadata(Map.of("note", CUSTOM_VALUE)), 2, random))
          .isEqualTo(new KvResult.Done());
      barrier.rotate(rotated, random);
      assertThat(store.patch("canary/secret", new SecretPatch(Map.of("second", PATCHED_VALUE), Set.of()), 3, random))
          .isEqualTo(new KvResult.Written(2));
      engine.write(new Batch().put(ColumnFamily.SYSTEM, "control".getBytes(StandardCharsets.UTF_8),
          CONTROL.getBytes(StandardCharsets.UTF_8)), WriteMode.BUFFERED);
      engine.flush();
      engine.checkpoint(root.resolve("checkpoints/snapshot.1_3"));
      // One more write after the checkpoint, left in the WAL and memtable until close.
      store.put("canary/secret", Map.of(SECRET_KEY, SECRET_VALUE), OptionalLong.empty(), 4, random);
    }

    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).anyMatch(p -> p.toString().endsWith(".sst") && p.startsWith(dataDir));
    assertThat(files).anyMatch(p -> p.toString().endsWith(".sst") && p.startsWith(root.resolve("checkpoints")));
    assertThat(files).anyMatch(p -> p.getFileName().toString().startsWith("MANIFEST-"));
    assertThat(files).anyMatch(p -> p.toString().endsWith(".log"));

    Map<String, byte[]> forbidden = Map.of(
        "secret value", utf8(SECRET_VALUE),
        "secret key name", utf8(SECRET_KEY),
        "patched value", utf8(PATCHED_VALUE),
        "custom metadata", utf8(CUSTOM_VALUE),
        "root key", rootKey,
        "data key term 1", dataKey,
        "data key term 2", rotatedKey);
    List<String> leaks = new ArrayList<>();
    List<Path> controlFound = new ArrayList<>();
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      forbidden.forEach((what, needle) -> {
        if (indexOf(content, needle) >= 0) {
          leaks.add(what + " in " + root.relativize(file));
        }
      });
      if (indexOf(content, utf8(CONTROL)) >= 0) {
        controlFound.add(root.relativize(file));
      }
    }
    assertThat(leaks).as("plaintext or key material on disk").isEmpty();
    assertThat(controlFound).as("the scan finds unencrypted data").anyMatch(p -> p.toString().endsWith(".sst") && p.startsWith("data"));
    assertThat(controlFound).anyMatch(p -> p.startsWith("checkpoints"));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

}
