package io.strongroom.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.barrier.KeyringStore;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.WriteMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Differential test (after etcd's quorum/quick_test.go): random sequences of KV operations run
 * against the real store (edge + barrier + state on RocksDB, with a tiny rotation limit so terms
 * rotate mid-run) and against {@link ReferenceKv}; every result, read, metadata and listing agrees.
 */
class KvModelPropertyTest {

  static final KvLimits LIMITS = new KvLimits(40, 3, 64, 4, 8, 16, 3);
  static final String[] PATHS = {"a", "b/c", "b/d", "b/e/f", "g", "x//y", "b/.."};
  static final String[] PREFIXES = {"", "b/", "b/e/", "a/"};

  @TempDir
  static Path dir;
  static RocksDbEngine engine;
  static Barrier barrier;
  static final SecureRandom RANDOM = new SecureRandom();
  static int example;

  @BeforeAll
  static void open() {
    engine = RocksDbEngine.open(dir.resolve("db"));
    try (SecretBytes root = SecretBytes.random(RANDOM, 32); SecretBytes first = SecretBytes.random(RANDOM, 32)) {
      barrier = Barrier.initialize(root, first, new BarrierPolicy(7, 3), KeyringStore.sink(engine), RANDOM);
    }
  }

  @AfterAll
  static void close() {
    barrier.close();
    engine.close();
  }

  /** Six small numbers per operation; {@link #run} interprets them. */
  static Gen<List<List<Integer>>> operations() {
    return lists().of(lists().of(integers().between(0, 99)).ofSize(6)).ofSizeBetween(1, 40);
  }

  @Test
  void storeAgreesWithReferenceModel() {
    qt().withExamples(150).forAll(operations()).checkAssert(ops -> {
      String ns = "run" + (example++) + "/";
      LocalSecretStore store = new LocalSecretStore(engine, barrier, LIMITS, WriteMode.BUFFERED);
      ReferenceKv model = new ReferenceKv(LIMITS);
      long now = 1_000;
      List<String> trace = new ArrayList<>();
      for (List<Integer> op : ops) {
        now += op.get(5) % 3;
        trace.add(run(op, ns, now, store, model));
      }
      for (String p : PATHS) {
        try {
          assertThat(store.metadata(ns + p)).as("metadata %s after %s", p, trace).isEqualTo(model.metadata(ns + p));
        } catch (DecryptionFailedException e) {
          throw new AssertionError(e);
        }
      }
      for (String prefix : PREFIXES) {
        assertThat(store.list(ns + prefix)).as("list %s after %s", prefix, trace).isEqualTo(model.list(ns + prefix));
      }
    });
    assertThat(barrier.activeTerm()).as("terms rotated during the run").isGreaterThan(10);
  }

  private static Map<String, String> data(int seed, int size) {
    Map<String, String> data = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      data.put("k" + ((seed + i) % 5), "value-" + seed + "-" + "x".repeat((seed * 7 + i) % 20));
    }
    return data;
  }

  private static List<Long> versions(int a, int b) {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < a % 3; i++) {
      versions.add((long) ((b + i * 3) % 7 + 1));
    }
    return versions;
  }

  /** Applies one operation to both sides and checks they agree; returns a description for failures. */
  private static String run(List<Integer> op, String ns, long now, LocalSecretStore store, ReferenceKv model) {
    int a = op.get(1);
    int b = op.get(2);
    int c = op.get(3);
    int d = op.get(4);
    String path = ns + PATHS[a % 6 == 5 && b % 4 != 0 ? 0 : a % PATHS.length];
    String description;
    Object actual;
    Object expected;
    try {
      switch (op.get(0) % 10) {
        case 0, 1 -> {
          OptionalLong cas = b % 3 == 0 ? OptionalLong.empty() : OptionalLong.of(b % 4);
          Map<String, String> data = data(c, d % 5);
          description = "put " + path + " keys=" + data.keySet() + " cas=" + cas;
          actual = store.put(path, data, cas, now, RANDOM);
          expected = model.put(path, data, cas, now);
        }
        case 2 -> {
          Map<String, String> set = data(c, d % 3);
          String removed = "k" + (b % 5);
          SecretPatch patch = new SecretPatch(set, b % 2 == 0 && !set.containsKey(removed) ? Set.of(removed) : Set.of());
          description = "patch " + path + " " + patch;
          actual = store.patch(path, patch, now, RANDOM);
          expected = model.patch(path, patch, now);
        }
        case 3, 4 -> {
          OptionalLong version = b % 3 == 0 ? OptionalLong.empty() : OptionalLong.of(b % 7 + 1);
          description = "get " + path + " " + version;
          actual = store.get(path, version, now);
          expected = model.get(path, version, now);
        }
        case 5 -> {
          List<Long> versions = versions(b, c);
          description = "delete " + path + " " + versions;
          actual = store.delete(path, versions, now);
          expected = model.delete(path, versions, now);
        }
        case 6 -> {
          List<Long> versions = versions(b, c);
          description = "undelete " + path + " " + versions;
          actual = store.undelete(path, versions, now);
          expected = model.undelete(path, versions, now);
        }
        case 7 -> {
          List<Long> versions = versions(b, c);
          description = "destroy " + path + " " + versions;
          actual = store.destroy(path, versions, now);
          expected = model.destroy(path, versions, now);
        }
        case 8 -> {
          MetadataChange change = MetadataChange.none();
          if (b % 2 == 0) {
            change = change.withMaxVersions(c % 5);
          }
          if (b % 3 == 0) {
            change = change.withCasRequired(c % 2 == 0);
          }
          if (b % 5 == 0) {
            change = change.withDeleteVersionAfterMillis(d % 2 == 0 ? 0 : 4);
          }
          if (b % 7 < 3) {
            change = change.withCustomMetadata(Map.of("owner", "team-" + (c % 3)));
          }
          description = "metadata " + path + " " + change;
          actual = store.writeMetadata(path, change, now, RANDOM);
          expected = model.writeMetadata(path, change, now);
        }
        default -> {
          description = "delete-metadata " + path;
          actual = store.deleteMetadata(path, now);
          expected = model.deleteMetadata(path);
        }
      }
    } catch (DecryptionFailedException e) {
      throw new AssertionError(e);
    }
    assertThat(normalize(actual)).as("%s at t=%d", description, now).isEqualTo(normalize(expected));
    return description + " -> " + expected;
  }

  /** Rejection messages are the store's business; the model only knows the violation. */
  private static Object normalize(Object result) {
    if (result instanceof KvResult.Rejected r) {
      return new KvResult.Rejected(r.violation(), "");
    }
    if (result instanceof ReadResult.Rejected r) {
      return new ReadResult.Rejected(r.violation(), "");
    }
    return result;
  }

}
