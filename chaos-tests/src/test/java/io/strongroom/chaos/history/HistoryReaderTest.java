package io.strongroom.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading Jepsen histories: the layouts Jepsen writes, what is skipped, and bad input by position. */
class HistoryReaderTest {
  private static final String TWO_OPS_BARE = """
      {:process 0, :type :invoke, :f :cas, :value [1 2]}
      {:type :ok, :f :cas, :value [1 2], :process 0, :time 12345, :index 7}
      """;

  private static final History TWO_OPS = History.of(List.of(
      Op.of(0, OpType.INVOKE, 0, OpFunction.CAS, Edn.vector(Edn.of(1), Edn.of(2))),
      Op.of(7, OpType.OK, 0, OpFunction.CAS, Edn.vector(Edn.of(1), Edn.of(2))).withTime(12345)));

  @Test
  void readsBareSequenceVectorAndListAlike() {
    assertThat(HistoryReader.parse(TWO_OPS_BARE)).isEqualTo(TWO_OPS);
    assertThat(HistoryReader.parse("[" + TWO_OPS_BARE + "]")).isEqualTo(TWO_OPS);
    assertThat(HistoryReader.parse("; Jepsen history\n(" + TWO_OPS_BARE + ") ; end\n")).isEqualTo(TWO_OPS);
    assertThat(HistoryReader.parse(TWO_OPS_BARE.replace("{", "#jepsen.history.Op{"))).isEqualTo(TWO_OPS);
  }

  @Test
  void emptyInputIsAnEmptyHistory() {
    assertThat(HistoryReader.parse("")).isEqualTo(History.empty());
    assertThat(HistoryReader.parse(" ; nothing\n[]")).isEqualTo(History.empty());
  }

  @Test
  void keepsKeyTimeIndexAndErrorAndDefaultsTheRest() {
    History h = HistoryReader.parse("""
        {:process 3, :type :invoke, :f :read, :key "users/1"}
        {:process 3, :type :info, :f :read, :key "users/1", :time 99, :error [:timeout 5000], :node "n2"}
        """);
    Op invoke = h.ops().get(0);
    assertThat(invoke).isEqualTo(new Op(0, OptionalLong.empty(), OpType.INVOKE, 3, OpFunction.READ,
        Optional.of(Edn.of("users/1")), Edn.NIL, Optional.empty()));
    Op info = h.ops().get(1);
    assertThat(info.index()).as("position in the file when there is no :index").isEqualTo(1);
    assertThat(info.time()).hasValue(99);
    assertThat(info.error()).hasValue(Edn.vector(Edn.keyword("timeout"), Edn.of(5000)));
    assertThat(h.calls()).hasSize(1);
    assertThat(h.calls().get(0).isIndeterminate()).isTrue();
  }

  @Test
  void skipsNemesisAndOtherFunctionsButCountsThemForIndices() {
    History h = HistoryReader.parse("""
        {:process :nemesis, :type :info, :f :start-partition, :value :majority}
        {:process 0, :type :invoke, :f :txn, :value [[:r 1 nil]]}
        {:process 0, :type :ok, :f :txn, :value [[:r 1 2]]}
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process "client-7", :type :invoke, :f :write, :value 1}
        {:process 0, :type :ok, :f :write, :value 1}
        """);
    assertThat(h.ops()).extracting(Op::index).containsExactly(3L, 5L);
    assertThat(h.calls()).singleElement().satisfies(c -> assertThat(c.outcome()).isEqualTo(OpType.OK));
  }

  @Test
  void readsFilesWithPositionsInErrors() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/histories/jepsen-format.edn").toURI()).getParent();
    History h = HistoryReader.read(dir.resolve("jepsen-format.edn"));
    assertThat(h.ops()).extracting(Op::index).containsExactly(0L, 1L, 3L, 4L, 5L, 9L, 11L, 12L);
    assertThat(h.ops().get(2).time()).hasValue(2000);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("{:process 0, :type :invoke, :f :read}\n[1 2]", 2, 1, "expected an operation map, found [1 2]"),
        Arguments.of("{:type :invoke, :f :read}", 1, 1, "operation has no :process"),
        Arguments.of("{:process 1, :type :invoke}", 1, 1, "operation has no :f"),
        Arguments.of("{:process 1, :f :read}", 1, 1, "operation has no :type"),
        Arguments.of("  {:process 1, :type :banana, :f :read}", 1, 3,
            "unknown :type :banana (expected :invoke, :ok, :fail or :info)"),
        Arguments.of("{:process 1, :type \"ok\", :f :read}", 1, 1,
            "unknown :type \"ok\" (expected :invoke, :ok, :fail or :info)"),
        Arguments.of("{:process 1, :type :invoke, :f :cas, :value 3}", 1, 1, ":cas value must be [expected new], was 3"),
        Arguments.of("{:process 1, :type :invoke, :f :cas, :value [1 2 3]}", 1, 1,
            ":cas value must be [expected new], was [1 2 3]"),
        Arguments.of("{:process 1, :type :invoke, :f :read, :time 1.5}", 1, 1,
            ":time must be an integer that fits 64 bits, was 1.5"),
        Arguments.of("{:process 99999999999999999999, :type :invoke, :f :read}", 1, 1,
            ":process must be an integer that fits 64 bits, was 99999999999999999999"),
        Arguments.of("{:process 1, :type :invoke, :f :read, :index -1}", 1, 1, ":index must be >= 0, was -1"),
        Arguments.of("{:process 0, :type :invoke, :f :read}\n\n   {:process 1, :type :ok, :f :read, :value 1}", 3, 4,
            "process 1 completes :read with :ok but has no open invocation"),
        Arguments.of("{:process 0, :type :invoke, :f :read}\n{:process 0, :type :ok, :f :write, :value 1}", 2, 1,
            "process 0 completes :write but invoked :read at index 0"),
        Arguments.of("{:process 0, :type :invoke, :f :read, :key 1}\n{:process 0, :type :ok, :f :read, :key 2}", 2, 1,
            "process 0 completes :read on key 2 but invoked :read on key 1 at index 0"),
        Arguments.of("[{:process 0, :type :invoke, :f :read}", 1, 39,
            "unexpected end of input, expected ']' to close the history opened at line 1, column 1"),
        Arguments.of("[{:process 0, :type :invoke, :f :read}]\n{:process 0, :type :ok, :f :read}", 2, 1,
            "unexpected value after the history vector opened at line 1, column 1"),
        Arguments.of("{:process 0, :type :invoke, :f :read, :value \"x}\n", 1, 46, "unterminated string"));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("malformed")
  void malformedHistoriesNameLineAndColumn(String text, int line, int column, String detail) {
    assertThatThrownBy(() -> HistoryReader.parse(text))
        .isInstanceOfSatisfying(HistoryFormatException.class, e -> {
          assertThat(e.detail()).isEqualTo(detail);
          assertThat(e.line()).as("line").isEqualTo(line);
          assertThat(e.column()).as("column").isEqualTo(column);
        });
  }
}
