package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Call;
import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The register's sequential specification, and which indeterminate calls it lets the search skip. */
class CasRegisterTest {
  private static final CasRegister REGISTER = CasRegister.empty();

  private static Call only(String edn) {
    return HistoryReader.parse(edn).calls().get(0);
  }

  private static Call ok(String f, String value) {
    String invoked = f.equals("read") ? "nil" : value;
    return only("{:process 0 :type :invoke :f :" + f + " :value " + invoked + "}\n"
        + "{:process 0 :type :ok :f :" + f + " :value " + value + "}");
  }

  private static Call info(String f, String value) {
    return only("{:process 0 :type :invoke :f :" + f + " :value " + value + "}\n"
        + "{:process 0 :type :info :f :" + f + " :value " + value + "}");
  }

  @Test
  void readsMustMatchWritesReplaceCasComparesWithEdnEquality() {
    assertThat(REGISTER.initial()).isEqualTo(Edn.NIL);
    assertThat(REGISTER.step(Edn.NIL, ok("read", "nil"))).hasValue(Edn.NIL);
    assertThat(REGISTER.step(Edn.of(1), ok("read", "nil"))).as("nil is an ordinary value").isEmpty();
    assertThat(REGISTER.step(Edn.of(1), ok("read", "1N"))).hasValue(Edn.of(1));
    assertThat(REGISTER.step(Edn.of(1), ok("read", "1.0"))).isEmpty();
    assertThat(REGISTER.step(Edn.of(1), ok("write", "\"s\""))).hasValue(Edn.of("s"));
    assertThat(REGISTER.step(Edn.of(1), ok("cas", "[1 2]"))).hasValue(Edn.of(2));
    assertThat(REGISTER.step(Edn.of(3), ok("cas", "[1 2]"))).isEmpty();
    assertThat(REGISTER.step(Edn.NIL, ok("cas", "(nil :x)"))).hasValue(Edn.keyword("x"));
    assertThat(REGISTER.step(Edn.of(9), info("read", "nil"))).as("an indeterminate read constrains nothing")
        .hasValue(Edn.of(9));
    assertThat(new CasRegister(Edn.of(0)).initial()).isEqualTo(Edn.of(0));
    assertThat(REGISTER.name()).isEqualTo("cas-register");
  }

  @Test
  void pruneDropsIndeterminateReadsAndUnobservedIndeterminateWrites() {
    History h = HistoryReader.parse("""
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :info, :f :write, :value 1}
        {:process 1, :type :invoke, :f :write, :value 2}
        {:process 1, :type :info, :f :write, :value 2}
        {:process 2, :type :invoke, :f :cas, :value [2 3]}
        {:process 2, :type :info, :f :cas, :value [2 3]}
        {:process 3, :type :invoke, :f :cas, :value [3 4]}
        {:process 3, :type :info, :f :cas, :value [3 4]}
        {:process 4, :type :invoke, :f :read}
        {:process 4, :type :info, :f :read}
        {:process 5, :type :invoke, :f :write, :value 5}
        {:process 5, :type :ok, :f :write, :value 5}
        {:process 6, :type :invoke, :f :read}
        {:process 6, :type :ok, :f :read, :value 1}
        {:process 7, :type :invoke, :f :cas, :value [6 6]}
        """);
    List<Call> kept = REGISTER.prune(h.calls());
    // write 1: read by process 6. write 2: only cas [2 3] expects it, and that cas's 3 is expected
    // only by cas [3 4], whose 4 nobody observes: the chain unravels. write 5 is determinate.
    // cas [6 6] (never completed) expects 6 only itself.
    assertThat(kept).extracting(Call::process).containsExactly(0L, 5L, 6L);
  }
}
