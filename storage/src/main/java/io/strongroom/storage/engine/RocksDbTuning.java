package io.strongroom.storage.engine;

/**
 * The few RocksDB knobs worth changing per deployment; everything else is fixed in
 * {@link RocksDbEngine} with the reason next to it.
 *
 * @param blockCacheBytes  size of the LRU block cache shared by all column families (uncompressed
 *                         data, index and filter blocks)
 * @param bloomBitsPerKey  bloom filter bits per key; 10 gives about 1% false positives, so a point
 *                         lookup of an absent key (a CAS=0 put, a missing secret) rarely touches disk
 * @param writeBufferBytes memtable size per column family before it is flushed to an SST
 * @param backgroundJobs   flush and compaction threads; the nodes have few cores
 */
public record RocksDbTuning(long blockCacheBytes, double bloomBitsPerKey, long writeBufferBytes, int backgroundJobs) {

  /** 64 MiB cache, 10 bloom bits per key, 32 MiB memtables, 2 background jobs. */
  public static final RocksDbTuning DEFAULT = new RocksDbTuning(64L << 20, 10, 32L << 20, 2);

  public RocksDbTuning {
    if (blockCacheBytes < 1 << 20) {
      throw new IllegalArgumentException("blockCacheBytes must be >= 1 MiB, was " + blockCacheBytes);
    }
    if (bloomBitsPerKey < 1 || bloomBitsPerKey > 32) {
      throw new IllegalArgumentException("bloomBitsPerKey must be in [1, 32], was " + bloomBitsPerKey);
    }
    if (writeBufferBytes < 64 << 10) {
      throw new IllegalArgumentException("writeBufferBytes must be >= 64 KiB, was " + writeBufferBytes);
    }
    if (backgroundJobs < 1) {
      throw new IllegalArgumentException("backgroundJobs must be >= 1, was " + backgroundJobs);
    }
  }
}
