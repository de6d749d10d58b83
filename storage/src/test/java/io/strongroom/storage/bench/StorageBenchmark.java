package io.strongroom.storage.bench;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.barrier.KeyringStore;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.RocksDbEngine;
import io.strongroom.storage.engine.WriteMode;
import io.strongroom.storage.kv.KvLimits;
import io.strongroom.storage.kv.KvResult;
import io.strongroom.storage.kv.LocalSecretStore;
import io.strongroom.storage.kv.ReadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One-thread latency of the storage paths, 256-byte secrets. Run with the {@code jmh} profile (see
 * storage/pom.xml and BENCHMARKS.md). Compare {@code rocksPut} (baseline: one 256-byte put through the
 * engine, WAL on, no fsync) with {@code barrierSealAndRocksPut} (the same put of the sealed value):
 * their ratio is what the barrier adds. {@code kvPut*} and {@code kvGet} are the whole KV v2 path
 * (validation, seal, metadata read-modify-write, two-key batch; read: two gets, open, decode).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StorageBenchmark {

  static final int PATHS = 4_096;

  /** Encoded size of {"value": 238 chars} is exactly 256 bytes (see StringMapCodec). */
  static final Map<String, String> SECRET_256 = Map.of("value", "s".repeat(256 - 5 - 8 - 5));

  @State(Scope.Benchmark)
  public static class Store {
    Path dir;
    RocksDbEngine engine;
    Barrier barrier;
    LocalSecretStore store;
    SecureRandom random;
    byte[][] keys;
    byte[] value256;
    long now = 1_700_000_000_000L;
    int next;

    @Setup(Level.Trial)
    public void open() throws IOException, NoSuchAlgorithmException {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(tmp);
      dir = Files.createTempDirectory(tmp, "bench-");
      engine = RocksDbEngine.open(dir.resolve("db"));
      // The caller's CSPRNG is part of the cost (a 12-byte nonce per seal); NativePRNG measured
      // faster than DRBG here (see aesGcmSeal / nonce).
      random = SecureRandom.getInstance("NativePRNG");
      try (SecretBytes root = SecretBytes.random(random, 32); SecretBytes first = SecretBytes.random(random, 32)) {
        barrier = Barrier.initialize(root, first, BarrierPolicy.DEFAULT, KeyringStore.sink(engine), random);
      }
      store = new LocalSecretStore(engine, barrier, KvLimits.DEFAULT, durable() ? WriteMode.DURABLE : WriteMode.BUFFERED);
      keys = new byte[PATHS][];
      for (int i = 0; i < PATHS; i++) {
        keys[i] = ("bench/secret-" + i).getBytes(StandardCharsets.UTF_8);
        store.put("bench/secret-" + i, SECRET_256, OptionalLong.empty(), now, random);
      }
      value256 = new byte[256];
      random.nextBytes(value256);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      barrier.close();
      engine.close();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }

    boolean durable() {
      return false;
    }

    int nextIndex() {
      next = (next + 1) & (PATHS - 1);
      return next;
    }
  }

  /** Durable variant: every KV put fsyncs the WAL. */
  @State(Scope.Benchmark)
  public static class DurableStore extends Store {
    @Override
    boolean durable() {
      return true;
    }
  }

  @Benchmark
  public void rocksPut(Store s) {
    s.engine.write(new Batch().put(ColumnFamily.SECRET_DATA, s.keys[s.nextIndex()], s.value256), WriteMode.BUFFERED);
  }

  @Benchmark
  public void barrierSealAndRocksPut(Store s) {
    int i = s.nextIndex();
    Bytes sealed = s.barrier.seal("kv/data/bench/secret-" + i, s.value256, s.random);
    s.engine.write(new Batch().put(ColumnFamily.SECRET_DATA, s.keys[i], sealed.toByteArray()), WriteMode.BUFFERED);
  }

  @Benchmark
  public KvResult kvPutSyncOff(Store s) {
    return s.store.put("bench/secret-" + s.nextIndex(), SECRET_256, OptionalLong.empty(), ++s.now, s.random);
  }

  @Benchmark
  public KvResult kvPutSyncOn(DurableStore s) {
    return s.store.put("bench/secret-" + s.nextIndex(), SECRET_256, OptionalLong.empty(), ++s.now, s.random);
  }

  @Benchmark
  public ReadResult kvGet(Store s) throws DecryptionFailedException {
    return s.store.get("bench/secret-" + s.nextIndex(), OptionalLong.empty(), s.now);
  }

  /** The barrier's AES-256-GCM seal alone (header, random nonce, encrypt, tag). */
  @State(Scope.Benchmark)
  public static class Crypto {
    @Param({"256", "4096"})
    public int size;

    @Param({"DRBG", "NativePRNG"})
    public String rng;

    Barrier barrier;
    SecureRandom random;
    byte[] plaintext;

    @Setup(Level.Trial)
    public void open() throws NoSuchAlgorithmException {
      random = SecureRandom.getInstance(rng);
      try (SecretBytes root = SecretBytes.random(random, 32); SecretBytes first = SecretBytes.random(random, 32)) {
        barrier = Barrier.initialize(root, first, BarrierPolicy.DEFAULT, w -> { }, random);
      }
      plaintext = new byte[size];
      random.nextBytes(plaintext);
    }

    @TearDown(Level.Trial)
    public void close() {
      barrier.close();
    }
  }

  /** A caller random source. */
  @State(Scope.Benchmark)
  public static class Rng {
    @Param({"DRBG", "NativePRNG"})
    public String rng;

    SecureRandom random;
    final byte[] nonce = new byte[12];

    @Setup(Level.Trial)
    public void open() throws NoSuchAlgorithmException {
      random = SecureRandom.getInstance(rng);
    }
  }

  /** What one GCM nonce costs from the caller's random source. */
  @Benchmark
  public byte[] nonce(Rng r) {
    r.random.nextBytes(r.nonce);
    return r.nonce;
  }

  /** A sealed value to open. */
  @State(Scope.Benchmark)
  public static class Sealed {
    @Param({"256", "4096"})
    public int size;

    Barrier barrier;
    Bytes sealed;

    @Setup(Level.Trial)
    public void open() throws NoSuchAlgorithmException {
      SecureRandom random = SecureRandom.getInstance("DRBG");
      try (SecretBytes root = SecretBytes.random(random, 32); SecretBytes first = SecretBytes.random(random, 32)) {
        barrier = Barrier.initialize(root, first, BarrierPolicy.DEFAULT, w -> { }, random);
      }
      byte[] plaintext = new byte[size];
      random.nextBytes(plaintext);
      sealed = barrier.seal("kv/data/bench/x", plaintext, random);
    }

    @TearDown(Level.Trial)
    public void close() {
      barrier.close();
    }
  }

  @Benchmark
  public Bytes aesGcmSeal(Crypto c) {
    return c.barrier.seal("kv/data/bench/x", c.plaintext, c.random);
  }

  @Benchmark
  public int aesGcmOpen(Sealed c) throws DecryptionFailedException {
    try (SecretBytes plain = c.barrier.open("kv/data/bench/x", c.sealed)) {
      return plain.length();
    }
  }
}
