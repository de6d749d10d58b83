package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two nodes over one replicated seal record: what one node stores reaches the other through
 * {@link SealLifecycle#recordChanged}, as the cluster's apply does.
 */
class ReplicatedRecordTest {
  private final AtomicReference<SealRecord> replicated = new AtomicReference<>();
  private final List<SealLifecycle> nodes = new ArrayList<>();

  /** A store that, like Raft, delivers each stored record to every other node. */
  private SealStore storeFor(int self) {
    return new SealStore() {
      @Override
      public Optional<SealRecord> load() {
        return Optional.ofNullable(replicated.get());
      }

      @Override
      public void store(SealRecord record) {
        replicated.set(record);
        for (int i = 0; i < nodes.size(); i++) {
          if (i != self) {
            nodes.get(i).recordChanged(record);
          }
        }
      }
    };
  }

  private SealLifecycle start(int self) {
    SealLifecycle n = SealLifecycle.start(storeFor(self), e -> { }, TranscriptTest.seeded(10 + self), Optional.empty());
    nodes.add(n);
    return n;
  }

  private static void unseal(SealLifecycle n, List<String> shares, int k) {
    for (int i = 0; i < k; i++) {
      n.unseal(shares.get(i));
    }
    assertThat(n.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void initOnOneNodeIsAdoptedByAnother() {
    SealLifecycle a = start(0);
    SealLifecycle b = start(1);
    assertThat(b.state()).isEqualTo(SealState.UNINITIALIZED);
    InitResult init = a.init(3, 2, List.of());
    assertThat(b.state()).isEqualTo(SealState.SEALED);
    unseal(b, init.shares(), 2);
    assertThatThrownBy(() -> b.init(3, 2, List.of())).isInstanceOf(AlreadyInitializedException.class);
  }

  @Test
  void aRotationIsAdoptedSoEveryNodeReadsEveryTerm() throws Exception {
    SealLifecycle a = start(0);
    SealLifecycle b = start(1);
    InitResult init = a.init(3, 2, List.of());
    unseal(a, init.shares(), 2);
    unseal(b, init.shares(), 2);
    assertThat(a.rotate()).isEqualTo(2);
    Bytes written = a.encrypt("kv/data/app", new byte[] {42});
    assertThat(b.decrypt("kv/data/app", written).toByteArray()).containsExactly(42);
    assertThat(b.status().activeTerm()).isEqualTo(2);
  }

  @Test
  void aRekeyElsewhereSealsThisNodeUntilItIsUnsealedWithTheNewShares() {
    SealLifecycle a = start(0);
    SealLifecycle b = start(1);
    InitResult init = a.init(3, 2, List.of());
    unseal(a, init.shares(), 2);
    unseal(b, init.shares(), 2);
    RekeyResult.Progress started = a.rekeyStart(2, 2, List.of(), false);
    a.rekeySubmit(started.nonce(), init.shares().get(0));
    RekeyResult.Rekeyed done = (RekeyResult.Rekeyed) a.rekeySubmit(started.nonce(), init.shares().get(1));

    assertThat(b.state()).as("b's root key no longer opens the keyring").isEqualTo(SealState.SEALED);
    assertThatThrownBy(() -> b.encrypt("kv/data/app", new byte[1])).isInstanceOf(SealedException.class);
    assertThatThrownBy(() -> b.unseal(init.shares().get(0))).isInstanceOf(CeremonyException.class).hasMessageContaining("previous key set");
    unseal(b, done.shares(), 2);
    assertThat(a.state()).isEqualTo(SealState.UNSEALED);
  }

  @Test
  void aStaleRecordChangesNothing() {
    SealLifecycle a = start(0);
    SealLifecycle b = start(1);
    InitResult init = a.init(3, 2, List.of());
    SealRecord first = replicated.get();
    unseal(a, init.shares(), 2);
    unseal(b, init.shares(), 2);
    a.rotate();
    b.recordChanged(first);
    assertThat(b.state()).isEqualTo(SealState.UNSEALED);
    assertThat(b.status().activeTerm()).isEqualTo(2);
  }
}
