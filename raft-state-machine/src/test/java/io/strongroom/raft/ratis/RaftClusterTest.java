package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.RequestId;
import io.strongroom.storage.engine.RocksDbTuning;
import io.strongroom.storage.kv.KvCommand;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvResult;
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
    List<Command> commands = new ArrayList<>();
    for (String path : paths) {
      byte[] sealed = new byte[48]; // opaque to the state machine: it never decrypts
      RANDOM.nextBytes(sealed);
      commands.add(new Command.KvWrite(RequestId.random(RANDOM), new KvCommand.Put(path, io.strongroom.crypto.Bytes.of(sealed), OptionalLong.empty())));
    }
    return via.submit(new LogEntry(1, commands)).join().results();
  }

  private static List<String> keys(RaftNode n) {
    return n.state().kv().list("app/");
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
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(restarted)).containsExactly("after", "before"));
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

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(keys(n4)).hasSize(120));
    assertThat(snapshotDirs(dir.resolve("n4").resolve("raft")).findAny())
        .as("n4 caught up from an installed snapshot, not only by replaying the log")
        .isPresent();
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
