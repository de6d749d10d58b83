package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How the batcher packs concurrent commands into entries: at once when idle, fuller under load. */
class WriteBatcherTest {

  /** A stand-in for Raft: records each proposed entry and lets the test complete it. */
  private static final class FakeRaft {
    final List<LogEntry> proposed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<CompletableFuture<AppliedEntry>> replies = new java.util.concurrent.CopyOnWriteArrayList<>();

    synchronized CompletableFuture<AppliedEntry> propose(LogEntry entry) {
      CompletableFuture<AppliedEntry> f = new CompletableFuture<>();
      proposed.add(entry);
      replies.add(f);
      return f;
    }

    /** Applies entry {@code i}: each command's result names its position in the entry. */
    void apply(int i) {
      List<CommandResult> results = new ArrayList<>();
      for (int k = 0; k < proposed.get(i).commands().size(); k++) {
        results.add(new CommandResult.SystemPutDone(k % 2 == 0));
      }
      replies.get(i).complete(new AppliedEntry(1_000L + i, results));
    }

    List<Integer> sizes() {
      return proposed.stream().map(e -> e.commands().size()).toList();
    }
  }

  private static int next;

  private static Command command() {
    byte[] id = new byte[16];
    id[0] = (byte) next++;
    return new Command.SystemDelete(RequestId.of(id), "k", new Command.Precondition.None());
  }

  private static void submit(WriteBatcher b, int commands) {
    for (int i = 0; i < commands; i++) {
      b.submit(command());
    }
  }

