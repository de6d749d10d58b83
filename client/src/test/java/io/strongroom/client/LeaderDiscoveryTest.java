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

  /** Any node may serve a stale read: a sealed first address sends it on to the next one. */
  @Test
  void aStaleReadMovesOnFromASealedNode() {
    FakeNode sealed = node("sealed").script((r, x) -> x.error(ErrorCode.SEALED, "node sealed is sealed"));
    FakeNode open = node("open");
    StrongroomClient client = client(sealed.address(), open.address());
    assertThat(client.kv().staleReads(java.time.Duration.ofSeconds(1)).get("a")).isPresent();
    assertThat(sealed.requests()).hasSize(1);
    assertThat(open.requests()).hasSize(1);
    StrongroomClient alone = client(sealed.address());
    assertThatThrownBy(() -> alone.kv().staleReads(java.time.Duration.ofSeconds(1)).get("a")).isInstanceOf(SealedException.class);
  }

  /** A leader that failed once (it answered mid-election) is tried again once the others keep naming it. */
  @Test
  void triesAgainALeaderThatFailedOnceWhenTheOthersKeepNamingIt() {
    int[] leaderAsked = {0};
    FakeNode leader = node("leader").script((r, x) -> {
      if (leaderAsked[0]++ == 0) {
        x.error(ErrorCode.UNAVAILABLE, "no leader is elected yet; retry shortly");
      } else {
        x.ok();
      }
    });
    FakeNode follower = node("follower").script((r, x) -> x.notLeader(leader));
    StrongroomClient client = track(builder(follower.address()).maxAttempts(20).build());

    assertThat(client.kv().put("a", Map.of("k", "v")).version()).isEqualTo(1);
    assertThat(leader.requests()).hasSize(2);
    assertThat(follower.requests()).as("asked until it named the failed leader often enough").hasSize(4);
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

  /** The leader being known does not pull stale reads away from the first (nearest) address. */
  @Test
  void staleReadsStayOnTheFirstAddressOnceTheLeaderIsKnownAndMoveOnWhenItIsTooStale() {
    FakeNode leader = node("leader");
    int[] staleAsked = {0};
    FakeNode near = node("near").script((r, x) -> {
      if (r.getConsistency() == io.strongroom.protocol.v1.Consistency.STALE && staleAsked[0]++ == 0) {
        x.ok();
      } else if (r.getConsistency() == io.strongroom.protocol.v1.Consistency.STALE) {
        x.error(ErrorCode.UNAVAILABLE, "node near cannot serve a read within 1000 ms of staleness");
      } else {
        x.notLeader(leader);
      }
    });
    StrongroomClient client = client(near.address(), leader.address());
    client.kv().get("a"); // the client now knows the leader
    assertThat(leader.requests()).hasSize(1);

    Kv stale = client.kv().staleReads(java.time.Duration.ofSeconds(1));
    assertThat(stale.get("a")).isPresent();
    assertThat(near.requests()).hasSize(2);
    assertThat(leader.requests()).as("the known leader was not asked").hasSize(1);

    // Too stale there: the read moves on to the next address.
    assertThat(stale.get("a")).isPresent();
    assertThat(near.requests()).hasSize(3);
    assertThat(leader.requests()).hasSize(2);
  }
}
