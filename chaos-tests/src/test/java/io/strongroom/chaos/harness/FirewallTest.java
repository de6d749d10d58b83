package io.strongroom.chaos.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FirewallTest {
  private static final List<String> FIVE = List.of("n1", "n2", "n3", "n4", "n5");

  @Test
  void aCutIsOneOwnerMatchRuleOnTheSendersGroupAndTheReceiversAddress() {
    assertThat(Firewall.rules(List.of(new Firewall.Cut("n1", "n2")))).containsExactly(List.of("iptables", "-w", "-A",
        Firewall.CHAIN, "-m", "owner", "--gid-owner", "61001", "-d", "127.0.0.12/32", "-j", "DROP"));
  }

  @Test
  void isolatingANodeCutsItBothWaysFromEveryOtherAndNothingElse() {
    Set<Firewall.Cut> cuts = Firewall.isolate("n3", FIVE);
    assertThat(cuts).hasSize(8);
    for (String other : List.of("n1", "n2", "n4", "n5")) {
      assertThat(cuts).contains(new Firewall.Cut("n3", other), new Firewall.Cut(other, "n3"));
    }
  }

  @Test
  void halvesAreCutFromEachOtherButNotWithin() {
    Set<Firewall.Cut> cuts = Firewall.partition(List.of(List.of("n1", "n2"), List.of("n3", "n4", "n5")));
    assertThat(cuts).hasSize(12).contains(new Firewall.Cut("n2", "n5"), new Firewall.Cut("n5", "n2"))
        .doesNotContain(new Firewall.Cut("n1", "n2"), new Firewall.Cut("n3", "n4"));
  }

  @Test
  void inAMajoritiesRingEveryNodeReachesABareMajorityAndNoTwoTheSame() {
    for (List<String> ring : List.of(FIVE, List.of("n1", "n2", "n3", "n4", "n5", "n6", "n7"))) {
      Set<Firewall.Cut> cuts = Firewall.majoritiesRing(ring);
      Set<Set<String>> seen = new HashSet<>();
      for (String a : ring) {
        Set<String> reaches = new HashSet<>();
        for (String b : ring) {
          if (a.equals(b) || !cuts.contains(new Firewall.Cut(a, b))) {
            reaches.add(b);
          }
        }
        assertThat(reaches).as("what %s reaches in %s", a, ring).hasSize(ring.size() / 2 + 1);
        assertThat(seen.add(reaches)).as("%s's majority is someone else's too", a).isTrue();
      }
    }
    // 5 nodes: each reaches its two ring neighbours only
    Set<Firewall.Cut> five = Firewall.majoritiesRing(FIVE);
    assertThat(five).contains(new Firewall.Cut("n1", "n3"), new Firewall.Cut("n1", "n4"))
        .doesNotContain(new Firewall.Cut("n1", "n2"), new Firewall.Cut("n1", "n5"));
    assertThatThrownBy(() -> Firewall.majoritiesRing(List.of("n1", "n2", "n3"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aOneWayCutLeavesTheOtherDirectionOpen() {
    assertThat(Firewall.oneWay("n1", "n2")).containsExactly(new Firewall.Cut("n1", "n2"));
    assertThatThrownBy(() -> new Firewall.Cut("n1", "n1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nodeSpecsGiveEachNodeItsOwnAddressAndGroup() {
    NodeSpec n3 = NodeSpec.of("n3");
    assertThat(n3.host()).isEqualTo("127.0.0.13");
    assertThat(n3.raftAddress()).isEqualTo("127.0.0.13:7100");
    assertThat(n3.clientAddress()).isEqualTo("127.0.0.13:7200");
    assertThat(n3.gid()).isEqualTo(61003);
    assertThatThrownBy(() -> new NodeSpec(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
