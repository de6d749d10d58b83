package io.strongroom.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.barrier.KeyringStore;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KV v2 scenarios (Vault's documented semantics for /data, /metadata, /delete, /undelete, /destroy),
 * run on every engine implementation.
 */
abstract class KvStoreContract {

  protected abstract StorageEngine newEngine() throws Exception;

  final SecureRandom random = new SecureRandom();
  StorageEngine engine;
  Barrier barrier;
  LocalSecretStore store;

  @BeforeEach
  void open() throws Exception {
    engine = newEngine();
    try (SecretBytes root = SecretBytes.random(random, 32); SecretBytes first = SecretBytes.random(random, 32)) {
      barrier = Barrier.initialize(root, first, BarrierPolicy.DEFAULT, KeyringStore.sink(engine), random);
    }
    store = new LocalSecretStore(engine, barrier, KvLimits.DEFAULT, WriteMode.BUFFERED);
  }

  @AfterEach
  void close() {
    barrier.close();
    engine.close();
  }

  KvResult put(String path, Map<String, String> data, long now) {
    return store.put(path, data, OptionalLong.empty(), now, random);
  }

  Map<String, String> data(String path, long version) throws DecryptionFailedException {
    ReadResult r = store.get(path, version == 0 ? OptionalLong.empty() : OptionalLong.of(version), 10_000);
    assertThat(r).isInstanceOf(ReadResult.Found.class);
    return ((ReadResult.Found) r).data();
  }

  @Test
  void putCreatesVersionsAndGetReadsLatestOrOne() throws Exception {
    assertThat(put("app/db", Map.of("user", "a", "pass", "1"), 100)).isEqualTo(new KvResult.Written(1));
    assertThat(put("app/db", Map.of("user", "b"), 200)).isEqualTo(new KvResult.Written(2));
    assertThat(data("app/db", 0)).isEqualTo(Map.of("user", "b"));
    assertThat(data("app/db", 1)).isEqualTo(Map.of("user", "a", "pass", "1"));
    assertThat(store.get("app/db", OptionalLong.of(3), 300)).isEqualTo(new ReadResult.NotFound());
    assertThat(store.get("app/other", OptionalLong.empty(), 300)).isEqualTo(new ReadResult.NotFound());
    ReadResult.Found latest = (ReadResult.Found) store.get("app/db", OptionalLong.empty(), 300);
    assertThat(latest.info()).isEqualTo(new VersionInfo(2, 200, 0, false));
    assertThat(latest.toString()).doesNotContain("user").doesNotContain("b}");
  }

  @Test
  void checkAndSet() {
    assertThat(store.put("p", Map.of("a", "1"), OptionalLong.of(1), 1, random)).isEqualTo(new KvResult.CasMismatch(1, 0));
    assertThat(store.put("p", Map.of("a", "1"), OptionalLong.of(0), 1, random)).isEqualTo(new KvResult.Written(1));
    assertThat(store.put("p", Map.of("a", "2"), OptionalLong.of(0), 2, random)).isEqualTo(new KvResult.CasMismatch(0, 1));
    assertThat(store.put("p", Map.of("a", "2"), OptionalLong.of(1), 2, random)).isEqualTo(new KvResult.Written(2));
    assertThat(store.writeMetadata("p", MetadataChange.none().withCasRequired(true), 3, random)).isEqualTo(new KvResult.Done());
    assertThat(put("p", Map.of("a", "3"), 4)).isEqualTo(new KvResult.CasRequired());
    assertThat(store.put("p", Map.of("a", "3"), OptionalLong.of(2), 4, random)).isEqualTo(new KvResult.Written(3));
  }

  @Test
  void patchMergesIntoTheLatestWithCas() throws Exception {
    assertThat(store.patch("p", new SecretPatch(Map.of("a", "1"), Set.of()), 1, random)).isEqualTo(new KvResult.NotFound());
    put("p", Map.of("a", "1", "b", "2", "c", "3"), 1);
    assertThat(store.patch("p", new SecretPatch(Map.of("b", "20", "d", "4"), Set.of("c")), 2, random)).isEqualTo(new KvResult.Written(2));
    assertThat(data("p", 0)).isEqualTo(Map.of("a", "1", "b", "20", "d", "4"));
    store.delete("p", List.of(), 3);
    assertThat(store.patch("p", new SecretPatch(Map.of("x", "y"), Set.of()), 4, random)).isEqualTo(new KvResult.NotFound());
  }

  @Test
  void patchIsSafeAgainstAConcurrentWrite() throws Exception {
    put("p", Map.of("a", "1"), 1);
    KvState state = new KvState(engine, KvLimits.DEFAULT);
    KvEdge edge = new KvEdge(barrier, state);
    Prepared patch = edge.preparePatch("p", new SecretPatch(Map.of("b", "2"), Set.of()), 2, random);
    put("p", Map.of("a", "other writer"), 3);
    io.strongroom.storage.engine.Batch batch = new io.strongroom.storage.engine.Batch();
    assertThat(state.apply(((Prepared.Propose) patch).command(), 4, batch)).isEqualTo(new KvResult.CasMismatch(1, 2));
    assertThat(batch.isEmpty()).isTrue();
    assertThat(data("p", 0)).isEqualTo(Map.of("a", "other writer"));
  }

  @Test
  void softDeleteUndeleteAndDestroy() throws Exception {
    put("p", Map.of("a", "1"), 10);
    put("p", Map.of("a", "2"), 20);
    put("p", Map.of("a", "3"), 30);
    assertThat(store.delete("p", List.of(), 40)).isEqualTo(new KvResult.Done());
    assertThat(store.get("p", OptionalLong.empty(), 41)).isEqualTo(new ReadResult.Deleted(new VersionInfo(3, 30, 40, false)));
    assertThat(store.delete("p", List.of(1L, 99L), 50)).isEqualTo(new KvResult.Done());
    assertThat(store.undelete("p", List.of(3L), 60)).isEqualTo(new KvResult.Done());
    assertThat(data("p", 3)).isEqualTo(Map.of("a", "3"));
    assertThat(store.destroy("p", List.of(1L, 2L), 70)).isEqualTo(new KvResult.Done());
    assertThat(store.get("p", OptionalLong.of(2), 71)).isEqualTo(new ReadResult.Destroyed(new VersionInfo(2, 20, 0, true)));
    assertThat(store.get("p", OptionalLong.of(1), 71)).isEqualTo(new ReadResult.Destroyed(new VersionInfo(1, 10, 50, true)));
    assertThat(store.undelete("p", List.of(1L), 80)).isEqualTo(new KvResult.Done());
    assertThat(store.get("p", OptionalLong.of(1), 81)).isInstanceOf(ReadResult.Destroyed.class);
    assertThat(engine.get(io.strongroom.storage.engine.ColumnFamily.SECRET_DATA, SecretPaths.dataKey("p", 1))).as("data removed").isEmpty();
    assertThat(store.delete("missing", List.of(), 1)).isEqualTo(new KvResult.NotFound());
  }

  @Test
  void maxVersionsPrunesTheOldest() throws Exception {
    for (int i = 1; i <= 12; i++) {
      put("p", Map.of("v", Integer.toString(i)), i);
    }
    SecretMetadata meta = store.metadata("p").orElseThrow();
    assertThat(meta.currentVersion()).isEqualTo(12);
    assertThat(meta.oldestVersion()).isEqualTo(3);
    assertThat(meta.versions()).hasSize(10);
    assertThat(store.get("p", OptionalLong.of(2), 20)).isEqualTo(new ReadResult.NotFound());
    assertThat(store.writeMetadata("p", MetadataChange.none().withMaxVersions(2), 30, random)).isEqualTo(new KvResult.Done());
    assertThat(store.metadata("p").orElseThrow().versions()).extracting(VersionInfo::version).containsExactly(11L, 12L);
    assertThat(engine.get(io.strongroom.storage.engine.ColumnFamily.SECRET_DATA, SecretPaths.dataKey("p", 10))).isEmpty();
    assertThat(data("p", 11)).isEqualTo(Map.of("v", "11"));
  }

  @Test
  void deleteVersionAfterExpiresVersionsAtTheCallersTime() throws Exception {
    store.writeMetadata("p", MetadataChange.none().withDeleteVersionAfterMillis(1_000), 1, random);
    put("p", Map.of("a", "1"), 100);
    assertThat(store.get("p", OptionalLong.empty(), 1_099)).isInstanceOf(ReadResult.Found.class);
    assertThat(store.get("p", OptionalLong.empty(), 1_100)).isEqualTo(new ReadResult.Deleted(new VersionInfo(1, 100, 1_100, false)));
  }

  @Test
  void metadataRoundTripsWithSealedCustomMetadata() throws Exception {
    assertThat(store.metadata("p")).isEmpty();
    store.writeMetadata("p", MetadataChange.none().withMaxVersions(5).withCustomMetadata(Map.of("owner", "team-a")), 5, random);
    put("p", Map.of("a", "1"), 7);
    SecretMetadata meta = store.metadata("p").orElseThrow();
    assertThat(meta).isEqualTo(new SecretMetadata("p", 5, 7, 1, 1, 5, false, 0, Map.of("owner", "team-a"),
        List.of(new VersionInfo(1, 7, 0, false))));
    byte[] stored = engine.get(io.strongroom.storage.engine.ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey("p")).orElseThrow();
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("team-a").doesNotContain("owner");
    store.writeMetadata("p", MetadataChange.none().withCasRequired(true), 9, random);
    assertThat(store.metadata("p").orElseThrow().customMetadata()).as("absent fields unchanged").containsEntry("owner", "team-a");
  }

  @Test
  void deleteMetadataRemovesEverything() throws Exception {
    put("p", Map.of("a", "1"), 1);
    put("p", Map.of("a", "2"), 2);
    assertThat(store.deleteMetadata("p", 3)).isEqualTo(new KvResult.Done());
    assertThat(store.metadata("p")).isEmpty();
    assertThat(store.get("p", OptionalLong.of(1), 4)).isEqualTo(new ReadResult.NotFound());
    List<byte[]> data = new java.util.ArrayList<>();
    engine.scan(io.strongroom.storage.engine.ColumnFamily.SECRET_DATA, new byte[0], (k, v) -> data.add(k));
    assertThat(data).isEmpty();
    assertThat(store.deleteMetadata("p", 5)).isEqualTo(new KvResult.NotFound());
    assertThat(put("p", Map.of("a", "3"), 6)).as("versions restart").isEqualTo(new KvResult.Written(1));
  }

  @Test
  void listShowsSecretsAndFolders() {
    for (String p : List.of("app/db", "app/web/tls", "app/web/key", "app/z", "app0", "apps/x", "top")) {
      put(p, Map.of("k", "v"), 1);
    }
    store.writeMetadata("app/meta-only", MetadataChange.none(), 1, random);
    assertThat(store.list("")).containsExactly("app/", "app0", "apps/", "top");
    assertThat(store.list("app/")).containsExactly("db", "meta-only", "web/", "z");
    assertThat(store.list("app/web/")).containsExactly("key", "tls");
    assertThat(store.list("nothing/")).isEmpty();
    assertThat(store.list("app")).as("a prefix must end in '/'").isEmpty();
    assertThat(store.list("/")).isEmpty();
  }

  @Test
  void aWrittenSecretSurvivesInTheEngineOnlyAsCiphertext() {
    put("p", Map.of("user", "plain-text-marker"), 1);
    byte[] stored = engine.get(io.strongroom.storage.engine.ColumnFamily.SECRET_DATA, SecretPaths.dataKey("p", 1)).orElseThrow();
    assertThat(stored[0]).isEqualTo((byte) 1);
    assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("plain-text-marker").doesNotContain("user");
  }
}
