package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strongroom.protocol.v1.ErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The token and secret values never show in a toString, message or stack trace. */
class SecrecyTest extends FakeClusterTest {

  @Test
  void theTokenTravelsOnTheWire() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());

    client.kv().get("a");

    assertThat(node.requests()).singleElement()
        .satisfies(r -> assertThat(r.getToken()).isEqualTo(TOKEN));
  }

  @Test
  void theTokenIsInNoExceptionOrToString() {
    FakeNode denying = node("n1").script((r, x) -> x.error(ErrorCode.PERMISSION_DENIED, "denied"));
    StrongroomClient client = client(denying.address());
    Throwable denied = catchThrowable(() -> client.kv().get("a"));

    StrongroomClient unreachable = track(builder(refusingAddress())
        .retryDeadline(Duration.ofMillis(200)).build());
    Throwable gaveUp = catchThrowable(() -> unreachable.kv().put("a", Map.of("k", "v")));

    FakeNode silent = node("n2").script((r, x) -> { });
    StrongroomClient timingOut = track(builder(silent.address())
        .requestTimeout(Duration.ofMillis(100)).retryDeadline(Duration.ofMillis(300)).build());
    Throwable timedOut = catchThrowable(() -> timingOut.sys().status());

    assertThat(denied).isInstanceOf(PermissionDeniedException.class);
    assertThat(gaveUp).isInstanceOf(UnavailableException.class);
    assertThat(timedOut).isInstanceOf(UnavailableException.class);
    for (Throwable t : List.of(denied, gaveUp, timedOut)) {
      assertThat(fullText(t)).doesNotContain(TOKEN);
    }
    assertThat(client.toString()).doesNotContain(TOKEN).contains("redacted");
    assertThat(builder(denying.address()).toString()).doesNotContain(TOKEN);
    client.close();
    assertThat(client.toString()).doesNotContain(TOKEN);
  }

  @Test
  void secretValuesAreRedacted() {
    Secret secret = new Secret(Map.of("password", "hunter2-VALUE"),
        new VersionInfo(3, Instant.EPOCH, Optional.empty(), false));

    assertThat(secret.toString()).contains("password", "version=3").doesNotContain("hunter2");
    assertThat(secret.get("password")).isEqualTo("hunter2-VALUE");
  }

  @Test
  void initResultRedactsSharesAndTheRootToken() {
    FakeNode node = node("n1");
    StrongroomClient client = client(node.address());

    InitResult result = client.sys().init(2, 2);

    assertThat(result.shares()).containsExactly("share-one-SECRET", "share-two-SECRET");
    assertThat(result.rootToken()).isEqualTo("root-token-SECRET");
    assertThat(result.toString()).doesNotContain("SECRET").contains("2");
  }

  @Test
  void theUnsealShareIsSentButNeverEchoedInErrors() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.INVALID_ARGUMENT, "bad share"));
    StrongroomClient client = client(node.address());

    Throwable t = catchThrowable(() -> client.sys().unseal("SHARE-abcdef"));

    assertThat(node.requests()).singleElement()
        .satisfies(r -> assertThat(r.getUnseal().getShare()).isEqualTo("SHARE-abcdef"));
    assertThat(fullText(t)).doesNotContain("SHARE-abcdef");
  }

  private static String fullText(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out + t.toString();
  }
}
