package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class LeaderProposalsTest {
  private static final RaftGroupId GROUP = RaftGroupId.randomId();
  private static final RaftPeerId SELF = RaftPeerId.valueOf("n1");
  private static final long TERM = 3;

  private static LeaderProposals proposals() {
    // answers() needs no server: only the proposer's own client id.
    return new LeaderProposals(null, null, null, Runnable::run, (msg, deadline) -> null, () -> 0);
  }

  @Test
  void aReplicaAnswersItsOwnDirectProposalsAndEveryClientProposalButNotAnotherLeadersDirectOnes() {
    LeaderProposals mine = proposals();
    LeaderProposals another = proposals();
    var myId = mine.clientIdBytes();
    var theirs = another.clientIdBytes();

    assertThat(myId).isNotEqualTo(theirs);
    assertThat(LeaderProposals.isDirect(myId)).isTrue();
    assertThat(mine.answers(myId)).isTrue();
    assertThat(mine.answers(theirs)).isFalse();
    assertThat(mine.answers(ClientId.randomId().toByteString())).isTrue();
    assertThat(mine.answers(ClientId.valueOf(new UUID(LeaderProposals.DIRECT_MARK + 1, 7)).toByteString())).isTrue();
  }

  /** A leader of term {@link #TERM} whose division hands every proposal's reply to the test. */
  private static final class FakeLeader {
    final List<CompletableFuture<RaftClientReply>> ratisReplies = new ArrayList<>();
    final List<Message> resent = new ArrayList<>();
    final AtomicLong lastAppliedTerm = new AtomicLong(TERM);
    final LeaderProposals proposals;

    FakeLeader() {
      DivisionInfo info = proxy(DivisionInfo.class, (name, args) -> switch (name) {
        case "isLeaderReady" -> true;
        case "getCurrentTerm" -> TERM;
        default -> throw new UnsupportedOperationException(name);
      });
      Object division = Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {RaftServer.Division.class, RaftClientAsynchronousProtocol.class},
          (self, method, args) -> switch (method.getName()) {
            case "getInfo" -> info;
            case "submitClientRequestAsync" -> {
              CompletableFuture<RaftClientReply> reply = new CompletableFuture<>();
              ratisReplies.add(reply);
              yield reply;
            }
            default -> throw new UnsupportedOperationException(method.getName());
          });
      RaftServer server = proxy(RaftServer.class, (name, args) -> {
        if (name.equals("getDivision")) {
          return division;
        }
        throw new UnsupportedOperationException(name);
      });
      proposals = new LeaderProposals(server, GROUP, SELF, Runnable::run, (msg, deadline) -> {
        resent.add(msg);
        return new CompletableFuture<>();
      }, lastAppliedTerm::get);
    }

    CompletableFuture<RaftClientReply> propose(String body) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      return proposals.propose(Message.valueOf(body), deadline).orElseThrow();
    }

    NotLeaderException notLeader() {
      return new NotLeaderException(RaftGroupMemberId.valueOf(SELF, GROUP), null, List.of());
    }
  }

  private interface Answer {
    Object apply(String method, Object[] args);
  }

  private static <T> T proxy(Class<T> type, Answer answer) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, m, args) -> answer.apply(m.getName(), args)));
  }

  /**
   * An applied entry is committed, so its apply answers it. Ratis 3.3 can drop the reply of a
   * leader stepping down as it applies (it removes the pending request, then fails releasing its
   * permit): the proposal must not wait for that reply until its deadline.
   */
  @Test
  void theApplyAnswersAProposalWhoseRatisReplyNeverComes() {
    FakeLeader leader = new FakeLeader();
    CompletableFuture<RaftClientReply> answer = leader.propose("put a");
    ByteString results = ByteString.copyFrom("results of put a", StandardCharsets.UTF_8);

    leader.proposals.applied(TermIndex.valueOf(TERM, 7), leader.proposals.clientIdBytes(), 1, results);

    assertThat(answer).isCompleted();
    assertThat(answer.join().getMessage().getContent()).isEqualTo(results);
    assertThat(leader.resent).isEmpty();
  }

  /** Neither applied nor answered by Ratis: the deadline sweep fails it (and says where it stood), so it never hangs. */
  @Test
  void aProposalNobodyAnswersFailsAtItsDeadline() {
    FakeLeader leader = new FakeLeader();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    CompletableFuture<RaftClientReply> answer = leader.proposals.propose(Message.valueOf("put d"), deadline).orElseThrow();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      leader.proposals.sweepDeadlinesOn(timer);

      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(answer::isDone);
      assertThat(answer).failsWithin(java.time.Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(java.util.concurrent.TimeoutException.class);
      assertThat(leader.proposals.pendingCount()).isZero();
      assertThat(leader.resent).isEmpty();
    } finally {
      timer.shutdownNow();
    }
  }

  /** A sweep fails exactly the proposals whose deadline has passed, and leaves the others waiting. */
  @Test
  void aSweepFailsOnlyTheProposalsPastTheirDeadline() {
    FakeLeader leader = new FakeLeader();
    long now = System.nanoTime();
    CompletableFuture<RaftClientReply> early = leader.proposals.propose(Message.valueOf("put e"), now + 1_000).orElseThrow();
    CompletableFuture<RaftClientReply> late = leader.proposals.propose(Message.valueOf("put f"), now + 2_000).orElseThrow();

    leader.proposals.expireOverdue(now + 999);
    assertThat(early).isNotDone();
    assertThat(late).isNotDone();

    leader.proposals.expireOverdue(now + 1_000);
    assertThat(early).isCompletedExceptionally();
    assertThat(late).isNotDone();
    assertThat(leader.proposals.pendingCount()).isEqualTo(1);

    leader.proposals.applied(TermIndex.valueOf(TERM, 10), leader.proposals.clientIdBytes(), 2, ByteString.EMPTY);
    leader.proposals.expireOverdue(now + 5_000);
    assertThat(late).as("answered before the sweep").isCompleted();
    assertThat(leader.proposals.pendingCount()).isZero();
  }

  /** Deposed before its entry committed: the new leader's first entry, a configuration entry, settles it. */
  @Test
  void aProposalAnsweredNotLeaderIsSentAgainOnceALaterTermPassesWithNoWriteOfItsOwn() {
    FakeLeader leader = new FakeLeader();
    CompletableFuture<RaftClientReply> answer = leader.propose("put b");

    leader.ratisReplies.get(0).completeExceptionally(leader.notLeader());
    assertThat(leader.resent).as("the entry may still commit under the next leader").isEmpty();

    leader.lastAppliedTerm.set(TERM + 1);
    leader.proposals.passed(TermIndex.valueOf(TERM + 1, 8));

    assertThat(leader.resent).extracting(m -> m.getContent().toStringUtf8()).containsExactly("put b");
    assertThat(answer).isNotDone(); // the resend answers it
  }

  /** Deposed, but the next leader committed its entry: the apply answers it and nothing is sent twice. */
  @Test
  void aProposalAnsweredNotLeaderWhoseEntryCommitsAfterAllIsAnsweredByItsApply() {
    FakeLeader leader = new FakeLeader();
    CompletableFuture<RaftClientReply> answer = leader.propose("put c");
    leader.ratisReplies.get(0).completeExceptionally(leader.notLeader());

    leader.proposals.applied(TermIndex.valueOf(TERM, 9), leader.proposals.clientIdBytes(), 1, ByteString.EMPTY);
    leader.lastAppliedTerm.set(TERM + 1);
    leader.proposals.passed(TermIndex.valueOf(TERM + 1, 10));

    assertThat(answer).isCompleted();
    assertThat(leader.resent).isEmpty();
  }
}
