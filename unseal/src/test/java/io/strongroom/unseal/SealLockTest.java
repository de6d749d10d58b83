package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.barrier.BarrierPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the seal's lock must never make a reader wait for. In a cluster a record is stored through
 * Raft, and the thread that hands out Raft's answers also opens the values of reads: if a reader
 * waited for a writer that waits for a Raft answer, every request would stall until the store
 * timed out (the stall found by {@code bench/soak.sh} in session 12).
 */
class SealLockTest {
  /** A store that, once armed, holds its next {@link #store} until released, like a slow Raft commit. */
  private static final class HeldStore implements SealStore {
    private final SealStore inner = SealStore.inMemory();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<SealRecord> held = new AtomicReference<>();
    private volatile boolean armed;

    @Override
    public Optional<SealRecord> load() {
      return inner.load();
    }

    @Override
    public void store(SealRecord record) {
      if (armed) {
        armed = false;
        held.set(record);
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      inner.store(record);
    }
  }

  private final HeldStore store = new HeldStore();
  /** Reserves 4 encryptions per keyring write, so a few encryptions reach a reservation. */
  private final SealLifecycle node = SealLifecycle.start(store, e -> { }, TranscriptTest.seeded(7), Optional.empty(), new BarrierPolicy(1L << 31, 4));
  private Bytes sealed;

  private void unsealAndSealOneValue() {
    InitResult init = node.init(3, 2, List.of());
    node.unseal(init.shares().get(0));
    node.unseal(init.shares().get(1));
    sealed = node.encrypt("kv/data/app", new byte[] {42});
  }

  @AfterEach
  void releaseTheStore() {
    store.release.countDown();
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean waiting(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.BLOCKED;
  }

  /**
   * Starts sealing values until one reaches a keyring reservation, and returns once that one waits
   * for its store, holding the seal's read lock.
   */
  private Thread sealUntilAReservationWaits() {
    unsealAndSealOneValue();
    store.armed = true;
    Thread writer = start("writer", () -> {
      for (int i = 0; i < 8; i++) {
        node.encrypt("kv/data/other", new byte[] {1});
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> store.held.get() != null);
    return writer;
  }

  @Test
  void theEchoOfThisNodesOwnKeyringWriteMakesNoReaderWait() {
    Thread writer = sealUntilAReservationWaits();
    // Its record comes back through the log before the store returns, as in a cluster.
    Thread adopter = start("adopter", () -> node.recordChanged(store.held.get()));
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting(adopter));

    CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return node.decrypt("kv/data/app", sealed).toByteArray();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await("a reader while the echo waits").atMost(Duration.ofSeconds(5)).until(reader::isDone);
    assertThat(reader.join()).containsExactly(42);

    store.release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> !writer.isAlive() && !adopter.isAlive());
    assertThat(node.state()).isEqualTo(SealState.UNSEALED);
    assertThat(node.status().activeTerm()).isEqualTo(1);
  }

  @Test
  void tryDecryptGivesWayOnlyWhileACeremonyHoldsTheLock() throws Exception {
    unsealAndSealOneValue();
    store.armed = true;
    Thread rotation = start("rotation", node::rotate);
    await().atMost(Duration.ofSeconds(10)).until(() -> store.held.get() != null);
    assertThat(node.tryDecrypt("kv/data/app", sealed)).as("while the rotation holds the lock").isEmpty();

    store.release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> !rotation.isAlive());
    assertThat(node.status().activeTerm()).isEqualTo(2);
    assertThat(node.tryDecrypt("kv/data/app", sealed)).hasValueSatisfying(v -> assertThat(v.toByteArray()).containsExactly(42));
  }

  @Test
  void tryDecryptDoesNotQueueBehindACeremonyThatOnlyWaitsForTheLock() throws Exception {
    Thread writer = sealUntilAReservationWaits();
    Thread rotation = start("rotation", node::rotate); // queues for the lock the writer holds shared
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting(rotation));

    assertThat(node.tryDecrypt("kv/data/app", sealed)).hasValueSatisfying(v -> assertThat(v.toByteArray()).containsExactly(42));

    store.release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> !writer.isAlive() && !rotation.isAlive());
    assertThat(node.status().activeTerm()).isEqualTo(2);
  }
}
