package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"0,PT0S", "250ms,PT0.25S", "90s,PT1M30S", "15m,PT15M", "1h30m,PT1H30M", "7d,PT168H", "PT2H,PT2H", "1d2h3m4s5ms,PT26H3M4.005S"})
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "1", "-1s", "1h-", "1y", "PT-1H", "99999999999999999999d"})
  void rejectsNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
  }

  @Test
  void formatThenParseIsIdentityForAnyMillisecondDuration() {
    qt().forAll(longs().between(0, 100L * 365 * 24 * 3600 * 1000))
        .check(ms -> Durations.parse(Durations.format(Duration.ofMillis(ms))).equals(Duration.ofMillis(ms)));
  }

  @Test
  void formatReadsBack() {
    for (String s : new String[] {"0s", "250ms", "1m30s", "1h30m", "7d", "1d2h3m4s5ms"}) {
      assertThat(Durations.format(Durations.parse(s))).isEqualTo(s);
    }
  }
}
