package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.kv.KvLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrongroomStateMachineTest {

  /** Before it opens (and while it swaps in an installed snapshot) the state is refused, typed. */
  @Test
  void theStateIsRefusedWithATypedErrorWhileNotOpen(@TempDir Path dir) {
    StrongroomStateMachine sm = new StrongroomStateMachine(dir.resolve("state"), KvLimits.DEFAULT, RocksDbTuning.DEFAULT, () -> 0L);
    org.assertj.core.api.Assertions.assertThatThrownBy(sm::state)
        .isInstanceOf(StateUnavailableException.class)
        .hasMessage("state machine is not open");
  }

  /**
   * A new leader's first entry of its term is a configuration entry, which never reaches
   * applyTransaction. The deposed leader's orphaned proposals are settled by the first entry of a
   * later term it applies, so the listener must hear of that entry too: otherwise they wait for the
   * next client write, or their deadline on an idle cluster.
   */
  @Test
  void theListenerHearsOfEntriesThatChangeNoState(@TempDir Path dir) {
    StrongroomStateMachine sm = new StrongroomStateMachine(dir.resolve("state"), KvLimits.DEFAULT, RocksDbTuning.DEFAULT, () -> 0L);
    List<TermIndex> passed = new ArrayList<>();
    sm.onApplied(new StrongroomStateMachine.AppliedListener() {
      @Override
      public boolean answers(ByteString proposer) {
        return true;
      }

      @Override
      public boolean takesResults(ByteString proposer) {
        return false;
      }

      @Override
      public void applied(TermIndex at, ByteString proposer, long callId, ByteString results) {
        throw new AssertionError("no state machine entry was applied");
      }

      @Override
      public void passed(TermIndex at) {
        assertThat(sm.lastAppliedTerm()).as("the term counts as applied before the listener hears").isEqualTo(at.getTerm());
        passed.add(at);
      }
    });

    sm.notifyTermIndexUpdated(4, 20);

    assertThat(passed).containsExactly(TermIndex.valueOf(4, 20));
    assertThat(sm.lastAppliedIndex()).isEqualTo(20);
  }
}
