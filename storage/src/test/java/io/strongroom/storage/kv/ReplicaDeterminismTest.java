package io.strongroom.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.InMemoryEngine;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN invariant 2: the leader seals at the edge; replicas apply the same commands with the same
 * leader times and end with byte-identical state and identical results, on any engine.
 */
class ReplicaDeterminismTest {

  @TempDir
  Path dir;

  @Test
  void replicasApplyingTheSameCommandsHoldIdenticalBytes() throws Exception {
    SecureRandom random = new SecureRandom();
    long seed = random.nextLong();
    Random ops = new Random(seed);
    try (StorageEngine leader = new InMemoryEngine();
      StorageEngine replicaA = RocksDbEngine.open(dir.resolve("a"));
      StorageEngine replicaB = new InMemoryEngine();
      SecretBytes root = SecretBytes.random(random, 32);
      SecretBytes first = SecretBytes.random(random, 32);
      Barrier barrier = Barrier.initialize(root, first, new BarrierPolicy(50, 10), w -> { }, random)) {
      KvState leaderState = new KvState(leader, KvLimits.DEFAULT);
      KvEdge edge = new KvEdge(barrier, leaderState);
      KvState a = new KvState(replicaA, KvLimits.DEFAULT);
      KvState b = new KvState(replicaB, KvLimits.DEFAULT);
      long now = 1_700_000_000_000L;
      for (int i = 0; i < 400; i++) {
        now += ops.nextInt(1_000);
        String path = "svc/" + ops.nextInt(8);
        Prepared prepared = switch (ops.nextInt(6)) {
          case 0, 1 -> edge.preparePut(path, Map.of("k" + ops.nextInt(3), "v" + i),
              ops.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(ops.nextInt(4)), random);
          case 2 -> edge.preparePatch(path, new SecretPatch(Map.of("p", "v" + i), Set.of()), now, random);
          case 3 -> edge.prepareWriteMetadata(path, MetadataChange.none().withMaxVersions(ops.nextInt(4))
              .withCustomMetadata(Map.of("o", "t" + i)), random);
          case 4 -> new Prepared.Propose(new KvCommand.Delete(path, List.of()));
          default -> new Prepared.Propose(new KvCommand.Destroy(path, List.of((long) ops.nextInt(5) + 1)));
        };
        if (!(prepared instanceof Prepared.Propose propose)) {
          continue;
        }
        KvResult onLeader = applyAndWrite(leaderState, leader, propose.command(), now);
        assertThat(applyAndWrite(a, replicaA, propose.command(), now)).as("seed %d step %d", seed, i).isEqualTo(onLeader);
        assertThat(applyAndWrite(b, replicaB, propose.command(), now)).as("seed %d step %d", seed, i).isEqualTo(onLeader);
      }
      assertThat(dump(replicaA)).as("seed %d", seed).isEqualTo(dump(leader)).isEqualTo(dump(replicaB)).isNotEmpty();
    }
  }

  private static KvResult applyAndWrite(KvState state, StorageEngine engine, KvCommand command, long now) {
    Batch batch = new Batch();
    KvResult result = state.apply(command, now, batch);
    engine.write(batch, WriteMode.NO_WAL);
    return result;
  }

  private static List<String> dump(StorageEngine engine) {
    List<String> all = new ArrayList<>();
    for (ColumnFamily family : ColumnFamily.values()) {
      engine.scan(family, new byte[0], (k, v) -> all.add(family + " " + Bytes.of(k).hex() + " " + Bytes.of(v).hex()));
    }
    return all;
  }
}
