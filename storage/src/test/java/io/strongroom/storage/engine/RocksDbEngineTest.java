package io.strongroom.storage.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** RocksDB-only behaviour: durability knobs, checkpoints, and clear errors for a bad data dir. */
class RocksDbEngineTest {

  @TempDir
  Path tmp;

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void putAll(StorageEngine engine, WriteMode mode, int from, int to) {
    Batch batch = new Batch();
    for (int i = from; i < to; i++) {
      batch.put(ColumnFamily.SECRET_DATA, b(String.format("key-%05d", i)), b("value-" + i));
      batch.put(ColumnFamily.APPLIED, b("applied"), b(Integer.toString(i)));
    }
    engine.write(batch, mode);
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)
          || p.getFileName().toString().startsWith(suffix)).toList();
    }
  }

  @Test
  void writesWithoutWalSurviveACleanCloseAndReopen() {
    Path dir = tmp.resolve("db");
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      putAll(engine, WriteMode.NO_WAL, 0, 100);
    }
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      assertThat(engine.get(ColumnFamily.SECRET_DATA, b("key-00099"))).isPresent();
      assertThat(new String(engine.get(ColumnFamily.APPLIED, b("applied")).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("99");
    }
  }

  /** Reads of keys the memtable lacks must not walk its skip list: each family has a whole-key filter. */
  @Test
  void everyColumnFamilyKeepsABloomFilterOverItsMemtable() throws IOException {
    Path dir = tmp.resolve("db");
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      putAll(engine, WriteMode.NO_WAL, 0, 10);
    }
    Path options;
    try (Stream<Path> files = Files.list(dir)) {
      options = files.filter(f -> f.getFileName().toString().startsWith("OPTIONS-")).max(Path::compareTo).orElseThrow();
    }
    String text = Files.readString(options, StandardCharsets.UTF_8);
    int families = ColumnFamily.values().length + 1; // and RocksDB's default family
    assertThat(text.split("\\[CFOptions ", -1)).hasSize(families + 1);
    assertThat(text.split("memtable_whole_key_filtering=true", -1)).hasSize(families + 1);
    assertThat(text.split("memtable_prefix_bloom_size_ratio=0\\.10*\n", -1)).hasSize(families + 1);
  }

  @Test
  void flushWritesSstFiles() throws IOException {
    Path dir = tmp.resolve("db");
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      putAll(engine, WriteMode.NO_WAL, 0, 10);
      assertThat(files(engine.dataDir(), ".sst")).isEmpty();
      engine.flush();
      assertThat(files(engine.dataDir(), ".sst")).isNotEmpty();
    }
  }

  @Test
  void checkpointIsAConsistentCopyThatOpensElsewhere() {
    Path dir = tmp.resolve("db");
    Path snapshot = tmp.resolve("snapshots/snapshot.1_100");
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      putAll(engine, WriteMode.NO_WAL, 0, 100);
      engine.checkpoint(snapshot);
      putAll(engine, WriteMode.NO_WAL, 100, 200);
      assertThatThrownBy(() -> engine.checkpoint(snapshot))
          .isInstanceOf(StorageException.class).hasMessageContaining("already exists").hasMessageContaining(snapshot.toString());
    }
    Path restored = tmp.resolve("restored");
    try (RocksDbEngine engine = RocksDbEngine.openFromCheckpoint(snapshot, restored, RocksDbTuning.DEFAULT)) {
      assertThat(engine.get(ColumnFamily.SECRET_DATA, b("key-00099"))).isPresent();
      assertThat(engine.get(ColumnFamily.SECRET_DATA, b("key-00100"))).isEmpty();
      assertThat(new String(engine.get(ColumnFamily.APPLIED, b("applied")).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("99");
      putAll(engine, WriteMode.DURABLE, 500, 501);
    }
    // The checkpoint itself was not changed by writes to the restored copy.
    try (RocksDbEngine engine = RocksDbEngine.openFromCheckpoint(snapshot, tmp.resolve("again"), RocksDbTuning.DEFAULT)) {
      assertThat(engine.get(ColumnFamily.SECRET_DATA, b("key-00500"))).isEmpty();
    }
    assertThatThrownBy(() -> RocksDbEngine.openFromCheckpoint(snapshot, restored, RocksDbTuning.DEFAULT))
        .isInstanceOf(StorageException.class).hasMessageContaining("non-empty data dir").hasMessageContaining(restored.toString());
    assertThatThrownBy(() -> RocksDbEngine.openFromCheckpoint(tmp.resolve("nothing"), tmp.resolve("x"), RocksDbTuning.DEFAULT))
        .isInstanceOf(StorageException.class).hasMessageContaining("not a checkpoint");
  }

  @Test
  void secondOpenInTheSameProcessIsLockedAndNamesTheDir() {
    Path dir = tmp.resolve("db");
    try (RocksDbEngine first = RocksDbEngine.open(dir)) {
      assertThatThrownBy(() -> RocksDbEngine.open(dir))
          .isInstanceOf(StorageLockedException.class)
          .hasMessageContaining(first.dataDir().toString())
          .hasMessageContaining("already open");
      putAll(first, WriteMode.BUFFERED, 0, 1);
      assertThat(first.get(ColumnFamily.SECRET_DATA, b("key-00000"))).isPresent();
    }
    try (RocksDbEngine again = RocksDbEngine.open(dir)) {
      assertThat(again.get(ColumnFamily.SECRET_DATA, b("key-00000"))).isPresent();
    }
  }

  @Test
  void openWhileAnotherProcessHoldsTheDirIsLocked() throws Exception {
    Path dir = tmp.resolve("db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).as("child output").startsWith("open ");
      assertThatThrownBy(() -> RocksDbEngine.open(dir))
          .isInstanceOf(StorageLockedException.class)
          .hasMessageContaining("locked by another process")
          .hasMessageContaining(dir.toRealPath().toString());
    } finally {
      child.getOutputStream().close();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
    assertThat(child.exitValue()).isZero();
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      assertThat(engine.dataDir()).isEqualTo(dir.toRealPath());
    }
  }

  private Path populatedAndClosed() {
    Path dir = tmp.resolve("db");
    try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
      for (int i = 0; i < 20; i++) {
        putAll(engine, WriteMode.BUFFERED, i * 100, i * 100 + 100);
      }
      engine.flush();
    }
    return dir;
  }

  private static void overwrite(Path file, long offset, int length) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long start = Math.min(offset, Math.max(0, raf.length() - length));
      raf.seek(start);
      byte[] garbage = new byte[(int) Math.min(length, raf.length())];
      java.util.Arrays.fill(garbage, (byte) 0x5A);
      raf.write(garbage);
    }
  }

  @Test
  void corruptCurrentFileIsReportedWithThePath() throws IOException {
    Path dir = populatedAndClosed();
    Files.write(dir.resolve("CURRENT"), b("garbage-without-newline"));
    assertThatThrownBy(() -> RocksDbEngine.open(dir))
        .isInstanceOf(StorageCorruptionException.class)
        .hasMessageContaining(dir.toRealPath().toString());
  }

  @Test
  void corruptManifestIsReportedWithThePath() throws IOException {
    Path dir = populatedAndClosed();
    List<Path> manifests = files(dir, "MANIFEST-");
    assertThat(manifests).isNotEmpty();
    for (Path manifest : manifests) {
      overwrite(manifest, 0, (int) Files.size(manifest));
    }
    assertThatThrownBy(() -> RocksDbEngine.open(dir))
        .isInstanceOf(StorageCorruptionException.class)
        .hasMessageContaining(dir.toRealPath().toString());
  }

  @Test
  void corruptSstIsReportedWithThePathOnOpenOrRead() throws IOException {
    Path dir = populatedAndClosed();
    List<Path> ssts = files(dir, ".sst");
    assertThat(ssts).isNotEmpty();
    for (Path sst : ssts) {
      overwrite(sst, 0, 2048);
    }
    assertThatThrownBy(() -> {
      try (RocksDbEngine engine = RocksDbEngine.open(dir)) {
        engine.scan(ColumnFamily.SECRET_DATA, new byte[0], (k, v) -> true);
      }
    }).isInstanceOf(StorageCorruptionException.class).hasMessageContaining(dir.toRealPath().toString());
  }

  @Test
  void noSpaceStatusBecomesStorageFull() {
    Path dir = tmp.resolve("db");
    RocksDBException enospc = new RocksDBException("IO error: No space left on device: While appending to file: "
        + dir + "/000012.log", new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device"));
    assertThat(RocksDbEngine.translate(dir, "writing a batch of 3", enospc))
        .isInstanceOf(StorageFullException.class)
        .hasMessageContaining("disk full")
        .hasMessageContaining(dir.toString());
    RocksDBException corruption = new RocksDBException("Corruption: block checksum mismatch",
        new Status(Status.Code.Corruption, Status.SubCode.None, "block checksum mismatch"));
    assertThat(RocksDbEngine.translate(dir, "reading", corruption)).isInstanceOf(StorageCorruptionException.class);
    RocksDBException other = new RocksDBException("IO error: Permission denied",
        new Status(Status.Code.IOError, Status.SubCode.None, "Permission denied"));
    assertThat(RocksDbEngine.translate(dir, "reading", other))
        .isExactlyInstanceOf(StorageException.class).hasMessageContaining(dir.toString());
  }

  @Test
  void unknownColumnFamiliesAreNamedNotDropped() throws RocksDBException {
    Path dir = tmp.resolve("db");
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    descriptors.add(new ColumnFamilyDescriptor(b("from-the-future")));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
      RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      db.put(handles.get(1), b("k"), b("v"));
      handles.forEach(ColumnFamilyHandle::close);
    }
    assertThatThrownBy(() -> RocksDbEngine.open(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("from-the-future");
  }

  @Test
  void tuningIsValidated() {
    assertThatThrownBy(() -> new RocksDbTuning(1024, 10, 1 << 20, 2)).hasMessageContaining("blockCacheBytes must be >= 1 MiB, was 1024");
    assertThatThrownBy(() -> new RocksDbTuning(1 << 20, 0, 1 << 20, 2)).hasMessageContaining("bloomBitsPerKey");
    assertThatThrownBy(() -> new RocksDbTuning(1 << 20, 10, 1 << 20, 0)).hasMessageContaining("backgroundJobs must be >= 1, was 0");
  }

  /**
   * A point read of an absent key consults the bloom filter of every table it could be in. With one
   * filter per table, a big table's filter outgrew its shard of the block cache, so it was dropped
   * after every use and each read fetched and checksummed the whole filter again: in a profile of
   * a cluster under write load, 72% of the apply thread went to it (dedup lookups of new request
   * ids). Partitioned filters cache in small pieces. Measured as bytes this process read from
   * files (Linux only): 2,000 lookups read 2.0 GB before (1 MB of filter each), 1.5 MB after.
   */
  @Test
  void lookupsOfAbsentKeysInABigTableDoNotRereadItsFilter() throws IOException {
    Path io = Path.of("/proc/self/io");
    assumeTrue(Files.isReadable(io), "needs /proc/self/io");
    // 1 MiB of cache is two shards of 512 KiB; 800k keys make a filter of about 1 MB.
    RocksDbTuning tuning = new RocksDbTuning(1 << 20, 10, 64L << 20, 2);
    try (RocksDbEngine engine = RocksDbEngine.open(tmp.resolve("big"), tuning)) {
      for (int chunk = 0; chunk < 800; chunk++) {
        Batch batch = new Batch();
        for (int i = 0; i < 1_000; i++) {
          batch.put(ColumnFamily.SYSTEM, key(2 * (chunk * 1_000 + i)), new byte[0]); // even keys only
        }
        engine.write(batch, WriteMode.NO_WAL);
      }
      engine.flush();
      engine.compact(); // out of L0, whose filters stay pinned in the cache whatever their size
    }
    // Reopened, as after a restart (or once cache pressure has evicted the filter): nothing cached.
    try (RocksDbEngine engine = RocksDbEngine.open(tmp.resolve("big"), tuning)) {
      long before = bytesRead(io);
      for (int i = 0; i < 2_000; i++) {
        assertThat(engine.get(ColumnFamily.SYSTEM, key(2 * (i * 397) + 1))).isEmpty(); // odd: inside the table's range
      }
      long read = bytesRead(io) - before;
      assertThat(read).as("bytes read from files by 2,000 lookups of absent keys").isLessThan(32L << 20);
    }
  }

  private static byte[] key(int i) {
    return String.format("k/%012d", i).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code rchar} of /proc/self/io: bytes this process has read with read(2) and pread(2). */
  private static long bytesRead(Path io) throws IOException {
    for (String line : Files.readAllLines(io)) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).trim());
      }
    }
    throw new IllegalStateException("no rchar in " + io);
  }
}
