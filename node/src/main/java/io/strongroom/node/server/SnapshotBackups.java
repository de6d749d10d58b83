package io.strongroom.node.server;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.KeySetId;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogPosition;
import io.strongroom.raft.MalformedEntryException;
import io.strongroom.raft.RequestId;
import io.strongroom.raft.StateDump;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.unseal.SealRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Backups of the whole cluster state ({@code operator raft snapshot save | restore}).
 *
 * <p>A save copies the leader's state through a RocksDB checkpoint (consistent at one applied
 * index while writes go on), writes it as a {@link StateDump} under {@code DATA/backups/}, and
 * hands it out in chunks; the file is removed once its last chunk is served, or after an hour.
 * A restore travels through Raft as {@link Command.RestoreChunk}s and one
 * {@link Command.RestoreCommit}, so every replica swaps its state at the same log index. The seal
 * record and the peer address book are kept from the live cluster: a restore brings back data,
 * never an older key hierarchy or topology.
 */
final class SnapshotBackups {
  /** The bytes of one chunk on the wire (the frame limit is 2 MiB). */
  static final int CHUNK_BYTES = Command.RestoreChunk.MAX_BYTES;
  /** Records a restore keeps from the live cluster. */
  static final List<String> KEPT = List.of(ReplicatedSealStore.KEY, PeerBook.KEY);
  private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

  /** One piece of a saved backup. */
  record Chunk(String saveId, long offset, byte[] data, long totalBytes, Bytes sha256, long index) {}

  /** What a restore call achieved. */
  record RestoreProgress(int chunks, boolean committed, long records) {}

  private final RaftNode raft;
  private final WriteBatcher writes;
  private final Path dir;
  private final SecureRandom random;
  private final Duration timeout;

  SnapshotBackups(RaftNode raft, WriteBatcher writes, Path dataDir, SecureRandom random, Duration timeout) {
    this.raft = raft;
    this.writes = writes;
    this.dir = dataDir.resolve("backups");
    this.random = random;
    this.timeout = timeout;
  }

  /** Takes a new backup and returns its first chunk, or continues {@code saveId} at {@code offset}. */
  Chunk save(String saveId, long offset) {
    if (saveId.isEmpty()) {
      return chunk(create(), 0);
    }
    if (!saveId.matches("[0-9a-f]{32}")) {
      throw new IllegalArgumentException("save id must be 32 hex digits");
    }
    return chunk(saveId, offset);
  }

  private String create() {
    try {
      Files.createDirectories(dir);
      removeAbandoned();
      String id = HexFormat.of().formatHex(RequestId.random(random).value().toByteArray());
      Path checkpoint = dir.resolve(id + ".checkpoint");
      Path partial = dir.resolve(id + ".partial");
      raft.checkpointState(checkpoint);
      try (RocksDbEngine copy = RocksDbEngine.open(checkpoint);
          OutputStream out = Files.newOutputStream(partial)) {
        LogPosition at = copy.get(io.strongroom.storage.engine.ColumnFamily.APPLIED, "applied".getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .map(LogPosition::decode).orElse(LogPosition.INITIAL);
        StateDump.write(copy, keySetId(copy).bytes(), at, Set.copyOf(KEPT), new java.io.BufferedOutputStream(out, 1 << 16));
      } finally {
        deleteTree(checkpoint);
      }
      Files.move(partial, file(id));
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the backup under " + dir, e);
    }
  }

  private static KeySetId keySetId(RocksDbEngine copy) {
    byte[] key = ("rec/" + ReplicatedSealStore.KEY).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return copy.get(io.strongroom.storage.engine.ColumnFamily.SYSTEM, key)
        .map(b -> SealRecord.fromBytes(Bytes.of(b)).keySet().id())
        .orElseThrow(() -> new IllegalStateException("the cluster is not initialized: nothing to back up"));
  }

  private Chunk chunk(String id, long offset) {
    Path file = file(id);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException("no backup " + id + " on this node (finished, expired, or taken by another leader): start the save again");
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long total = in.length();
      if (offset < 0 || offset > total) {
        throw new IllegalArgumentException("offset " + offset + " is outside the backup (" + total + " bytes)");
      }
      byte[] data = new byte[(int) Math.min(CHUNK_BYTES, total - offset)];
      in.seek(offset);
      in.readFully(data);
      byte[] sha = new byte[32];
      in.seek(total - 32);
      in.readFully(sha);
      in.seek(0);
      byte[] head = new byte[(int) Math.min(total, 64)];
      in.readFully(head);
      long index = StateDump.header(head).position().index();
      if (offset + data.length == total) {
        Files.deleteIfExists(file);
      }
      return new Chunk(id, offset, data, total, Bytes.of(sha), index);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read backup " + id, e);
    }
  }

  /**
   * Stores one chunk of a restore, or with {@code commit} swaps the state for the uploaded dump.
   * The first chunk's header is checked before anything is proposed: a snapshot of another
   * cluster, or of a key set this cluster never had, is refused here. {@code requestId} is the
   * client's, so a retried step is answered from the first one's result.
   */
  RestoreProgress restore(RequestId requestId, Bytes restoreId, int index, byte[] data, boolean commit, int chunks, Bytes sha256) {
    if (restoreId.length() != RequestId.LENGTH) {
      throw new IllegalArgumentException("restore id must be " + RequestId.LENGTH + " bytes");
    }
    if (commit) {
      CommandResult result = submit(new Command.RestoreCommit(requestId, restoreId, chunks, sha256, KEPT));
      if (result instanceof CommandResult.RestoreRefused refused) {
        throw new IllegalArgumentException("restore refused, nothing changed: " + refused.reason());
      }
      return new RestoreProgress(chunks, true, ((CommandResult.Restored) result).records());
    }
    if (index == 0) {
      checkBelongsHere(data);
    }
    submit(new Command.RestoreChunk(requestId, restoreId, index, Bytes.of(data)));
    return new RestoreProgress(index + 1, false, 0);
  }

  private void checkBelongsHere(byte[] start) {
    StateDump.Header header;
    try {
      header = StateDump.header(start);
    } catch (MalformedEntryException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    SealRecord live = raft.state().systemRecord(ReplicatedSealStore.KEY).map(SealRecord::fromBytes)
        .orElseThrow(() -> new IllegalStateException("the cluster is not initialized"));
    KeySetId taken = new KeySetId(header.clusterKeyId());
    if (!taken.equals(live.keySet().id()) && !live.previousKeySets().contains(taken)) {
      throw new IllegalArgumentException("the snapshot belongs to key set " + taken + ", which this cluster (key set "
          + live.keySet().id() + ") never had: its secrets could not be decrypted here");
    }
  }

  private CommandResult submit(Command command) {
    try {
      return writes.submit(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS).result();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted during the restore", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterUnavailableException("could not commit a restore step; retry the restore", e);
    }
  }

  private Path file(String id) {
    return dir.resolve(id + ".srdump");
  }

  private void removeAbandoned() throws IOException {
    long cutoff = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.getLastModifiedTime(p).toMillis() < cutoff) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
