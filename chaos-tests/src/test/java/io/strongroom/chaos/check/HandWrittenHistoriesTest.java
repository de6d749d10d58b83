package io.strongroom.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.chaos.history.Edn;
import io.strongroom.chaos.history.History;
import io.strongroom.chaos.history.HistoryReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every history in {@code src/test/resources/histories} against the verdict its header states
 * ({@code ; expect:}, {@code ; fails-at:}, {@code ; states:}, {@code ; initial:}; see the README there).
 */
class HandWrittenHistoriesTest {

  static Stream<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(HandWrittenHistoriesTest.class.getResource("/histories").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> edn = files.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
      assertThat(edn).hasSizeGreaterThanOrEqualTo(15);
      return edn.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void checkerReachesTheStatedVerdict(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String expect = header(lines, "expect").orElseThrow(() -> new AssertionError(file + " has no '; expect:' line"));
    Edn initial = header(lines, "initial").map(Edn::parse).orElse(Edn.NIL);
    History history = HistoryReader.read(file);

    CheckResult<Edn> result = new LinearizabilityChecker<>(new CasRegister(initial)).check(history);

    switch (expect) {
      case "linearizable" -> {
        assertThat(result).as(result.report()).isInstanceOf(CheckResult.Linearizable.class);
        assertThat(result.report()).startsWith("linearizable\n");
        assertThat(ReferenceChecker.isLinearizable(history, initial)).as("reference").isTrue();
      }
      case "not-linearizable" -> {
        assertThat(result).isInstanceOf(CheckResult.NotLinearizable.class);
        CheckResult.NotLinearizable<Edn> no = (CheckResult.NotLinearizable<Edn>) result;
        assertThat(no.counterexamples()).hasSize(1);
        Counterexample<Edn> c = no.counterexamples().get(0);
        long failsAt = Long.parseLong(header(lines, "fails-at").orElseThrow());
        assertThat(c.call().completion().orElseThrow().index()).as(result.report()).isEqualTo(failsAt);
        List<Edn> states = Edn.parse(header(lines, "states").orElseThrow()).asSequence().orElseThrow();
        assertThat(c.possibleStates()).as(result.report()).containsExactlyInAnyOrderElementsOf(states);
        assertThat(result.report()).startsWith("NOT linearizable\n")
            .contains(c.call().completion().orElseThrow().toString());
        for (History byKey : history.byKey().values()) {
          if (byKey.ops().stream().anyMatch(op -> op.index() == failsAt)) {
            assertThat(ReferenceChecker.isLinearizable(byKey, initial)).as("reference").isFalse();
          }
        }
      }
      default -> throw new AssertionError(file + ": unknown expectation " + expect);
    }
  }

  private static Optional<String> header(List<String> lines, String name) {
    List<String> found = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("; " + name + ":")) {
        found.add(line.substring(name.length() + 3).trim());
      }
    }
    assertThat(found).hasSizeLessThanOrEqualTo(1);
    return found.stream().findFirst();
  }
}
