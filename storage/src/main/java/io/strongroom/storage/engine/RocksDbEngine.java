package io.strongroom.storage.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB {@link StorageEngine}: one column family per {@link ColumnFamily}, atomic
 * {@code WriteBatch}es, prefix iteration with an upper bound, checkpoints for snapshots.
 *
 * <p>Tuning (see {@link RocksDbTuning} for the adjustable part):
 * <ul>
 *   <li>One LRU block cache shared by all families, index and filter blocks cached in it (memory
 *       stays bounded by the cache size) and pinned for L0, so hot lookups stay in memory.</li>
 *   <li>Bloom filters on whole keys: point lookups of absent keys skip SST reads.</li>
 *   <li>Compression: none for {@link ColumnFamily#SECRET_DATA}, whose values are AES-GCM
 *       ciphertext and do not compress (compressing would only burn CPU); LZ4 for the other
 *       families (paths, structural metadata, audit entries compress well) and ZSTD for their
 *       bottommost level, where most data ends up and is read least.</li>
 *   <li>{@code atomic_flush}: all families are flushed together, so with the WAL disabled (the
 *       Raft log is the WAL) what reaches disk is always one consistent cut including the applied
 *       marker.</li>
 *   <li>Point-in-time WAL recovery: after a crash the database opens at the last intact write;
 *       anything later is replayed from the Raft log.</li>
 *   <li>Paranoid checks on, two background jobs (the nodes have two cores), bounded info logs.
 *       RocksDB's LOG files carry no keys or values.</li>
 * </ul>
 *
 * <p>Errors: a data dir held by another engine (in this process or another) raises
 * {@link StorageLockedException}; checksum or format failures {@link StorageCorruptionException};
 * a full disk {@link StorageFullException}; each message names the data dir. Native handles are
 * guarded by a read-write lock, so a call racing {@link #close()} fails cleanly instead of touching
 * freed memory.
 *
 * <p>Thread-safe. Do not call {@link #close()} from inside a scan visitor.
 */
public final class RocksDbEngine implements StorageEngine {

  static {
    // RocksDB extracts its native library into java.io.tmpdir; name the directory if that fails.
    String tmp = System.getProperty("java.io.tmpdir");
    try {
      RocksDB.loadLibrary();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot load the RocksDB native library (extracted into java.io.tmpdir="
          + tmp + "; it must exist and be writable and executable)", e);
    }
  }

  /** Canonical data dirs open in this process, to tell "locked by us" from "locked by another process". */
  private static final Set<Path> OPEN_DIRS = ConcurrentHashMap.newKeySet();

  private final Path dataDir;
  private final RocksDB db;
  private final Map<ColumnFamily, ColumnFamilyHandle> handles;
  private final List<ColumnFamilyHandle> allHandles;
  /** Native objects to release on close, most recent first. */
  private final Deque<AutoCloseable> resources;
  private final WriteOptions durable;
  private final WriteOptions buffered;
  private final WriteOptions noWal;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksDbEngine(Path dataDir, RocksDB db, Map<ColumnFamily, ColumnFamilyHandle> handles,
             List<ColumnFamilyHandle> allHandles, Deque<AutoCloseable> resources) {
    this.dataDir = dataDir;
    this.db = db;
    this.handles = handles;
    this.allHandles = allHandles;
    this.resources = resources;
    this.durable = track(resources, new WriteOptions().setSync(true));
    this.buffered = track(resources, new WriteOptions().setSync(false));
    this.noWal = track(resources, new WriteOptions().setSync(false).setDisableWAL(true));
  }

  /** Opens (creating if needed) the store in {@code dataDir} with default tuning. */
  public static RocksDbEngine open(Path dataDir) {
    return open(dataDir, RocksDbTuning.DEFAULT);
  }

  /**
   * Share of each memtable given to a whole-key bloom filter. Most point reads look for keys the
   * memtable does not hold (values already flushed to SSTs, request ids never seen); without the
   * filter each such read walks the memtable's skip list first, a string of cache misses that
   * profiles showed as a tenth of the apply thread's time.
   */
  static final double MEMTABLE_BLOOM_RATIO = 0.1;

  /** Size of one partition of a table's index or bloom filter: small enough to cache piecemeal. */
  static final long METADATA_BLOCK_BYTES = 4 * 1024;

  /**
   * Opens (creating if needed) the store in {@code dataDir}.
   *
   * @throws StorageLockedException     if the data dir is open elsewhere
   * @throws StorageCorruptionException if its files fail checks
   * @throws StorageException           for other I/O failures, or unknown column families
   */
  public static RocksDbEngine open(Path dataDir, RocksDbTuning tuning) {
    Objects.requireNonNull(tuning, "tuning");
    Path dir = canonical(dataDir);
    checkColumnFamilies(dir);
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    List<ColumnFamilyHandle> allHandles = new ArrayList<>();
    try {
      DBOptions dbOptions = track(resources, new DBOptions()
          .setCreateIfMissing(true)
          .setCreateMissingColumnFamilies(true)
          .setAtomicFlush(true)
          .setParanoidChecks(true)
          .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
          .setMaxBackgroundJobs(tuning.backgroundJobs())
          .setBytesPerSync(1L << 20)
          .setMaxLogFileSize(8L << 20)
          .setKeepLogFileNum(4));
      LRUCache cache = track(resources, new LRUCache(tuning.blockCacheBytes()));
      BloomFilter bloom = track(resources, new BloomFilter(tuning.bloomBitsPerKey()));
      // Index and filter in partitions of METADATA_BLOCK_BYTES, cached like data blocks, with only
      // each table's small top level pinned. One filter per table outgrew a shard of the block
      // cache once a table held a few million keys (request ids: about 3 MB of filter in a 64 MB
      // cache of 1 MB shards), so the cache dropped it after each use, and every point read of an
      // absent key read and checksummed it again from the file: 72% of the apply thread under a
      // sustained write load.
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(cache)
          .setFilterPolicy(bloom)
          .setWholeKeyFiltering(true)
          .setCacheIndexAndFilterBlocks(true)
          .setPinL0FilterAndIndexBlocksInCache(true)
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(true)
          .setMetadataBlockSize(METADATA_BLOCK_BYTES)
          .setPinTopLevelIndexAndFilter(true)
          .setBlockSize(16 * 1024);
      ColumnFamilyOptions sealed = track(resources, new ColumnFamilyOptions()
          .setTableFormatConfig(table)
          .setWriteBufferSize(tuning.writeBufferBytes())
          .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
          .setMemtableWholeKeyFiltering(true)
          .setLevelCompactionDynamicLevelBytes(true)
          .setCompressionType(CompressionType.NO_COMPRESSION)
          .setBottommostCompressionType(CompressionType.NO_COMPRESSION));
      ColumnFamilyOptions structural = track(resources, new ColumnFamilyOptions()
          .setTableFormatConfig(table)
          .setWriteBufferSize(tuning.writeBufferBytes())
          .setMemtablePrefixBloomSizeRatio(MEMTABLE_BLOOM_RATIO)
          .setMemtableWholeKeyFiltering(true)
          .setLevelCompactionDynamicLevelBytes(true)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION));

      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, structural));
      for (ColumnFamily family : ColumnFamily.values()) {
        descriptors.add(new ColumnFamilyDescriptor(family.storageNameBytes(),
            family == ColumnFamily.SECRET_DATA ? sealed : structural));
      }
      RocksDB db;
      try {
        db = RocksDB.open(dbOptions, dir.toString(), descriptors, allHandles);
      } catch (RocksDBException e) {
        throw translateOpen(dir, e);
      }
      // Handles close before the DB, the DB before its options.
      track(resources, db);
      allHandles.forEach(h -> track(resources, h));
      Map<ColumnFamily, ColumnFamilyHandle> handles = new EnumMap<>(ColumnFamily.class);
      for (ColumnFamily family : ColumnFamily.values()) {
        handles.put(family, allHandles.get(family.ordinal() + 1));
      }
      RocksDbEngine engine = new RocksDbEngine(dir, db, handles, List.copyOf(allHandles), resources);
      OPEN_DIRS.add(dir);
      return engine;
    } catch (RuntimeException | Error e) {
      closeAll(resources);
      throw e;
    }
  }

  /**
   * Rebuilds {@code dataDir} from a checkpoint made by {@link #checkpoint(Path)} and opens it. SST
   * files are hard-linked when the file system allows (they are immutable), other files copied; the
   * checkpoint itself is left untouched and can be reused.
   *
   * @throws StorageException if {@code dataDir} exists and is not empty, or copying fails
   */
  public static RocksDbEngine openFromCheckpoint(Path checkpointDir, Path dataDir, RocksDbTuning tuning) {
    Path source = canonical(checkpointDir);
    Path target = dataDir.toAbsolutePath().normalize();
    try {
      if (!Files.isRegularFile(source.resolve("CURRENT"))) {
        throw new StorageException(source, "not a checkpoint (no CURRENT file): " + source, null);
      }
      if (Files.exists(target)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
          if (entries.iterator().hasNext()) {
            throw new StorageException(target, "refusing to restore a checkpoint into non-empty data dir " + target, null);
          }
        }
      }
      Files.createDirectories(target);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(source)) {
        for (Path file : files) {
          Path copy = target.resolve(file.getFileName());
          if (file.getFileName().toString().endsWith(".sst")) {
            try {
              Files.createLink(copy, file);
              continue;
            } catch (IOException | UnsupportedOperationException e) {
              // Different file system: fall through to a copy.
            }
          }
          Files.copy(file, copy);
          fsync(copy);
        }
      }
    } catch (IOException e) {
      throw new StorageException(target, "cannot restore checkpoint " + source + " into " + target + ": " + e, e);
    }
    return open(target, tuning);
  }

  /** The canonical data dir. */
  public Path dataDir() {
    return dataDir;
  }

  @Override
  public Optional<byte[]> get(ColumnFamily family, byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.readLock().lock();
    try {
      checkOpen();
      return Optional.ofNullable(db.get(handles.get(family), key));
    } catch (RocksDBException e) {
      throw translate(dataDir, "reading " + family.storageName(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void write(Batch batch, WriteMode mode) {
    Objects.requireNonNull(mode, "mode");
    if (batch.isEmpty()) {
      return;
    }
    lock.readLock().lock();
    try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch()) {
      checkOpen();
      for (Batch.Op op : batch.ops()) {
        ColumnFamilyHandle handle = handles.get(op.family());
        if (op.value() == null) {
          nativeBatch.delete(handle, op.key());
        } else {
          nativeBatch.put(handle, op.key(), op.value());
        }
      }
      db.write(options(mode), nativeBatch);
    } catch (RocksDBException e) {
      throw translate(dataDir, "writing a batch of " + batch.size(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void scan(ColumnFamily family, byte[] prefix, byte[] startAt, EntryVisitor visitor) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(visitor, "visitor");
    byte[] end = Keys.prefixEnd(prefix);
    lock.readLock().lock();
    try (ReadOptions options = new ReadOptions();
      Slice upper = end == null ? null : new Slice(end)) {
      checkOpen();
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      try (RocksIterator it = db.newIterator(handles.get(family), options)) {
        for (it.seek(Keys.scanStart(prefix, startAt)); it.isValid(); it.next()) {
          byte[] key = it.key();
          if (!Keys.startsWith(key, prefix) || !visitor.visit(key, it.value())) {
            break;
          }
        }
        it.status();
      }
    } catch (RocksDBException e) {
      throw translate(dataDir, "scanning " + family.storageName(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Flushes every column family's memtable to SST files, atomically, and waits. After it returns,
   * writes made with {@link WriteMode#NO_WAL} survive a crash.
   */
  public void flush() {
    lock.readLock().lock();
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      checkOpen();
      db.flush(options, allHandles);
    } catch (RocksDBException e) {
      throw translate(dataDir, "flushing", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Compacts every column family down to its last level and waits (tests: a table out of L0). */
  void compact() {
    lock.readLock().lock();
    try {
      checkOpen();
      for (ColumnFamilyHandle handle : allHandles) {
        db.compactRange(handle);
      }
    } catch (RocksDBException e) {
      throw translate(dataDir, "compacting", e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Flushes, then writes a consistent, openable copy of the whole store to {@code target} (which
   * must not exist; its parent is created). SSTs are hard links, so this is cheap and the files are
   * immutable. Use it for Raft snapshots; reopen with {@link #openFromCheckpoint}.
   */
  public void checkpoint(Path target) {
    Path dir = target.toAbsolutePath().normalize();
    if (Files.exists(dir)) {
      throw new StorageException(dir, "checkpoint target already exists: " + dir, new FileAlreadyExistsException(dir.toString()));
    }
    try {
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new StorageException(dir, "cannot create the parent of checkpoint " + dir + ": " + e, e);
    }
    flush();
    lock.readLock().lock();
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkOpen();
      checkpoint.createCheckpoint(dir.toString());
    } catch (RocksDBException e) {
      throw translate(dir, "creating checkpoint " + dir + " of " + dataDir, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Waits for calls in progress, then releases every native resource and the data dir lock. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        // Writes made without WAL would otherwise be lost; a clean close keeps them.
        db.flush(options, allHandles);
      } catch (RocksDBException e) {
        closeAll(resources);
        OPEN_DIRS.remove(dataDir);
        throw translate(dataDir, "flushing on close", e);
      }
      closeAll(resources);
      OPEN_DIRS.remove(dataDir);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksDbEngine[" + dataDir + (closed ? ", closed]" : "]");
  }

  private WriteOptions options(WriteMode mode) {
    if (!mode.writeAheadLog()) {
      return noWal;
    }
    return mode.sync() ? durable : buffered;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("RocksDB engine is closed: " + dataDir);
    }
  }

  /** RocksDB refuses to open without every existing family; name the unknown ones instead. */
  private static void checkColumnFamilies(Path dir) {
    if (!Files.exists(dir.resolve("CURRENT"))) {
      return;
    }
    List<byte[]> existing;
    try (Options options = new Options()) {
      existing = RocksDB.listColumnFamilies(options, dir.toString());
    } catch (RocksDBException e) {
      throw translateOpen(dir, e);
    }
    List<String> unknown = new ArrayList<>();
    for (byte[] name : existing) {
      boolean known = Arrays.equals(name, RocksDB.DEFAULT_COLUMN_FAMILY);
      for (ColumnFamily family : ColumnFamily.values()) {
        known |= Arrays.equals(name, family.storageNameBytes());
      }
      if (!known) {
        unknown.add(new String(name, StandardCharsets.UTF_8));
      }
    }
    if (!unknown.isEmpty()) {
      throw new StorageException(dir, "data dir " + dir + " has unknown column families " + unknown
          + " (written by a newer version?); refusing to open it", null);
    }
  }

  private static StorageException translateOpen(Path dir, RocksDBException e) {
    Status status = e.getStatus();
    boolean ioError = status != null && status.getCode() == Status.Code.IOError;
    if (OPEN_DIRS.contains(dir)) {
      return new StorageLockedException(dir, "data dir " + dir + " is already open in this process", e);
    }
    if (ioError && heldByAnotherProcess(dir.resolve("LOCK"))) {
      return new StorageLockedException(dir, "data dir " + dir + " is locked by another process (" + dir.resolve("LOCK") + ")", e);
    }
    return translate(dir, "opening", e);
  }

  /**
   * Maps a RocksDB status to a typed exception, by status code rather than message text. A
   * {@code NoSpace} sub-code is what RocksDB's POSIX env reports for {@code ENOSPC}.
   */
  static StorageException translate(Path dir, String action, RocksDBException e) {
    Status status = e.getStatus();
    String detail = e.getMessage();
    if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
      return new StorageFullException(dir, "disk full under data dir " + dir + " while " + action + ": " + detail, e);
    }
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return new StorageCorruptionException(dir, "data dir " + dir + " is corrupt (while " + action + "): " + detail, e);
    }
    return new StorageException(dir, "storage failure in data dir " + dir + " while " + action + ": " + detail, e);
  }

  /**
   * Whether another process holds the POSIX lock on {@code lockFile}. Only called when no engine of
   * this process has the dir open: closing a channel drops every lock this process holds on the file,
   * which would be harmful only if we held one.
   */
  private static boolean heldByAnotherProcess(Path lockFile) {
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock probe = channel.tryLock();
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path canonical(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      return absolute.toRealPath();
    } catch (NoSuchFileException e) {
      throw new StorageException(absolute, "data dir does not exist and cannot be created: " + absolute, e);
    } catch (IOException e) {
      throw new StorageException(absolute, "cannot use data dir " + absolute + ": " + e, e);
    }
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static <T extends AutoCloseable> T track(Deque<AutoCloseable> resources, T resource) {
    resources.push(resource);
    return resource;
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        // Releasing native memory does not fail in practice; keep releasing the rest.
      }
    }
  }
}
