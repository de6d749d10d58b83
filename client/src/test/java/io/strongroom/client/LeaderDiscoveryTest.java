package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leader discovery: NOT_LEADER with leader_hint is followed; the leader is remembered. */
class LeaderDiscoveryTest extends FakeClusterTest {

  @Test
  void followsTheHintAndRemembersTheLeader() {
    FakeNode leader = node("leader");
    FakeNode follower = node("follower").script((r, x) -> x.notLeader(leader));
    StrongroomClient client = client(follower.address(), leader.address());

    assertThat(client.kv().put("a", Map.of("k", "v")).version()).isEqualTo(1);
    assertThat(follower.requests()).hasSize(1);
    assertThat(leader.requests()).hasSize(1);
    assertThat(leader.requestIds()).isEqualTo(follower.requestIds());

    client.kv().get("a");
    client.kv().put("b", Map.of("k", "v"));
    assertThat(follower.requests()).hasSize(1);
    assertThat(leader.requests()).hasSize(3);
  }

  @Test
  void followsAHintToANodeNotInTheAddressList() {
    FakeNode leader = node("leader");
    FakeNode follower = node("follower").script((r, x) -> x.notLeader(leader));
    StrongroomClient client = client(follower.address());

    assertThat(client.kv().get("a")).isPresent();
    assertThat(leader.requests()).hasSize(1);
  }

  @Test
  void withoutAHintTriesTheNextAddress() {
    FakeNode follower = node("follower")
        .script((r, x) -> x.error(ErrorCode.NOT_LEADER, "no leader known here"));
    FakeNode leader = node("leader");
    StrongroomClient client = client(follower.address(), leader.address());

    assertThat(client.kv().list("")).containsExactly("a", "b/");
    assertThat(follower.requests()).hasSize(1);
    assertThat(leader.requests()).hasSize(1);
  }

  /** After a leader dies, followers name it until they notice; the client must not keep chasing it. */
  @Test
  void doesNotChaseAHintToTheNodeThatJustFailed() {
    FakeNode dead = node("old-leader");
    String deadAddress = dead.address();
    dead.close();
    FakeNode newLeader = node("new-leader");
    int[] asked = {0};
    // The follower names the dead leader twice, then (after an election) the new one.
    FakeNode follower = node("follower").script((r, x) -> {
      if (asked[0]++ < 2) {
        x.notLeaderAt(deadAddress);
      } else {
        x.notLeader(newLeader);
      }
    });
    StrongroomClient client = track(builder(follower.address()).maxAttempts(5).build());

    assertThat(client.kv().put("a", Map.of("k", "v")).version()).isEqualTo(1);
    assertThat(newLeader.requests()).hasSize(1);
    // within 5 attempts: chasing the second stale hint too would have needed a sixth
    assertThat(follower.requests()).hasSize(3);
  }

  @Test
  void aPinnedViewDoesNotFollowTheHint() {
    FakeNode leader = node("leader");
    FakeNode follower = node("follower").script((r, x) -> x.notLeader(leader));
    StrongroomClient client = client(leader.address());

    assertThatThrownBy(() -> client.sys().node(follower.address()).seal())
        .isInstanceOfSatisfying(NotLeaderException.class,
            e -> assertThat(e.leaderHint()).contains(leader.address()));
    assertThat(leader.requests()).isEmpty();
  }

  @Test
  void hintLoopsAreBoundedByTheAttemptLimit() {
    FakeNode a = node("a");
    FakeNode b = node("b");
    a.script((r, x) -> x.notLeader(b));
    b.script((r, x) -> x.notLeader(a));
    StrongroomClient client = track(builder(a.address()).maxAttempts(5).build());

    assertThatThrownBy(() -> client.kv().get("x"))
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.attempts()).isEqualTo(5);
          assertThat(e.addressesTried()).containsExactly(a.address(), b.address());
          assertThat(e.getCause()).isInstanceOf(NotLeaderException.class);
        });
    assertThat(a.requests().size() + b.requests().size()).isEqualTo(5);
  }

  @Test
  void staleReadsAreServedByTheFirstReachableNodeWithoutRedirect() {
    FakeNode leader = node("leader");
    FakeNode follower = node("follower").script((r, x) -> {
      if (r.getConsistency() == io.strongroom.protocol.v1.Consistency.STALE) {
        x.ok();
      } else {
        x.notLeader(leader);
      }
    });
    StrongroomClient client = client(follower.address(), leader.address());

    assertThat(client.kv().staleReads(java.time.Duration.ofSeconds(1)).get("a")).isPresent();
    assertThat(follower.requests()).hasSize(1);
    assertThat(leader.requests()).isEmpty();

    client.kv().get("a"); // linearizable: redirected to the leader
    assertThat(leader.requests()).hasSize(1);
  }
}
