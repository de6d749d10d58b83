package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.protocol.v1.Request;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token and policy calls against a scripted node: what goes on the wire and how answers map. */
class AccessCallsTest extends FakeClusterTest {
  private FakeNode node;
  private StrongroomClient client;

  @BeforeEach
  void start() {
    node = node("n1");
    client = client(node.address());
  }

  private Request last() {
    return node.requests().get(node.requests().size() - 1);
  }

  @Test
  void tokenCallsCarryTheirFieldsAndRedactTheTokenWhenPrinted() {
    TokenInfo created = client.tokens().create(TokenSpec.withPolicies("app").ttl(Duration.ofMinutes(5)).renewable(true).numUses(3));
    var sent = last().getTokenCreate();
    assertThat(sent.getPoliciesList()).containsExactly("app");
    assertThat(sent.getTtlMs()).isEqualTo(300_000);
    assertThat(sent.getRenewable()).isTrue();
    assertThat(sent.getNumUses()).isEqualTo(3);
    assertThat(created.token()).contains("sr.token-SECRET");
    assertThat(created.toString()).doesNotContain("SECRET");
    assertThat(created.expiresAtMs()).isPresent();

    client.tokens().renew("ac.x", Duration.ofMinutes(1));
    assertThat(last().getTokenRenew().getIncrementMs()).isEqualTo(60_000);
    assertThat(client.tokens().revoke("ac.x").revoked()).isEqualTo(2);
    assertThat(client.tokens().lookupSelf().token()).isEmpty();
    assertThat(last().getTokenLookup().getAccessor()).isEmpty();
  }

  @Test
  void policyCalls() {
    client.policies().write("app", "{\"path\":{}}");
    assertThat(last().getPolicyWrite().getName()).isEqualTo("app");
    assertThat(client.policies().read("app")).contains("{\"path\":{}}");
    assertThat(client.policies().read("missing")).isEmpty();
    assertThat(client.policies().list()).containsExactly("default", "root");
    client.policies().delete("app");
    assertThat(last().getPolicyDelete().getName()).isEqualTo("app");
  }
}
