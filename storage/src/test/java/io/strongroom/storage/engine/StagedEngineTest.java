package io.strongroom.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A staged view must read exactly like an engine that received the same writes directly. */
class StagedEngineTest {

  @Test
  void stagedReadsMatchAnEngineWrittenDirectlyAndNothingLeaksBeforeCommit() {
    qt().withExamples(200)
        .forAll(integers().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              InMemoryEngine base = new InMemoryEngine();
              InMemoryEngine reference = new InMemoryEngine();
              Batch initial = randomBatch(r);
              base.write(initial, WriteMode.BUFFERED);
              reference.write(initial, WriteMode.BUFFERED);
              String committed = dump(base);

              StagedEngine staged = new StagedEngine(base);
              for (int i = 0; i < 1 + r.nextInt(5); i++) {
                Batch b = randomBatch(r);
                staged.write(b, WriteMode.BUFFERED);
                reference.write(b, WriteMode.BUFFERED);
                assertThat(dump(staged)).isEqualTo(dump(reference));
                String prefix = key(r).substring(0, r.nextInt(4));
                String start = r.nextBoolean() ? null : key(r);
                assertThat(scan(staged, prefix, start)).isEqualTo(scan(reference, prefix, start));
                for (int k = 0; k < 4; k++) {
                  String key = key(r);
                  assertThat(staged.get(ColumnFamily.SYSTEM, bytes(key)).map(String::new))
                      .isEqualTo(reference.get(ColumnFamily.SYSTEM, bytes(key)).map(String::new));
                }
              }
              assertThat(dump(base)).as("nothing reaches the base before commit").isEqualTo(committed);
              staged.commit(WriteMode.BUFFERED);
              assertThat(staged.isEmpty()).isTrue();
              assertThat(dump(base)).isEqualTo(dump(reference));
            });
  }

  @Test
  void scansMergeStagedAndBaseEntriesInOrderAndStopWhenAsked() {
    InMemoryEngine base = new InMemoryEngine();
    base.write(new Batch().put(ColumnFamily.SYSTEM, bytes("a/1"), bytes("base1")).put(ColumnFamily.SYSTEM, bytes("a/3"), bytes("base3")).put(ColumnFamily.SYSTEM, bytes("b/1"), bytes("other")), WriteMode.BUFFERED);
    StagedEngine staged = new StagedEngine(base);
    staged.write(new Batch().put(ColumnFamily.SYSTEM, bytes("a/2"), bytes("new2")).put(ColumnFamily.SYSTEM, bytes("a/3"), bytes("new3")).delete(ColumnFamily.SYSTEM, bytes("a/1")).put(ColumnFamily.SYSTEM, bytes("a/4"), bytes("new4")), WriteMode.NO_WAL);
    assertThat(scan(staged, "a/", null)).containsExactly("a/2=new2", "a/3=new3", "a/4=new4");
    assertThat(scan(staged, "a/", "a/3")).containsExactly("a/3=new3", "a/4=new4");
    List<String> firstTwo = new ArrayList<>();
    staged.scan(ColumnFamily.SYSTEM, bytes("a/"), (k, v) -> {
      firstTwo.add(new String(k, StandardCharsets.UTF_8));
      return firstTwo.size() < 2;
    });
    assertThat(firstTwo).containsExactly("a/2", "a/3");
  }

  private static Batch randomBatch(Random r) {
    Batch b = new Batch();
    for (int i = r.nextInt(6); i >= 0; i--) {
      if (r.nextInt(3) == 0) {
        b.delete(ColumnFamily.SYSTEM, bytes(key(r)));
      } else {
        b.put(ColumnFamily.SYSTEM, bytes(key(r)), bytes("v" + r.nextInt(100)));
      }
    }
    return b;
  }

  private static String key(Random r) {
    return (char) ('a' + r.nextInt(3)) + "/" + r.nextInt(4);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> scan(StorageEngine e, String prefix, String startAt) {
    List<String> out = new ArrayList<>();
    e.scan(ColumnFamily.SYSTEM, bytes(prefix), startAt == null ? bytes(prefix) : bytes(startAt), (k, v) -> {
      out.add(new String(k, StandardCharsets.UTF_8) + "=" + new String(v, StandardCharsets.UTF_8));
      return true;
    });
    return out;
  }

  private static String dump(StorageEngine e) {
    return String.join(",", scan(e, "", null));
  }
}
