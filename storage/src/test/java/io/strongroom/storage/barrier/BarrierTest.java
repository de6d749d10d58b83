package io.strongroom.storage.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BarrierTest {

  final SecureRandom random = new SecureRandom();
  final SecretBytes rootKey = SecretBytes.random(random, 32);
  final AtomicReference<Bytes> stored = new AtomicReference<>();
  final AtomicInteger stores = new AtomicInteger();
  final KeyringSink sink = wrapped -> {
    stored.set(wrapped);
    stores.incrementAndGet();
  };

  Barrier barrier(BarrierPolicy policy) {
    return Barrier.initialize(rootKey, SecretBytes.random(random, 32), policy, sink, random);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String open(Barrier barrier, String path, Bytes ciphertext) throws DecryptionFailedException {
    try (SecretBytes plain = barrier.open(path, ciphertext)) {
      return new String(plain.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void sealThenOpenRoundTrips() {
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      qt().withExamples(200).forAll(strings().allPossible().ofLengthBetween(0, 300), strings().basicLatinAlphabet().ofLengthBetween(1, 40))
          .checkAssert((value, path) -> {
            Bytes sealed = barrier.seal(path, b(value), random);
            assertThat(sealed.length()).isEqualTo(b(value).length + Barrier.OVERHEAD);
            try (SecretBytes plain = barrier.open(path, sealed)) {
              assertThat(plain.equalsBytes(b(value))).isTrue();
            } catch (DecryptionFailedException e) {
              throw new AssertionError(e);
            }
          });
    }
  }

  @Test
  void ciphertextLayoutIsVersionTermNonceBody() {
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      byte[] c = barrier.seal("kv/data/a", b("x"), random).toByteArray();
      assertThat(c[0]).isEqualTo((byte) 1);
      assertThat(new byte[] {c[1], c[2], c[3], c[4]}).containsExactly(0, 0, 0, 1);
      assertThat(c).hasSize(1 + 4 + 12 + 1 + 16);
      assertThat(Barrier.termOf(Bytes.of(c))).hasValue(1);
      Bytes again = barrier.seal("kv/data/a", b("x"), random);
      assertThat(again).as("random nonces make equal plaintexts differ").isNotEqualTo(Bytes.of(c));
    }
  }

  @Test
  void sameNonceSequenceStillDiffersAcrossTerms() throws Exception {
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      Bytes a = barrier.seal("p", b("same"), random);
      barrier.rotate(SecretBytes.random(random, 32), random);
      Bytes b2 = barrier.seal("p", b("same"), random);
      assertThat(Barrier.termOf(b2)).hasValue(2);
      assertThat(open(barrier, "p", a)).isEqualTo("same");
      assertThat(open(barrier, "p", b2)).isEqualTo("same");
    }
  }

  /** Table of ways a ciphertext can be wrong; each must fail with exactly "decryption failed". */
  @Test
  void wrongPathTermVersionOrAnyTamperingFails() {
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      Bytes good = barrier.seal("kv/data/app/db", b("hunter2"), random);
      byte[] g = good.toByteArray();
      record Case(String name, String path, byte[] bytes) {}
      List<Case> cases = new ArrayList<>();
      cases.add(new Case("other path", "kv/data/app/db2", g));
      cases.add(new Case("path prefix", "kv/data/app/d", g));
      cases.add(new Case("empty path", "", g));
      cases.add(new Case("unknown term", "kv/data/app/db", withByte(g, 4, 9)));
      cases.add(new Case("term 0", "kv/data/app/db", withByte(g, 4, 0)));
      cases.add(new Case("unknown version", "kv/data/app/db", withByte(g, 0, 2)));
      cases.add(new Case("truncated to header", "kv/data/app/db", java.util.Arrays.copyOf(g, 5)));
      cases.add(new Case("truncated tag", "kv/data/app/db", java.util.Arrays.copyOf(g, g.length - 1)));
      cases.add(new Case("extended", "kv/data/app/db", java.util.Arrays.copyOf(g, g.length + 1)));
      cases.add(new Case("empty", "kv/data/app/db", new byte[0]));
      for (int i = 5; i < g.length; i++) {
        cases.add(new Case("bit flip at " + i, "kv/data/app/db", withByte(g, i, g[i] ^ 0x01)));
      }
      List<String> failures = new ArrayList<>();
      for (Case c : cases) {
        try {
          barrier.open(c.path(), Bytes.of(c.bytes())).destroy();
          failures.add(c.name() + ": opened");
        } catch (DecryptionFailedException e) {
          if (!"decryption failed".equals(e.getMessage()) || e.getCause() != null) {
            failures.add(c.name() + ": message '" + e.getMessage() + "'");
          }
        }
      }
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void anotherKeyringCannotOpen() {
    Bytes sealed;
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      sealed = barrier.seal("p", b("v"), random);
    }
    try (Barrier other = Barrier.initialize(rootKey, SecretBytes.random(random, 32), BarrierPolicy.DEFAULT, w -> { }, random)) {
      assertThatThrownBy(() -> other.open("p", sealed)).isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed");
    }
  }

  @Test
  void keyringUnsealsWithTheRootKeyAndOpensOldTerms() throws Exception {
    Bytes t1;
    Bytes t2;
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      t1 = barrier.seal("p", b("one"), random);
      assertThat(barrier.rotate(SecretBytes.random(random, 32), random)).isEqualTo(2);
      t2 = barrier.seal("p", b("two"), random);
    }
    try (Barrier reopened = Barrier.unseal(rootKey, stored.get(), BarrierPolicy.DEFAULT, sink)) {
      assertThat(reopened.activeTerm()).isEqualTo(2);
      assertThat(open(reopened, "p", t1)).isEqualTo("one");
      assertThat(open(reopened, "p", t2)).isEqualTo("two");
      assertThat(Barrier.termOf(reopened.seal("p", b("three"), random))).hasValue(2);
    }
    assertThatThrownBy(() -> Barrier.unseal(SecretBytes.random(random, 32), stored.get(), BarrierPolicy.DEFAULT, sink))
        .isInstanceOf(DecryptionFailedException.class).hasMessage("decryption failed");
    byte[] tampered = stored.get().toByteArray();
    tampered[tampered.length - 20] ^= 1;
    assertThatThrownBy(() -> Barrier.unseal(rootKey, Bytes.of(tampered), BarrierPolicy.DEFAULT, sink))
        .isInstanceOf(DecryptionFailedException.class);
  }

  @Test
  void keyringIsBoundToItsPurpose() throws Exception {
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      // A value sealed by the barrier under the root key's position would need the keyring AAD; a
      // keyring blob re-labelled as some other record must not open as data either.
      assertThatThrownBy(() -> barrier.open("barrier/keyring", stored.get())).isInstanceOf(DecryptionFailedException.class);
    }
    assertThat(stored.get().toByteArray()[0]).isEqualTo((byte) 1);
  }

  @Test
  void rotatesAutomaticallyAtTheLimitWithTheCallersRandomness() throws Exception {
    try (Barrier barrier = barrier(new BarrierPolicy(3, 2))) {
      List<Bytes> sealed = new ArrayList<>();
      List<Integer> terms = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Bytes c = barrier.seal("p", b("v" + i), random);
        sealed.add(c);
        terms.add(Barrier.termOf(c).orElseThrow());
      }
      assertThat(terms).containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 3, 4);
      assertThat(barrier.encryptions(1)).isEqualTo(3);
      assertThat(barrier.encryptions(4)).isEqualTo(1);
      for (int i = 0; i < sealed.size(); i++) {
        assertThat(open(barrier, "p", sealed.get(i))).isEqualTo("v" + i);
      }
    }
    try (Barrier reopened = Barrier.unseal(rootKey, stored.get(), new BarrierPolicy(3, 2), sink)) {
      assertThat(reopened.activeTerm()).isEqualTo(4);
      // Term 4 did 1 encryption and reserved 2: it resumes from the reservation, never below the truth.
      assertThat(reopened.encryptions(4)).isEqualTo(2);
      assertThat(Barrier.termOf(reopened.seal("p", b("x"), random))).hasValue(4);
      assertThat(Barrier.termOf(reopened.seal("p", b("y"), random))).hasValue(5);
    }
  }

  @Test
  void keyringIsPersistedOncePerReservationBlockNotPerEncryption() {
    try (Barrier barrier = barrier(new BarrierPolicy(1_000, 100))) {
      assertThat(stores.get()).as("initialisation").isEqualTo(1);
      for (int i = 0; i < 250; i++) {
        barrier.seal("p", b("v"), random);
      }
      assertThat(stores.get()).isEqualTo(3);
    }
  }

  @Test
  void aFailingSinkReleasesNoCiphertextUnderTheNewTerm() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    KeyringSink flaky = w -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("disk full");
      }
      stored.set(w);
    };
    try (Barrier barrier = Barrier.initialize(rootKey, SecretBytes.random(random, 32), new BarrierPolicy(1, 1), flaky, random)) {
      barrier.seal("p", b("v"), random);
      assertThatThrownBy(() -> barrier.seal("p", b("w"), random)).hasMessage("disk full");
      assertThat(barrier.activeTerm()).isEqualTo(1);
      Bytes c = barrier.seal("p", b("w"), random);
      assertThat(Barrier.termOf(c)).hasValue(2);
    }
    try (Barrier reopened = Barrier.unseal(rootKey, stored.get(), new BarrierPolicy(1, 1), flaky)) {
      assertThat(reopened.activeTerm()).isEqualTo(2);
    }
  }

  @Test
  void rejectsBadKeysAndPolicies() {
    assertThatThrownBy(() -> Barrier.initialize(SecretBytes.random(random, 16), SecretBytes.random(random, 32), BarrierPolicy.DEFAULT, sink, random))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("root key must be 32 bytes (AES-256), was 16");
    try (Barrier barrier = barrier(BarrierPolicy.DEFAULT)) {
      assertThatThrownBy(() -> barrier.rotate(SecretBytes.random(random, 31), random)).hasMessage("new key must be 32 bytes (AES-256), was 31");
    }
    assertThatThrownBy(() -> new BarrierPolicy(0, 1)).hasMessageContaining("maxEncryptionsPerTerm must be in [1, 2^32], was 0");
    assertThatThrownBy(() -> new BarrierPolicy((1L << 32) + 1, 1)).hasMessageContaining("maxEncryptionsPerTerm");
    assertThatThrownBy(() -> new BarrierPolicy(10, 11)).hasMessageContaining("reservationBlock must be in [1, 10], was 11");
  }

  @Test
  void closedBarrierRefusesWork() {
    Barrier barrier = barrier(BarrierPolicy.DEFAULT);
    Bytes c = barrier.seal("p", b("q"), random);
    barrier.close();
    assertThatThrownBy(() -> barrier.seal("p", b("v"), random)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> barrier.open("p", c)).isInstanceOf(IllegalStateException.class);
    assertThat(barrier.toString()).isEqualTo("Barrier[activeTerm=1, terms=[1], closed]");
  }

  @Test
  void concurrentSealsCountEveryEncryption() throws Exception {
    try (Barrier barrier = barrier(new BarrierPolicy(1_000, 64))) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 600; i++) {
            barrier.seal("p", b("v"), random);
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(barrier.activeTerm()).isEqualTo(3);
      assertThat(barrier.encryptions(1) + barrier.encryptions(2) + barrier.encryptions(3)).isEqualTo(2_400);
      assertThat(barrier.encryptions(1)).isEqualTo(1_000);
    }
  }

  private static byte[] withByte(byte[] in, int index, int value) {
    byte[] out = in.clone();
    out[index] = (byte) value;
    return out;
  }

}
