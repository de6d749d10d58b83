package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rekeyStatus and generateRootStatus report the running ceremony without changing or auditing it. */
class CeremonyStatusTest {
  private final java.security.SecureRandom random = TranscriptTest.seeded(29);
  private final List<CeremonyEvent> events = new ArrayList<>();
  private final SealStore store = SealStore.inMemory();

  private SealLifecycle unsealed(List<String> sharesOut) {
    SealLifecycle node = SealLifecycle.start(store, events::add, random, Optional.empty());
    InitResult init = node.init(3, 2, List.of());
    sharesOut.addAll(init.shares());
    node.unseal(init.shares().get(0));
    node.unseal(init.shares().get(1));
    return node;
  }

  @Test
  void rekeyStatusFollowsTheCeremony() {
    List<String> shares = new ArrayList<>();
    SealLifecycle node = unsealed(shares);
    assertThat(node.rekeyStatus()).isEmpty();
    RekeyResult.Progress started = node.rekeyStart(4, 3, List.of(), false);
    int eventsBefore = events.size();
    assertThat(node.rekeyStatus()).contains(started);
    assertThat(events).hasSize(eventsBefore);
    RekeyResult.Progress one = (RekeyResult.Progress) node.rekeySubmit(started.nonce(), shares.get(2));
    assertThat(node.rekeyStatus()).contains(one);
    assertThat(one.progress()).isEqualTo(1);
    node.rekeyCancel();
    assertThat(node.rekeyStatus()).isEmpty();
  }

  @Test
  void generateRootStatusFollowsTheCeremony() {
    List<String> shares = new ArrayList<>();
    SealLifecycle node = unsealed(shares);
    assertThat(node.generateRootStatus()).isEmpty();
    GenerateRootResult.Progress started = node.generateRootStart(new TokenProtection.Otp(RootTokens.newOtp(random)));
    assertThat(node.generateRootStatus()).contains(started);
    node.generateRootSubmit(started.nonce(), shares.get(0));
    assertThat(node.generateRootStatus()).hasValueSatisfying(p -> assertThat(p.progress()).isEqualTo(1));
    node.generateRootSubmit(started.nonce(), shares.get(1));
    assertThat(node.generateRootStatus()).isEmpty();
  }

  @Test
  void aSealedNodeSaysSo() {
    List<String> shares = new ArrayList<>();
    SealLifecycle node = unsealed(shares);
    node.seal();
    assertThatThrownBy(node::rekeyStatus).isInstanceOf(SealedException.class);
    assertThatThrownBy(node::generateRootStatus).isInstanceOf(SealedException.class);
  }
}
