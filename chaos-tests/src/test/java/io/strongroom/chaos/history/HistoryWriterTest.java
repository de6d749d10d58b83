package io.strongroom.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The saved-history format (a compatibility contract) and its round trip through the reader. */
class HistoryWriterTest {

  @Test
  void writesOneJepsenMapPerLineInTheContractFieldOrder() {
    HistoryRecorder recorder = new HistoryRecorder(counter());
    recorder.invoke(0, OpFunction.WRITE, Edn.of(1)).ok();
    HistoryRecorder.Invocation cas = recorder.invoke(1, Edn.keyword("x"), OpFunction.CAS, Edn.vector(Edn.NIL, Edn.of("a")));
    cas.info(Edn.vector(Edn.keyword("timeout"), Edn.of("no reply in 5s")));
    assertThat(HistoryWriter.toEdn(recorder.history())).isEqualTo("""
        {:index 0, :time 10, :type :invoke, :process 0, :f :write, :value 1}
        {:index 1, :time 20, :type :ok, :process 0, :f :write, :value 1}
        {:index 2, :time 30, :type :invoke, :process 1, :f :cas, :key :x, :value [nil "a"]}
        {:index 3, :time 40, :type :info, :process 1, :f :cas, :key :x, :value [nil "a"], :error [:timeout "no reply in 5s"]}
        """);
  }

  @Test
  void randomHistoriesSurviveWriteAndRead() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      History h = randomHistory(new Random(seed));
      String text = HistoryWriter.toEdn(h);
      assertThat(HistoryReader.parse(text)).as("seed %d:%n%s", seed, text).isEqualTo(h);
    });
  }

  @Test
  void writesFiles(@TempDir Path dir) throws IOException {
    History h = randomHistory(new Random(5));
    Path file = dir.resolve("history.edn");
    HistoryWriter.write(h, file);
    assertThat(HistoryReader.read(file)).isEqualTo(h);
    assertThat(Files.readAllLines(file)).hasSize(h.size());
  }

  /** Events with random values, keys, times and errors, paired per process. */
  static History randomHistory(Random r) {
    List<Op> ops = new ArrayList<>();
    int processes = 1 + r.nextInt(4);
    Op[] open = new Op[processes];
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      int p = r.nextInt(processes);
      Op op;
      if (open[p] == null) {
        OpFunction f = OpFunction.values()[r.nextInt(3)];
        Edn value = f == OpFunction.CAS ? Edn.vector(EdnGen.value(r, 2), EdnGen.value(r, 2))
            : f == OpFunction.WRITE ? EdnGen.value(r, 2) : Edn.NIL;
        op = Op.of(r.nextInt(3) == 0 ? i : i * 10L, OpType.INVOKE, p, f, value);
        if (r.nextBoolean()) {
          op = op.withKey(EdnGen.value(r, 1));
        }
        open[p] = op;
      } else {
        OpType type = OpType.values()[1 + r.nextInt(3)];
        Edn value = open[p].f() == OpFunction.READ && type == OpType.OK ? EdnGen.value(r, 2) : open[p].value();
        op = new Op(i, open[p].time(), type, p, open[p].f(), open[p].key(), value, open[p].error());
        if (type != OpType.OK && r.nextBoolean()) {
          op = op.withError(EdnGen.value(r, 2));
        }
        open[p] = null;
      }
      if (r.nextBoolean()) {
        op = op.withTime(r.nextLong());
      }
      ops.add(op);
    }
    return History.of(ops);
  }

  /** A clock that reads 0, 10, 20, ... */
  private static LongSupplier counter() {
    long[] t = {0};
    return () -> (t[0] += 10) - 10;
  }
}
