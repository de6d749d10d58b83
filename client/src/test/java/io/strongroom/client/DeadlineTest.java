package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every retry loop is bounded by a total deadline and an attempt count. */
class DeadlineTest extends FakeClusterTest {

  @Test
  void givingUpNamesEveryAddressTried() {
    List<String> dead = refusingAddresses(2);
    String dead1 = dead.get(0);
    String dead2 = dead.get(1);
    StrongroomClient client = track(builder(dead1, dead2)
        .retryDeadline(Duration.ofMillis(500)).maxAttempts(1000).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.kv().put("a", Map.of("k", "v")))
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
          assertThat(e.addressesTried()).containsExactly(dead1, dead2);
          assertThat(e.getMessage()).contains(dead1, dead2, "deadline");
          assertThat(e.attempts()).isGreaterThan(2);
          assertThat(e.getCause()).isNotNull();
        });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void theAttemptLimitBoundsRetries() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.UNAVAILABLE, "shutting down"));
    StrongroomClient client = track(builder(node.address()).maxAttempts(3).build());

    assertThatThrownBy(() -> client.kv().get("a"))
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.attempts()).isEqualTo(3);
          assertThat(e.getMessage()).contains("attempt limit", "shutting down");
          assertThat(e.getCause()).isInstanceOf(UnavailableException.class)
              .hasMessageContaining("shutting down");
        });
    assertThat(node.requests()).hasSize(3);
  }

  @Test
  void aSilentNodeCostsAtMostTheDeadline() {
    FakeNode silent = node("silent").script((r, x) -> { });
    StrongroomClient client = track(builder(silent.address())
        .requestTimeout(Duration.ofMillis(150))
        .retryDeadline(Duration.ofMillis(600)).build());

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.sys().status())
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.addressesTried()).containsExactly(silent.address());
          assertThat(e.getCause()).hasMessageContaining("no answer");
        });
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(450)).isLessThan(Duration.ofSeconds(3));
    assertThat(silent.requests().size()).isBetween(2, 5);
  }
}
