package io.strongroom.storage.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Rekey re-wraps the keyring: it then opens under the new root key only, with every term intact. */
class BarrierRewrapTest {
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
}
