package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strongroom.audit.AuditRecord;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.RequestId;
import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.SealedRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three (then four) real Ratis servers in this JVM on 127.0.0.1, each with its own RocksDB. */
class RaftClusterTest {
  private static final RaftNode.Settings FAST =
      new RaftNode.Settings(Duration.ofMillis(1000), Duration.ofMillis(2000), Duration.ofSeconds(3), 40, 2, SizeInBytes.valueOf("16KB"));
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private final Map<String, RaftNode> nodes = new LinkedHashMap<>();
  private final List<RaftNode.Peer> peers = new ArrayList<>();

  @BeforeAll
  static void noSystemExit() {
    ExitUtils.disableSystemExit(); // ratis-grpc would otherwise exit the test JVM on a bind failure
  }

  @AfterEach
  void stopAll() throws IOException {
    for (RaftNode n : nodes.values()) {
      n.close();
    }
  }

  private void startCluster(int size) throws IOException {
    for (int i = 1; i <= size; i++) {
      peers.add(new RaftNode.Peer("n" + i, "127.0.0.1:" + freePort()));
    }
    for (RaftNode.Peer p : peers) {
      start(p, peers);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null);
  }

  private RaftNode start(RaftNode.Peer p, List<RaftNode.Peer> group) throws IOException {
    RaftNode n =
        RaftNode.start("test", p.id(), p.raftAddress(), group, dir.resolve(p.id()).resolve("raft"), dir.resolve(p.id()).resolve("state"),
            FAST, KvLimits.DEFAULT, RocksDbTuning.DEFAULT, System::currentTimeMillis);
    nodes.put(p.id(), n);
    return n;
  }

  private RaftNode leader() {
    return nodes.values().stream().filter(RaftNode::isLeaderReady).findFirst().orElse(null);
  }

  private static List<CommandResult> put(RaftNode via, String... paths) {
    return via.submit(new LogEntry(1, java.util.Arrays.stream(paths).map(RaftClusterTest::randomPut).toList())).join().results();
  }

  /** A put of random sealed bytes, opaque to the state machine: it never decrypts. */
  private static Command randomPut(String path) {
    byte[] sealed = new byte[48];
    RANDOM.nextBytes(sealed);
    return put(path, sealed);
  }

  private static Command put(String path, byte[] sealed) {
    return new Command.KvWrite(RequestId.random(RANDOM), new KvCommand.Put(path, io.strongroom.crypto.Bytes.of(sealed), OptionalLong.empty()));
  }

  private static java.util.concurrent.CompletableFuture<List<CommandResult>> putAsync(RaftNode via, String path) {
    return via.submit(new LogEntry(1, List.of(randomPut(path)))).thenApply(applied -> applied.results());
  }

