package io.strongroom.storage.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadCachingEngineTest {
  private static final ColumnFamily CACHED = ColumnFamily.SECRET_METADATA;

  /** An in-memory engine that counts reads and can hold one read between reading and returning. */
  private static final class Inner implements StorageEngine {
    final InMemoryEngine store = new InMemoryEngine();
    final AtomicInteger gets = new AtomicInteger();
    volatile CountDownLatch readDone;
    volatile CountDownLatch release;

    @Override
    public Optional<byte[]> get(ColumnFamily family, byte[] key) {
      gets.incrementAndGet();
      Optional<byte[]> value = store.get(family, key);
      CountDownLatch hold = release;
      if (hold != null) {
        release = null;
        readDone.countDown();
        try {
          hold.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return value;
    }

    @Override
    public void write(Batch batch, WriteMode mode) {
      store.write(batch, mode);
    }

    @Override
    public void scan(ColumnFamily family, byte[] prefix, byte[] startAt, EntryVisitor visitor) {
      store.scan(family, prefix, startAt, visitor);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  private static String s(Optional<byte[]> v) {
    return v.map(x -> new String(x, UTF_8)).orElse(null);
  }

  private final Inner inner = new Inner();
  private final ReadCachingEngine engine = new ReadCachingEngine(inner, CACHED, 4);

  @Test
  void aSecondReadOfTheSameKeyIsServedFromMemory() {
    inner.store.write(new Batch().put(CACHED, b("k"), b("v1")), WriteMode.DURABLE);
    assertThat(s(engine.get(CACHED, b("k")))).isEqualTo("v1");
    assertThat(s(engine.get(CACHED, b("k")))).isEqualTo("v1");
    assertThat(engine.get(CACHED, b("absent"))).isEmpty();
    assertThat(engine.get(CACHED, b("absent"))).isEmpty();
    assertThat(inner.gets).hasValue(2);
  }

  @Test
  void otherFamiliesAreAlwaysReadFromTheEngineBehind() {
    engine.write(new Batch().put(ColumnFamily.SECRET_DATA, b("k"), b("v")), WriteMode.DURABLE);
    assertThat(s(engine.get(ColumnFamily.SECRET_DATA, b("k")))).isEqualTo("v");
    assertThat(s(engine.get(ColumnFamily.SECRET_DATA, b("k")))).isEqualTo("v");
    assertThat(inner.gets).hasValue(2);
    assertThat(engine.cachedKeys()).isZero();
  }

  @Test
  void writesAndDeletesReplaceWhatIsCached() {
    engine.write(new Batch().put(CACHED, b("k"), b("v1")), WriteMode.DURABLE);
    assertThat(s(engine.get(CACHED, b("k")))).isEqualTo("v1");
    engine.write(new Batch().put(CACHED, b("k"), b("v2")), WriteMode.DURABLE);
    assertThat(s(engine.get(CACHED, b("k")))).isEqualTo("v2");
    engine.write(new Batch().delete(CACHED, b("k")), WriteMode.DURABLE);
    assertThat(engine.get(CACHED, b("k"))).isEmpty();
    assertThat(inner.gets).as("every read after a write came from memory").hasValue(0);
    assertThat(s(inner.store.get(CACHED, b("k")))).as("and the engine behind has every write").isNull();
  }

  @Test
  void arraysHandedOutAreCopies() {
    engine.write(new Batch().put(CACHED, b("k"), b("value")), WriteMode.DURABLE);
    engine.get(CACHED, b("k")).orElseThrow()[0] = 'X';
    byte[] key = b("k");
    engine.get(CACHED, key);
    key[0] = 'z';
    assertThat(s(engine.get(CACHED, b("k")))).isEqualTo("value");
  }

  @Test
  void aReadThatRacesAWriteDoesNotCacheTheOlderValue() throws Exception {
    inner.store.write(new Batch().put(CACHED, b("k"), b("old")), WriteMode.DURABLE);
    inner.readDone = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    inner.release = release;
    CompletableFuture<String> slowRead = CompletableFuture.supplyAsync(() -> s(engine.get(CACHED, b("k"))));
    assertThat(inner.readDone.await(10, TimeUnit.SECONDS)).isTrue(); // it has read "old" and not returned yet
    engine.write(new Batch().put(CACHED, b("other"), b("x")), WriteMode.DURABLE);
    inner.store.write(new Batch().put(CACHED, b("k"), b("new")), WriteMode.DURABLE); // as if written by that write
    release.countDown();
    assertThat(slowRead.get(10, TimeUnit.SECONDS)).isEqualTo("old");
    assertThat(s(engine.get(CACHED, b("k")))).as("not the value read before the write").isEqualTo("new");
  }

  @Test
  void theCacheStaysWithinItsCapacity() {
    for (int i = 0; i < 10; i++) {
      engine.write(new Batch().put(CACHED, b("k" + i), b("v" + i)), WriteMode.DURABLE);
      assertThat(engine.cachedKeys()).isLessThanOrEqualTo(4);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(s(engine.get(CACHED, b("k" + i)))).isEqualTo("v" + i);
    }
    assertThat(engine.cachedKeys()).isBetween(1, 4);
  }

  @Test
  void aFailedWriteForgetsEverythingCached() {
    engine.write(new Batch().put(CACHED, b("k"), b("v1")), WriteMode.DURABLE);
    inner.store.close();
    assertThatThrownBy(() -> engine.write(new Batch().put(CACHED, b("k"), b("v2")), WriteMode.DURABLE))
        .isInstanceOf(IllegalStateException.class);
    assertThat(engine.cachedKeys()).isZero();
  }

  @Test
  void afterCloseReadsFailInsteadOfAnsweringFromMemory() {
    engine.write(new Batch().put(CACHED, b("k"), b("v1")), WriteMode.DURABLE);
    engine.close();
    assertThatThrownBy(() -> engine.get(CACHED, b("k"))).isInstanceOf(IllegalStateException.class);
  }
}
