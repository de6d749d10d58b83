package io.strongroom.raft.ratis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots as RocksDB checkpoint directories under Ratis' state machine dir:
 * {@code sm/snapshot.<term>_<index>/} holding the checkpoint's files.
 *
 * <p>Ratis ships {@link FileListSnapshotInfo#getFiles()} to a lagging follower and replaces the
 * follower's whole {@code sm/} directory with what it received, so the live database lives outside
 * {@code sm/} and is rebuilt from the newest checkpoint on {@code reinitialize}. The files hold
 * only what the state holds: ciphertext and public metadata.
 *
 * <p>Thread-safe: the latest snapshot is published through a volatile field.
 */
final class CheckpointSnapshotStorage implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  private volatile Path smDir;
  private volatile Snapshot latest;
  /**
   * {@link #latest}'s file list, made once when it is published: Ratis asks for the latest
   * snapshot on every append it receives, and listing the directory each time cost a fifth of a
   * follower's CPU. A published checkpoint directory never changes.
   */
  private volatile FileListSnapshotInfo latestInfo;

  /** A checkpoint directory and the log position it covers. */
  record Snapshot(Path dir, TermIndex termIndex) {}

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(smDir);
    reload();
  }

  /** Rescans {@code sm/} (after Ratis installed a snapshot into it). */
  void reload() throws IOException {
    publish(scan().stream().max(Comparator.comparingLong(s -> s.termIndex().getIndex())).orElse(null));
  }

  private synchronized void publish(Snapshot s) {
    latestInfo = s == null ? null : new FileListSnapshotInfo(files(s.dir()), s.termIndex());
    latest = s;
  }

  Optional<Snapshot> latest() {
    return Optional.ofNullable(latest);
  }

  /** Where the checkpoint for {@code ti} goes. */
  Path dirFor(TermIndex ti) {
    return smDir.resolve("snapshot." + ti.getTerm() + "_" + ti.getIndex());
  }

  /** A scratch path in {@code sm/} for building a checkpoint before it is renamed into place. */
  Path tmpDirFor(TermIndex ti) {
    return smDir.resolve(".tmp.snapshot." + ti.getTerm() + "_" + ti.getIndex());
  }

  void published(Path dir, TermIndex ti) {
    publish(new Snapshot(dir, ti));
  }

  @Override
  public FileListSnapshotInfo getLatestSnapshot() {
    return latestInfo;
  }

  private static List<FileInfo> files(Path dir) {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> walk = Files.list(dir)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .sorted()
          .forEach(p -> files.add(new FileInfo(p.toAbsolutePath(), null))); // digest computed while sending
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list snapshot " + dir, e);
    }
    return files;
  }

  @Override
  public void format() throws IOException {
    // Nothing to prepare: checkpoints create their own directories.
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy == null ? -1 : policy.getNumSnapshotsRetained();
    if (keep <= 0) {
      return;
    }
    List<Snapshot> all = scan();
    all.sort(Comparator.comparingLong((Snapshot s) -> s.termIndex().getIndex()).reversed());
    for (Snapshot old : all.subList(Math.min(keep, all.size()), all.size())) {
      deleteTree(old.dir());
    }
  }

  @Override
  public File getSnapshotDir() {
    return smDir == null ? null : smDir.toFile();
  }

  private List<Snapshot> scan() throws IOException {
    List<Snapshot> found = new ArrayList<>();
    if (smDir == null || !Files.isDirectory(smDir)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(smDir)) {
      for (Path p : entries) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (m.matches() && Files.isRegularFile(p.resolve("CURRENT"))) {
          found.add(new Snapshot(p, TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))));
        }
      }
    }
    return found;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
