package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.ratis.protocol.ClientId;
import org.junit.jupiter.api.Test;

class LeaderProposalsTest {

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
}