  private static java.util.concurrent.CompletableFuture<Void> transferInBackground(RaftNode from, String to) {
    return java.util.concurrent.CompletableFuture.runAsync(() -> {
      try {
        from.transferLeadership(to, Duration.ofSeconds(20));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static List<String> keys(RaftNode n) {
    return n.state().kv().list("app/");
  }

  /**
   * Waits on a node that may be installing a snapshot: while it swaps its live state for the
   * snapshot's, {@link RaftNode#state()} refuses with {@link StateUnavailableException} for a moment.
   */
  private static ConditionFactory awaitCatchingUp(Duration atMost) {
    return await()
        .atMost(atMost)
        .ignoreException(StateUnavailableException.class);
  }

  /**
   * The leader replicates through QuietAppendersRpc's appenders, which drop the wake-ups a commit
   * alone causes: the followers still apply the last write with no write after it, since the
   * commit reaches them with the next heartbeat.
   */
  @Test
  void theLeaderReplicatesThroughQuietAppendersAndFollowersStillLearnTheLastCommit() throws IOException {
    startCluster(3);
    put(leader(), "app/last");

    assertThat(Thread.getAllStackTraces().keySet()).map(Thread::getName)
        .filteredOn(name -> name.contains(QuietAppendersRpc.QuietAppender.class.getSimpleName()))
        .isNotEmpty();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> nodes.values().forEach(n -> assertThat(keys(n)).containsExactly("last")));
  }

  @Test
  void writesReplicateAndEveryNodeServesLinearizableReads() throws IOException {
    startCluster(3);
    RaftNode follower = nodes.values().stream().filter(n -> !n.isLeaderReady()).findFirst().orElseThrow();
    // A write proposed through a follower's client reaches the leader; many requests ride in one entry.
    assertThat(put(follower, "app/a", "app/b", "app/a"))
        .containsExactly(new CommandResult.Kv(new KvResult.Written(1)), new CommandResult.Kv(new KvResult.Written(1)), new CommandResult.Kv(new KvResult.Written(2)));
    long writtenAt = leader().state().applied().index();
    for (RaftNode n : nodes.values()) {
      assertThat(n.readBarrier().join()).as("read index on %s", n.id()).isGreaterThanOrEqualTo(writtenAt);
      assertThat(keys(n)).as("node %s after its read barrier", n.id()).containsExactly("a", "b");
    }
  }

  /**
   * The leader answers its own proposals from the apply, so the reply Ratis keeps in its retry
   * cache for a minute carries no results: no sealed values held on the heap, nothing for every
   * young collection to copy.
   */
  @Test
  void theRetryCacheKeepsNoResultsOfTheLeadersOwnProposals() throws IOException {
    startCluster(3);
    RaftNode leader = leader();
    assertThat(put(leader, "app/c1", "app/c2")).hasSize(2);
    // The apply answers the proposal; Ratis caches its own reply right after, on its apply thread.
    List<org.apache.ratis.protocol.RaftClientReply> cached = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      cached.clear();
      for (long callId = 1; callId <= 50; callId++) {
        leader.cachedReplyToOwnProposal(callId).ifPresent(cached::add);
      }
      assertThat(cached).as("replies to the leader's own proposals in its retry cache").isNotEmpty();
    });
    assertThat(cached).allSatisfy(r -> {
      assertThat(r.isSuccess()).isTrue();
      assertThat(r.getMessage().getContent().isEmpty()).isTrue();
    });
  }

  /**
   * Only the leader answers its own proposals, so the followers skip the read's value; a follower's
   * proposal goes through Ratis' client and is answered with the value all the same.
   */
  @Test
  void readsProposedOnTheLeaderOrThroughAFollowerAnswerWithTheValue() throws IOException {
    startCluster(3);
    RaftNode leader = leader();
    RaftNode follower = nodes.values().stream().filter(n -> n != leader).findFirst().orElseThrow();
    byte[] sealed = new byte[48];
    RANDOM.nextBytes(sealed);
    leader.submit(new LogEntry(1, List.of(put("app/r", sealed)))).join();
    for (RaftNode via : List.of(leader, follower)) {
      List<CommandResult> results = via.submit(new LogEntry(1, List.of(auditedRead("app/r")))).join().results();
      assertThat(results).as("read through %s", via.id()).hasSize(1);
      SealedRead found = ((CommandResult.Read) results.get(0)).found();
      assertThat(found).as("read through %s", via.id()).isInstanceOfSatisfying(SealedRead.Found.class,
          f -> assertThat(f.sealed()).isEqualTo(io.strongroom.crypto.Bytes.of(sealed)));
    }
    long at = leader.state().applied().index();
    await().atMost(Duration.ofSeconds(10)).until(() -> nodes.values().stream().allMatch(n -> n.state().applied().index() >= at));
    var chain = leader.state().audit().chain();
    for (RaftNode n : nodes.values()) {
      assertThat(n.state().audit().chain()).as("audit chain on %s", n.id()).isEqualTo(chain);
    }
  }

  private static Command auditedRead(String path) {
    String hmac = "hmac-sha256:" + "cd".repeat(32);
    return new Command.Audited(new Command.KvRead(RequestId.random(RANDOM), path, 0), new AuditRecord("read", "n1", "kv.get", AuditRecord.OK, hmac, hmac));
  }

  @Test
  void acknowledgedWritesSurviveLosingTheLeaderAndItsRestart() throws IOException {
    startCluster(3);
    RaftNode old = leader();
    put(old, "app/before");
    String oldId = old.id();
    old.close();
    nodes.remove(oldId);
    await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null);
    RaftNode survivor = nodes.values().iterator().next();
    put(survivor, "app/after");

    RaftNode restarted = start(peers.stream().filter(p -> p.id().equals(oldId)).findFirst().orElseThrow(), peers);
    awaitCatchingUp(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(restarted)).containsExactly("after", "before"));
  }

  @Test
  void aNewNodeCatchesUpByInstallingASnapshot() throws IOException {
    startCluster(3);
    RaftNode leader = leader();
    for (int i = 0; i < 120; i++) {
      put(leader, "app/k" + i);
    }
    Path leaderSm = dir.resolve(leader.id()).resolve("raft");
    await().atMost(Duration.ofSeconds(30)).until(() -> snapshotDirs(leaderSm).findAny().isPresent());

    RaftNode.Peer joiner = new RaftNode.Peer("n4", "127.0.0.1:" + freePort());
    RaftNode n4 = start(joiner, List.of());
    List<RaftPeer> members = new ArrayList<>();
    for (RaftNode.Peer p : peers) {
      members.add(RaftNode.toRaftPeer(p));
    }
    members.add(RaftNode.toRaftPeer(joiner));
    assertThat(leader.raftClient().admin().setConfiguration(members).isSuccess()).isTrue();

    awaitCatchingUp(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(keys(n4)).hasSize(120));
    assertThat(snapshotDirs(dir.resolve("n4").resolve("raft")).findAny())
        .as("n4 caught up from an installed snapshot, not only by replaying the log")
        .isPresent();
  }

  /**
   * At rest every replica has applied what is committed. Configuration entries are applied by
   * Ratis without the state machine, so the replicated state's own marker can trail them, while
   * {@link RaftNode#appliedIndex()}, which counts every entry, does not; the node's apply-lag
   * gauge and stale-read check use the latter. The leader appends no metadata entry after each
   * commit (log-metadata is off), so after a write the last committed entry is that write.
   */
  @Test
  void theAppliedIndexCatchesUpWithTheCommitIndexAtRest() throws IOException {
    startCluster(3);
    put(leader(), "app/a", "app/b");
    put(leader(), "app/c");
    RaftNode leader = leader();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(leader.appliedIndex()).isEqualTo(leader.commitIndex());
      assertThat(leader.state().applied().index()).as("the last committed entry is the last write").isEqualTo(leader.commitIndex());
    });
    long committed = leader.commitIndex();
    for (RaftNode n : nodes.values()) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(n.commitIndex()).as("commit index on %s", n.id()).isEqualTo(committed);
        assertThat(n.appliedIndex()).as("applied on %s", n.id()).isEqualTo(committed);
      });
      assertThat(n.state().applied().index()).as("the state's own marker on %s", n.id()).isEqualTo(committed);
    }
    RaftNode follower = nodes.values().stream().filter(n -> !n.isLeaderReady()).findFirst().orElseThrow();
    assertThat(follower.stalenessMillis()).as("a follower at rest knows how fresh it is").isLessThan(5_000);
  }

  /** Ratis priorities: the leader hands over to a caught-up voter of higher priority, and it comes back after a restart. */
  @Test
  void aHigherPriorityVoterTakesTheLeadershipAndGetsItBackAfterARestart() throws IOException {
    startCluster(3);
    RaftNode first = leader();
    String preferred = nodes.keySet().stream().filter(id -> !id.equals(first.id())).findFirst().orElseThrow();
    assertThat(first.setPriorities(Map.of(preferred, 1))).isTrue();
    assertThat(first.setPriorities(Map.of(preferred, 1))).as("nothing to change").isFalse();
    await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null && leader().id().equals(preferred));
    assertThat(leader().members()).filteredOn(m -> m.id().equals(preferred)).singleElement().extracting(RaftNode.Member::priority).isEqualTo(1);

    nodes.remove(preferred).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null);
    put(leader(), "app/while-away");
    start(peers.stream().filter(p -> p.id().equals(preferred)).findFirst().orElseThrow(), peers);
    await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null && leader().id().equals(preferred));
    assertThat(keys(nodes.get(preferred))).contains("while-away");
  }

  /** A listener replicates but never votes and never counts toward a quorum. */
  @Test
  void aListenerReplicatesButIsNoPartOfTheQuorum() throws IOException {
    startCluster(3);
    put(leader(), "app/before");
    RaftNode.Peer joiner = new RaftNode.Peer("n4", "127.0.0.1:" + freePort());
    RaftNode n4 = start(joiner, List.of());
    assertThat(n4.role()).as("a joining node waits as a listener").isEqualTo("LISTENER");
    leader().addPeer(joiner, true);
    leader().addPeer(joiner, true); // again: nothing changes
    assertThat(leader().members()).filteredOn(m -> m.id().equals("n4")).singleElement().extracting(RaftNode.Member::voter).isEqualTo(false);
    awaitCatchingUp(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(n4)).containsExactly("before"));
    assertThat(n4.role()).isEqualTo("LISTENER");

    // Two of three voters gone: 2 processes are up (a voter and the listener), and no quorum.
    List<String> voters = new ArrayList<>(List.of("n1", "n2", "n3"));
    String survivor = voters.remove(0);
    for (String id : voters) {
      nodes.remove(id).close();
    }
    RaftNode last = nodes.get(survivor);
    java.util.concurrent.CompletableFuture<?> write =
        last.submit(new LogEntry(1, List.of(new Command.KvWrite(RequestId.random(RANDOM), new KvCommand.Put("app/after", io.strongroom.crypto.Bytes.of(new byte[48]), OptionalLong.empty())))));
    org.assertj.core.api.Assertions.assertThatThrownBy(write::join).as("no quorum without two voters").isInstanceOf(java.util.concurrent.CompletionException.class);
    assertThat(nodes.values().stream().anyMatch(RaftNode::isLeaderReady)).isFalse();
    assertThat(n4.role()).as("the listener never stood for election").isEqualTo("LISTENER");
    assertThat(keys(n4)).containsExactly("before");
  }

  /**
   * Ratis closes a client's ordered request window for good once a request runs out of retries;
   * the node must replace its client, or it could never propose again after a long quorum loss.
   */
  @Test
  void aNodeProposesAgainAfterLosingTheQuorumForLongerThanItsClientRetries() throws IOException {
    startCluster(3);
    RaftNode survivor = leader();
    put(survivor, "app/before");
    List<String> stopped = new ArrayList<>();
    for (String id : List.copyOf(nodes.keySet())) {
      if (!id.equals(survivor.id())) {
        nodes.remove(id).close();
        stopped.add(id);
      }
    }
    // Longer than the client's 40 retries: the request fails, and with it Ratis' request window.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> put(survivor, "app/lost")).isInstanceOf(java.util.concurrent.CompletionException.class);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> put(survivor, "app/lost")).isInstanceOf(java.util.concurrent.CompletionException.class));

    start(peers.stream().filter(p -> p.id().equals(stopped.get(0))).findFirst().orElseThrow(), peers);
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(put(survivor, "app/after")).hasSize(1));
    assertThat(keys(survivor)).contains("before", "after");
  }

  /** A leader handing over answers "stepping down" until the new one is elected: proposals wait and go through. */
  @Test
  void proposalsMadeWhileTheLeadershipMovesAreNotRefused() throws IOException {
    startCluster(3);
    int during = 0;
    for (int round = 0; round < 3; round++) {
      RaftNode from = leader();
      String to = nodes.keySet().stream().filter(id -> !id.equals(from.id())).findFirst().orElseThrow();
      java.util.concurrent.CompletableFuture<Void> transfer = transferInBackground(from, to);
      RaftNode via = nodes.get(to);
      for (int i = 0; !transfer.isDone() || i < 5; i++) {
        assertThat(put(via, "app/r" + round + "-" + i)).hasSize(1); // none refused
        during++;
      }
      transfer.join();
      await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null && leader().id().equals(to));
    }
    assertThat(during).isGreaterThanOrEqualTo(15);
  }

  /**
   * The leader hands its own proposals to its division directly. While it hands the leadership
   * over, those proposals are refused, or appended and answered NotLeader by the deposed leader:
   * each must still be answered, and applied exactly once.
   */
  @Test
  void theLeadersOwnProposalsMadeWhileItHandsOverAreAllAnsweredOnce() throws IOException {
    startCluster(3);
    List<java.util.concurrent.CompletableFuture<List<CommandResult>>> answers = new ArrayList<>();
    java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(64);
    for (int round = 0; round < 3; round++) {
      RaftNode from = leader();
      String to = nodes.keySet().stream().filter(id -> !id.equals(from.id())).findFirst().orElseThrow();
      java.util.concurrent.CompletableFuture<Void> transfer = transferInBackground(from, to);
      for (int i = 0; !transfer.isDone() || i < 50; i++) {
        // Many in flight as the leadership moves, as from 64 clients: unbounded, this loop proposed
        // thousands a second while the leader refused them, more than their deadline let resend.
        inFlight.acquireUninterruptibly();
        var answer = putAsync(from, "app/h" + round + "-" + i);
        answer.whenComplete((r, e) -> inFlight.release());
        answers.add(answer);
      }
      transfer.join();
      await().atMost(Duration.ofSeconds(30)).until(() -> leader() != null && leader().id().equals(to));
    }
    for (var answer : answers) {
      assertThat(answer.join()).containsExactly(new CommandResult.Kv(new KvResult.Written(1)));
    }
    RaftNode last = leader();
    long at = last.state().applied().index();
    for (RaftNode n : nodes.values()) {
      assertThat(n.readBarrier().join()).isGreaterThanOrEqualTo(at);
      assertThat(keys(n)).as("keys on %s", n.id()).hasSize(answers.size());
    }
  }

  private static Stream<Path> snapshotDirs(Path raftDir) {
    try (Stream<Path> walk = Files.walk(raftDir)) {
      return walk.filter(p -> p.getFileName().toString().startsWith("snapshot.") && Files.isDirectory(p)).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Below Linux's ephemeral range, so no outgoing connection can take the port before Ratis binds it. */
  private static int freePort() throws IOException {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000, 32_768);
      try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException inUse) {
        // try another
      }
    }
    throw new IOException("no free port in 20000-32767");
  }
}
