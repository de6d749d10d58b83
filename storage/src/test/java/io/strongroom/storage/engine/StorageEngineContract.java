package io.strongroom.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The {@link StorageEngine} contract, run against every implementation (one subclass each): the same
 * ordering, atomicity, copy and lifecycle behaviour everywhere.
 */
abstract class StorageEngineContract {

  protected StorageEngine engine;

  /** A fresh, empty engine. */
  protected abstract StorageEngine newEngine() throws Exception;

  @BeforeEach
  void open() throws Exception {
    engine = newEngine();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private void put(ColumnFamily family, String key, String value) {
    engine.write(new Batch().put(family, b(key), b(value)), WriteMode.BUFFERED);
  }

  private List<String> keys(ColumnFamily family, byte[] prefix, byte[] startAt) {
    List<String> keys = new ArrayList<>();
    engine.scan(family, prefix, startAt, (k, v) -> keys.add(s(k)));
    return keys;
  }

  @Test
  void getReturnsWhatWasPutAndEmptyForAbsentKeys() {
    put(ColumnFamily.SYSTEM, "a", "1");
    assertThat(engine.get(ColumnFamily.SYSTEM, b("a"))).hasValueSatisfying(v -> assertThat(s(v)).isEqualTo("1"));
    assertThat(engine.get(ColumnFamily.SYSTEM, b("b"))).isEmpty();
  }

  @Test
  void familiesAreSeparateKeySpaces() {
    put(ColumnFamily.SECRET_DATA, "k", "data");
    put(ColumnFamily.SECRET_METADATA, "k", "meta");
    assertThat(s(engine.get(ColumnFamily.SECRET_DATA, b("k")).orElseThrow())).isEqualTo("data");
    assertThat(s(engine.get(ColumnFamily.SECRET_METADATA, b("k")).orElseThrow())).isEqualTo("meta");
    for (ColumnFamily other : List.of(ColumnFamily.SYSTEM, ColumnFamily.AUDIT, ColumnFamily.APPLIED)) {
      assertThat(engine.get(other, b("k"))).isEmpty();
    }
  }

  @Test
  void batchAppliesPutsAndDeletesAcrossFamiliesInOrder() {
    put(ColumnFamily.SYSTEM, "gone", "x");
    Batch batch = new Batch()
        .put(ColumnFamily.SECRET_DATA, b("d"), b("1"))
        .put(ColumnFamily.APPLIED, b("index"), b("7"))
        .delete(ColumnFamily.SYSTEM, b("gone"))
        .put(ColumnFamily.AUDIT, b("k"), b("first"))
        .put(ColumnFamily.AUDIT, b("k"), b("second"))
        .delete(ColumnFamily.SYSTEM, b("never-existed"));
    assertThat(batch.size()).isEqualTo(6);
    engine.write(batch, WriteMode.DURABLE);
    assertThat(s(engine.get(ColumnFamily.SECRET_DATA, b("d")).orElseThrow())).isEqualTo("1");
    assertThat(s(engine.get(ColumnFamily.APPLIED, b("index")).orElseThrow())).isEqualTo("7");
    assertThat(engine.get(ColumnFamily.SYSTEM, b("gone"))).isEmpty();
    assertThat(s(engine.get(ColumnFamily.AUDIT, b("k")).orElseThrow())).isEqualTo("second");
  }

  @Test
  void everyWriteModeIsAccepted() {
    for (WriteMode mode : List.of(WriteMode.DURABLE, WriteMode.BUFFERED, WriteMode.NO_WAL)) {
      engine.write(new Batch().put(ColumnFamily.SYSTEM, b(mode.toString()), b("v")), mode);
      assertThat(engine.get(ColumnFamily.SYSTEM, b(mode.toString()))).isPresent();
    }
    engine.write(new Batch(), WriteMode.DURABLE);
  }

  @Test
  void syncWithoutWalIsRejected() {
    assertThatThrownBy(() -> new WriteMode(true, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sync requires the write-ahead log");
  }

  @Test
  void arraysAreCopiedInAndOut() {
    byte[] key = b("key");
    byte[] value = b("value");
    Batch batch = new Batch().put(ColumnFamily.SYSTEM, key, value);
    value[0] = 'X';
    engine.write(batch, WriteMode.BUFFERED);
    key[0] = 'X';
    byte[] read = engine.get(ColumnFamily.SYSTEM, b("key")).orElseThrow();
    assertThat(s(read)).isEqualTo("value");
    read[0] = 'Y';
    assertThat(s(engine.get(ColumnFamily.SYSTEM, b("key")).orElseThrow())).isEqualTo("value");
  }

  @Test
  void scanVisitsOnlyThePrefixInUnsignedOrder() {
    for (String k : List.of("a", "a/", "a/1", "a/2", "a/2/x", "a0", "b", "a/\u00e9", "a/~")) {
      put(ColumnFamily.SECRET_METADATA, k, "v" + k);
    }
    assertThat(keys(ColumnFamily.SECRET_METADATA, b("a/"), b("a/"))).containsExactly("a/", "a/1", "a/2", "a/2/x", "a/~", "a/\u00e9");
    assertThat(keys(ColumnFamily.SECRET_METADATA, b("a/"), b("a/2/"))).containsExactly("a/2/x", "a/~", "a/\u00e9");
    assertThat(keys(ColumnFamily.SECRET_METADATA, b("a/"), b("0"))).as("startAt below the prefix").hasSize(6);
    assertThat(keys(ColumnFamily.SECRET_METADATA, b(""), null)).hasSize(9);
    assertThat(keys(ColumnFamily.SECRET_METADATA, b("zz"), null)).isEmpty();
    assertThat(keys(ColumnFamily.SECRET_DATA, b(""), null)).isEmpty();
  }

  @Test
  void scanHandlesPrefixesEndingInFF() {
    byte[] prefix = {(byte) 0xFF, (byte) 0xFF};
    engine.write(new Batch()
        .put(ColumnFamily.AUDIT, new byte[] {(byte) 0xFF, (byte) 0xFE}, b("no"))
        .put(ColumnFamily.AUDIT, new byte[] {(byte) 0xFF, (byte) 0xFF}, b("yes1"))
        .put(ColumnFamily.AUDIT, new byte[] {(byte) 0xFF, (byte) 0xFF, 0}, b("yes2")), WriteMode.BUFFERED);
    List<String> values = new ArrayList<>();
    engine.scan(ColumnFamily.AUDIT, prefix, (k, v) -> values.add(s(v)));
    assertThat(values).containsExactly("yes1", "yes2");
  }

  @Test
  void scanStartingPastThePrefixVisitsNothing() {
    put(ColumnFamily.AUDIT, "a1", "v");
    put(ColumnFamily.AUDIT, "b1", "v");
    List<String> seen = new ArrayList<>();
    engine.scan(ColumnFamily.AUDIT, b("a"), b("b"), (k, v) -> seen.add(s(k)));
    assertThat(seen).isEmpty();
  }

  @Test
  void scanStopsWhenTheVisitorSaysSo() {
    for (int i = 0; i < 10; i++) {
      put(ColumnFamily.AUDIT, "e" + i, "v");
    }
    List<String> seen = new ArrayList<>();
    engine.scan(ColumnFamily.AUDIT, b("e"), (k, v) -> seen.add(s(k)) && seen.size() < 3);
    assertThat(seen).containsExactly("e0", "e1", "e2");
  }

  @Test
  void scanIsASnapshotAndVisitorsMayWrite() {
    put(ColumnFamily.SYSTEM, "p/1", "v");
    put(ColumnFamily.SYSTEM, "p/2", "v");
    List<String> seen = new ArrayList<>();
    engine.scan(ColumnFamily.SYSTEM, b("p/"), (k, v) -> {
      seen.add(s(k));
      put(ColumnFamily.SYSTEM, "p/3", "added during scan");
      return true;
    });
    assertThat(seen).containsExactly("p/1", "p/2");
    assertThat(engine.get(ColumnFamily.SYSTEM, b("p/3"))).isPresent();
  }

  @Test
  void callsAfterCloseFailCleanly() {
    engine.close();
    engine.close();
    assertThatThrownBy(() -> engine.get(ColumnFamily.SYSTEM, b("a"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> put(ColumnFamily.SYSTEM, "a", "b")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> engine.scan(ColumnFamily.SYSTEM, b(""), (k, v) -> true)).isInstanceOf(IllegalStateException.class);
  }

  /** Random batches against a TreeMap model; then every prefix scan agrees with the model. */
  @Test
  void randomBatchesAgreeWithASortedMap() {
    Gen<int[]> op = integers().between(0, 2).zip(integers().between(0, 40), integers().between(0, 9),
        (kind, key, value) -> new int[] {kind, key, value});
    Gen<List<List<int[]>>> batches = lists().of(lists().of(op).ofSizeBetween(0, 6)).ofSizeBetween(1, 15);
    int[] run = {0};
    qt().withExamples(60).forAll(batches).checkAssert(list -> {
      ColumnFamily family = ColumnFamily.values()[run[0]++ % ColumnFamily.values().length];
      String ns = "run" + run[0] + "/";
      Map<String, String> model = new TreeMap<>();
      for (List<int[]> ops : list) {
        Batch batch = new Batch();
        for (int[] o : ops) {
          String key = ns + Integer.toString(o[1], 3);
          if (o[0] == 0) {
            batch.delete(family, b(key));
            model.remove(key);
          } else {
            batch.put(family, b(key), b("v" + o[2]));
            model.put(key, "v" + o[2]);
          }
        }
        engine.write(batch, WriteMode.NO_WAL);
      }
      for (String prefix : List.of(ns, ns + "1", ns + "2", ns + "10")) {
        List<String> actual = new ArrayList<>();
        engine.scan(family, b(prefix), (k, v) -> actual.add(s(k) + "=" + s(v)));
        List<String> expected = new ArrayList<>();
        model.forEach((k, v) -> {
          if (k.startsWith(prefix)) {
            expected.add(k + "=" + v);
          }
        });
        assertThat(actual).as("prefix %s", prefix).isEqualTo(expected);
      }
      for (int k = 0; k < 41; k++) {
        String key = ns + Integer.toString(k, 3);
        assertThat(engine.get(family, b(key)).map(StorageEngineContract::s)).isEqualTo(java.util.Optional.ofNullable(model.get(key)));
      }
    });
  }

  @Test
  void keyOrderIsUnsignedBytewise() {
    engine.write(new Batch()
        .put(ColumnFamily.SYSTEM, new byte[] {(byte) 0x80}, b("high"))
        .put(ColumnFamily.SYSTEM, new byte[] {0x7F}, b("low"))
        .put(ColumnFamily.SYSTEM, new byte[] {0x7F, 0}, b("low-longer")), WriteMode.BUFFERED);
    List<byte[]> keys = new ArrayList<>();
    engine.scan(ColumnFamily.SYSTEM, new byte[0], (k, v) -> keys.add(k));
    assertThat(keys).satisfiesExactly(
        k -> assertThat(Arrays.equals(k, new byte[] {0x7F})).isTrue(),
        k -> assertThat(Arrays.equals(k, new byte[] {0x7F, 0})).isTrue(),
        k -> assertThat(Arrays.equals(k, new byte[] {(byte) 0x80})).isTrue());
  }
}
