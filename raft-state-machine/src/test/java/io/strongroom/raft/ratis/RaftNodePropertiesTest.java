package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

/** The Ratis settings every node runs with: each one here was chosen, and BENCHMARKS.md says why. */
class RaftNodePropertiesTest {

  private final RaftProperties p = RaftNode.properties("127.0.0.1:7100", Path.of("/var/lib/strongroom/raft"), RaftNode.Settings.LAN);

  @Test
  void followersAppendOnTheThreadThatReceivedTheEntries() {
    assertThat(RaftServerConfigKeys.Log.appendEntriesComposeEnabled(p)).isFalse();
  }

  @Test
  void theRaftServerHasEventLoopsOfItsOwn() {
    // Non-zero sizes make Ratis build the server's own event loop groups instead of gRPC's shared one.
    assertThat(GrpcConfigKeys.Server.bossGroupSize(p)).isEqualTo(1);
    assertThat(GrpcConfigKeys.Server.workerGroupSize(p)).isEqualTo(RaftNode.SERVER_EVENT_LOOPS).isPositive();
  }

  @Test
  void noMetadataEntryAfterEveryCommit() {
    assertThat(RaftServerConfigKeys.Log.logMetadataEnabled(p)).isFalse();
  }

  @Test
  void readsAreLinearizableAndTheLogIsPurgedUpToSnapshots() {
    assertThat(RaftServerConfigKeys.Read.option(p)).isEqualTo(RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    assertThat(RaftServerConfigKeys.Log.purgeUptoSnapshotIndex(p)).isTrue();
    assertThat(RaftServerConfigKeys.Snapshot.autoTriggerThreshold(p)).isEqualTo(RaftNode.Settings.LAN.snapshotEveryEntries());
  }

  @Test
  void theServerListensOnTheConfiguredAddress() {
    assertThat(GrpcConfigKeys.Server.host(p)).isEqualTo("127.0.0.1");
    assertThat(GrpcConfigKeys.Server.port(p)).isEqualTo(7100);
    assertThat(RaftServerConfigKeys.storageDir(p)).extracting(java.io.File::toPath).isEqualTo(List.of(Path.of("/var/lib/strongroom/raft")));
  }
}