  @Test
  void aLoneCommandLeavesAtOnceInAnEntryOfItsOwn() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = new WriteBatcher(raft::propose, 512, 2, 16);
    CompletableFuture<WriteBatcher.Result> r = b.submit(command());
    assertThat(raft.sizes()).containsExactly(1);
    raft.apply(0);
    assertThat(r.join().leaderTimeMillis()).isEqualTo(1_000L);
  }

  @Test
  void fewCommandsWaitForTheEntryInFlightAndThenLeaveTogether() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = new WriteBatcher(raft::propose, 512, 2, 16);
    b.submit(command());
    List<CompletableFuture<WriteBatcher.Result>> waiting = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      waiting.add(b.submit(command()));
    }
    assertThat(raft.sizes()).as("15 waiting are too few for a second entry").containsExactly(1);
    raft.apply(0);
    assertThat(raft.sizes()).containsExactly(1, 15);
    raft.apply(1);
    for (int i = 0; i < 15; i++) {
      WriteBatcher.Result r = waiting.get(i).join();
      assertThat(r.result()).isEqualTo(new CommandResult.SystemPutDone(i % 2 == 0));
      assertThat(r.leaderTimeMillis()).isEqualTo(1_001L);
    }
  }

  @Test
  void enoughWaitingCommandsFillASecondEntryButNeverAThird() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = new WriteBatcher(raft::propose, 512, 2, 16);
    b.submit(command());
    submit(b, 16);
    assertThat(raft.sizes()).as("the 16th waiting command sends a second entry").containsExactly(1, 16);
    submit(b, 40);
    assertThat(raft.sizes()).as("at most 2 in flight").containsExactly(1, 16);
    raft.apply(0);
    assertThat(raft.sizes()).containsExactly(1, 16, 40);
  }

  @Test
  void anEntryCarriesAtMostMaxCommands() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = new WriteBatcher(raft::propose, 10, 1, 1);
    b.submit(command());
    submit(b, 25);
    raft.apply(0);
    raft.apply(1);
    raft.apply(2);
    assertThat(raft.sizes()).containsExactly(1, 10, 10, 5);
  }

  @Test
  void aFailedEntryFailsEveryCommandItCarried() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = new WriteBatcher(raft::propose, 512, 1, 16);
    b.submit(command());
    CompletableFuture<WriteBatcher.Result> x = b.submit(command());
    CompletableFuture<WriteBatcher.Result> y = b.submit(command());
    raft.apply(0);
    raft.replies.get(1).completeExceptionally(new IllegalStateException("no quorum"));
    assertThatThrownBy(x::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("no quorum");
    assertThatThrownBy(y::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("no quorum");
    CompletableFuture<WriteBatcher.Result> z = b.submit(command());
    assertThat(raft.sizes()).as("the batcher goes on after a failure").containsExactly(1, 2, 1);
    assertThat(z).isNotDone();
  }

  /** Ends the lingers of the tests that have one. */
  private final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

  @org.junit.jupiter.api.AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  /** A batcher that lingers up to {@code linger} for the requests its last entry answered. */
  private WriteBatcher lingering(FakeRaft raft, java.time.Duration linger) {
    return new WriteBatcher(raft::propose, 512, 2, 16, linger.toNanos(), timer);
  }

  @Test
  void withALingerTheRequestsAnEntryAnsweredRideTogetherWithThoseThatWaited() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = lingering(raft, java.time.Duration.ofSeconds(30));
    b.submit(command());
    submit(b, 7);
    raft.apply(0); // 1 answered, 7 waiting: 8 outstanding, all of which fit in one entry
    assertThat(raft.sizes()).as("the 7 wait for the answered request to come back").containsExactly(1);
    b.submit(command());
    assertThat(raft.sizes()).as("it came back: all 8 leave at once, no timer").containsExactly(1, 8);
    raft.apply(1);
    submit(b, 7);
    assertThat(raft.sizes()).containsExactly(1, 8);
    b.submit(command());
    assertThat(raft.sizes()).containsExactly(1, 8, 8);
  }

  @Test
  void withALingerALoneWriterStillLeavesAtOnce() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = lingering(raft, java.time.Duration.ofSeconds(30));
    for (int i = 0; i < 5; i++) {
      b.submit(command());
      assertThat(raft.sizes()).hasSize(i + 1);
      raft.apply(i);
    }
    assertThat(raft.sizes()).containsOnly(1);
  }

  @Test
  void withALingerRequestsThatDoNotComeBackHoldTheOthersOnlyUntilItEnds() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = lingering(raft, java.time.Duration.ofMillis(200));
    b.submit(command());
    submit(b, 4);
    raft.apply(0); // expects 5; only the 4 that waited are there
    assertThat(raft.sizes()).containsExactly(1);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> raft.sizes().size() == 2);
    assertThat(raft.sizes()).containsExactly(1, 4);
    raft.apply(1);
    b.submit(command());
    b.submit(command());
    raft.apply(2); // 1 answered, 1 waiting: would linger for 2, but the last linger ran out
    assertThat(raft.sizes()).as("after a linger ran out, entries leave at once").containsExactly(1, 4, 1, 1);
    for (int i = 3; i < 3 + WriteBatcher.BACK_OFF_ENTRIES; i++) {
      raft.apply(i);
      b.submit(command());
    }
    int sent = raft.sizes().size();
    b.submit(command());
    raft.apply(sent - 1); // 1 answered, 1 waiting, and the back-off is over: it lingers again
    assertThat(raft.sizes()).hasSize(sent);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> raft.sizes().size() == sent + 1);
  }

  @Test
  void withALingerMoreOutstandingThanAFollowOnEntryOrAFailureLeaveAtOnce() {
    FakeRaft raft = new FakeRaft();
    WriteBatcher b = lingering(raft, java.time.Duration.ofSeconds(30));
    b.submit(command());
    submit(b, 16);
    submit(b, 10);
    raft.apply(0);
    raft.apply(1); // 17 answered, 10 waiting: too many for one entry to be worth waiting for
    assertThat(raft.sizes()).containsExactly(1, 16, 10);
    raft.replies.get(2).completeExceptionally(new IllegalStateException("no quorum"));
    b.submit(command());
    assertThat(raft.sizes()).as("a failed entry sets no linger").containsExactly(1, 16, 10, 1);
  }

  @Test
  void limitsBelowOneAreRefused() {
    assertThatThrownBy(() -> new WriteBatcher(e -> new CompletableFuture<>(), 512, 2, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WriteBatcher(e -> new CompletableFuture<>(), 512, 2, 16, 1_000, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a linger needs a timer");
  }
}
