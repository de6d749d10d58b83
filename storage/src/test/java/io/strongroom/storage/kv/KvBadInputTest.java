package io.strongroom.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.WriteMode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a typed, clear outcome and changes nothing (DESIGN invariant 7). */
class KvBadInputTest {

  final SecureRandom random = new SecureRandom();
  InMemoryEngine engine;
  Barrier barrier;
  LocalSecretStore store;

  @BeforeEach
  void open() {
    engine = new InMemoryEngine();
    try (SecretBytes root = SecretBytes.random(random, 32); SecretBytes first = SecretBytes.random(random, 32)) {
      barrier = Barrier.initialize(root, first, BarrierPolicy.DEFAULT, w -> { }, random);
    }
    store = new LocalSecretStore(engine, barrier, KvLimits.DEFAULT, WriteMode.BUFFERED);
    store.put("existing", Map.of("a", "1"), OptionalLong.empty(), 1, random);
  }

  @AfterEach
  void close() {
    barrier.close();
    engine.close();
  }

  record Case(String name, Supplier<KvResult> action, KvResult.Violation violation, String messagePart) {}

  static Map<String, String> keys(int n) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("k" + i, "v");
    }
    return m;
  }

  private KvResult put(String path, Map<String, String> data) {
    return store.put(path, data, OptionalLong.empty(), 5, random);
  }

  private List<String> snapshot() {
    List<String> all = new ArrayList<>();
    for (ColumnFamily family : ColumnFamily.values()) {
      engine.scan(family, new byte[0], (k, v) -> all.add(family + ":" + Bytes.of(k).hex() + "=" + Bytes.of(v).hex()));
    }
    return all;
  }

  @Test
  void rejectedInputChangesNothing() {
    KvState state = new KvState(engine, KvLimits.DEFAULT);
    List<Case> cases = List.of(
        new Case("oversize value", () -> put("p", Map.of("k", "x".repeat(1 << 20))), KvResult.Violation.VALUE_TOO_LARGE, "limit is 1048576"),
        new Case("too many keys", () -> put("p", keys(1_001)), KvResult.Violation.TOO_MANY_KEYS, "1001 keys, the limit is 1000"),
        new Case("path too long", () -> put("a".repeat(513), Map.of()), KvResult.Violation.PATH_TOO_LONG, "513 bytes, the limit is 512"),
        new Case("multi-byte path too long", () -> put("\u00e9".repeat(257), Map.of()), KvResult.Violation.PATH_TOO_LONG, "514 bytes"),
        new Case("empty path", () -> put("", Map.of()), KvResult.Violation.INVALID_PATH, "must not be empty"),
        new Case("leading slash", () -> put("/a", Map.of()), KvResult.Violation.INVALID_PATH, "start or end"),
        new Case("trailing slash", () -> put("a/", Map.of()), KvResult.Violation.INVALID_PATH, "start or end"),
        new Case("empty segment", () -> put("a//b", Map.of()), KvResult.Violation.INVALID_PATH, "empty segment"),
        new Case("dot-dot segment", () -> put("a/../b", Map.of()), KvResult.Violation.INVALID_PATH, "'..' segment"),
        new Case("dot segment", () -> put("./a", Map.of()), KvResult.Violation.INVALID_PATH, "'.' segment"),
        new Case("NUL in path", () -> put("a\u0000b", Map.of()), KvResult.Violation.INVALID_PATH, "control character 0x0"),
        new Case("newline in path", () -> put("a\nb", Map.of()), KvResult.Violation.INVALID_PATH, "control character 0xa"),
        new Case("unpaired surrogate in path", () -> put("a\uD800b", Map.of()), KvResult.Violation.INVALID_PATH, "unpaired surrogate"),
        new Case("empty key", () -> put("p", Map.of("", "v")), KvResult.Violation.INVALID_KEY, "empty key"),
        new Case("unpaired surrogate in value", () -> put("p", Map.of("k", "\uDC00")), KvResult.Violation.INVALID_ARGUMENT, "unpaired surrogate"),
        new Case("negative cas", () -> store.put("p", Map.of(), OptionalLong.of(-1), 5, random), KvResult.Violation.INVALID_ARGUMENT, "cas must be >= 0, was -1"),
        new Case("undelete without versions", () -> store.undelete("existing", List.of(), 5), KvResult.Violation.INVALID_ARGUMENT, "at least one version"),
        new Case("destroy version 0", () -> store.destroy("existing", List.of(0L), 5), KvResult.Violation.INVALID_ARGUMENT, "versions must be >= 1, was 0"),
        new Case("negative max_versions", () -> store.writeMetadata("existing", MetadataChange.none().withMaxVersions(-1), 5, random), KvResult.Violation.INVALID_ARGUMENT, "max_versions must be >= 0, was -1"),
        new Case("too much custom metadata", () -> store.writeMetadata("existing", MetadataChange.none().withCustomMetadata(keys(65)), 5, random), KvResult.Violation.TOO_MANY_KEYS, "65 keys, the limit is 64"),
        new Case("custom key too long", () -> store.writeMetadata("existing", MetadataChange.none().withCustomMetadata(Map.of("k".repeat(129), "v")), 5, random), KvResult.Violation.INVALID_KEY, "129 bytes, the limit is 128"),
        new Case("custom value too long", () -> store.writeMetadata("existing", MetadataChange.none().withCustomMetadata(Map.of("k", "v".repeat(513))), 5, random), KvResult.Violation.VALUE_TOO_LARGE, "513 bytes, the limit is 512"),
        new Case("apply: oversize sealed value", () -> state.apply(new KvCommand.Put("p", Bytes.of(new byte[(1 << 20) + Barrier.OVERHEAD + 1]), OptionalLong.empty()), 5, new Batch()), KvResult.Violation.VALUE_TOO_LARGE, "sealed secret is"),
        new Case("apply: not a ciphertext", () -> state.apply(new KvCommand.Put("p", Bytes.of(new byte[3]), OptionalLong.empty()), 5, new Batch()), KvResult.Violation.INVALID_ARGUMENT, "shorter than the barrier overhead"),
        new Case("apply: time zero", () -> state.apply(new KvCommand.DeleteMetadata("existing"), 0, new Batch()), KvResult.Violation.INVALID_ARGUMENT, "time must be > 0"),
        new Case("apply: invalid path", () -> state.apply(new KvCommand.WriteMetadata("a//b", OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty()), 5, new Batch()), KvResult.Violation.INVALID_PATH, "empty segment"));
    List<String> before = snapshot();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      KvResult result = c.action().get();
      if (!(result instanceof KvResult.Rejected r) || r.violation() != c.violation() || !r.message().contains(c.messagePart())) {
        failures.add(c.name() + ": " + result);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(snapshot()).as("nothing changed").isEqualTo(before);
  }

  @Test
  void wrongCasIsAnOutcomeNotARejection() {
    assertThat(store.put("existing", Map.of("a", "2"), OptionalLong.of(5), 5, random)).isEqualTo(new KvResult.CasMismatch(5, 1));
    assertThat(store.put("existing", Map.of("a", "2"), OptionalLong.of(0), 5, random)).isEqualTo(new KvResult.CasMismatch(0, 1));
  }

  @Test
  void badReadsAreRejectedNotThrown() throws Exception {
    assertThat(store.get("a//b", OptionalLong.empty(), 5)).isInstanceOf(ReadResult.Rejected.class);
    assertThat(store.get("existing", OptionalLong.of(0), 5)).isEqualTo(
        new ReadResult.Rejected(KvResult.Violation.INVALID_ARGUMENT, "version must be >= 1, was 0"));
    assertThat(store.metadata("/x")).isEmpty();
  }

  /** Stored ciphertext moved to another path, re-labelled with another term, or altered: "decryption failed". */
  @Test
  void storedCiphertextThatWasMovedOrTamperedFailsToDecrypt() {
    store.put("victim", Map.of("secret", "s3cr3t"), OptionalLong.empty(), 5, random);
    byte[] sealed = engine.get(ColumnFamily.SECRET_DATA, SecretPaths.dataKey("existing", 1)).orElseThrow();
    record Tamper(String name, String path, byte[] bytes) {}
    byte[] otherTerm = sealed.clone();
    otherTerm[4] = 2;
    byte[] flipped = sealed.clone();
    flipped[sealed.length - 1] ^= 0x40;
    byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 5);
    List<Tamper> tampers = List.of(
        new Tamper("copied to another path", "victim", sealed),
        new Tamper("wrong term", "existing", otherTerm),
        new Tamper("flipped tag bit", "existing", flipped),
        new Tamper("truncated", "existing", truncated));
    for (Tamper t : tampers) {
      engine.write(new Batch().put(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(t.path(), 1), t.bytes()), WriteMode.BUFFERED);
      assertThatThrownBy(() -> store.get(t.path(), OptionalLong.of(1), 6))
          .as(t.name()).isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed");
    }
  }

  @Test
  void customMetadataCannotBeSwappedBetweenPaths() throws Exception {
    store.writeMetadata("a", MetadataChange.none().withCustomMetadata(Map.of("owner", "a")), 5, random);
    store.writeMetadata("b", MetadataChange.none(), 5, random);
    MetadataRecord a = MetadataRecord.decode(engine.get(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey("a")).orElseThrow());
    MetadataRecord b = MetadataRecord.decode(engine.get(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey("b")).orElseThrow());
    b.sealedCustom = a.sealedCustom;
    engine.write(new Batch().put(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey("b"), b.encode()), WriteMode.BUFFERED);
    assertThatThrownBy(() -> store.metadata("b")).isInstanceOf(DecryptionFailedException.class);
    assertThat(store.metadata("a").orElseThrow().customMetadata()).containsEntry("owner", "a");
  }
}
