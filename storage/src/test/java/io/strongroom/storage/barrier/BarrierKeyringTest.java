package io.strongroom.storage.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Keyring changes that cross barriers: rekey re-wraps it, replicas adopt a rotated one. */
class BarrierKeyringTest {
  private final SecureRandom random = new SecureRandom();

  @Test
  void rewrappedKeyringOpensUnderTheNewKeyWithEveryTerm() throws DecryptionFailedException {
    SecretBytes oldRoot = SecretBytes.random(random, 32);
    SecretBytes newRoot = SecretBytes.random(random, 32);
    AtomicReference<Bytes> stored = new AtomicReference<>();
    Bytes c1;
    Bytes c2;
    try (Barrier b = Barrier.initialize(oldRoot, SecretBytes.random(random, 32), BarrierPolicy.DEFAULT, stored::set, random)) {
      c1 = b.seal("p/1", new byte[] {1}, random);
      b.rotate(SecretBytes.random(random, 32), random);
      c2 = b.seal("p/2", new byte[] {2}, random);
    }
    Bytes rewrapped = Barrier.rewrap(oldRoot, newRoot, stored.get(), random);
    try (Barrier b = Barrier.unseal(newRoot, rewrapped, BarrierPolicy.DEFAULT, x -> { })) {
      assertThat(b.activeTerm()).isEqualTo(2);
      assertThat(b.open("p/1", c1).toByteArray()).containsExactly(1);
      assertThat(b.open("p/2", c2).toByteArray()).containsExactly(2);
    }
    assertThatThrownBy(() -> Barrier.unseal(oldRoot, rewrapped, BarrierPolicy.DEFAULT, x -> { }))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void wrongOldKeyIsRefused() {
    AtomicReference<Bytes> stored = new AtomicReference<>();
    Barrier.initialize(SecretBytes.random(random, 32), SecretBytes.random(random, 32), BarrierPolicy.DEFAULT,
        stored::set, random).close();
    assertThatThrownBy(() -> Barrier.rewrap(SecretBytes.random(random, 32), SecretBytes.random(random, 32),
        stored.get(), random)).isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed");
  }

  @Test
  void aReplicaAdoptsAKeyringRotatedElsewhere() throws DecryptionFailedException {
    SecretBytes root = SecretBytes.random(random, 32);
    AtomicReference<Bytes> stored = new AtomicReference<>();
    Barrier.initialize(root, SecretBytes.random(random, 32), BarrierPolicy.DEFAULT, stored::set, random).close();
    Bytes term1 = stored.get();
    try (Barrier a = Barrier.unseal(root, term1, BarrierPolicy.DEFAULT, stored::set);
        Barrier b = Barrier.unseal(root, term1, BarrierPolicy.DEFAULT, x -> { })) {
      a.rotate(SecretBytes.random(random, 32), random);
      Bytes fromA = a.seal("p/1", new byte[] {7}, random);
      assertThatThrownBy(() -> b.open("p/1", fromA)).isInstanceOf(DecryptionFailedException.class);
      b.refresh(stored.get());
      assertThat(b.activeTerm()).isEqualTo(2);
      assertThat(b.open("p/1", fromA).toByteArray()).containsExactly(7);
      assertThat(Barrier.termOf(b.seal("p/2", new byte[] {8}, random))).hasValue(2);
      assertThatThrownBy(() -> b.refresh(term1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("older");
      assertThat(b.activeTerm()).isEqualTo(2);
      Bytes rewrapped = Barrier.rewrap(root, SecretBytes.random(random, 32), stored.get(), random);
      assertThatThrownBy(() -> b.refresh(rewrapped)).isInstanceOf(DecryptionFailedException.class);
    }
  }
}
