package io.strongroom.unseal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Differential test of unseal progress against a deliberately simple model (etcd's
 * {@code quorum/quick_test.go} style): on random sequences of valid, forged, typo'd and duplicate
 * shares and resets, the node unseals exactly when the model has k distinct valid shares, and its
 * progress always equals the model's.
 */
class UnsealModelTest {
  private static final int N = 5;
  private static final int K = 3;

  @Test
  void progressMatchesTheModel() {
    SecureRandom random = TranscriptTest.seeded(99);
    SealStore store = SealStore.inMemory();
    SealLifecycle init = SealLifecycle.start(store, AuditSink.discarding(), random, Optional.empty());
    List<String> shares = init.init(N, K, List.of()).shares();
    init.close();

    // op 0: reset; 1..N: valid share i; N+1..2N: forged share i; 2N+1..3N: typo'd share i.
    qt().withExamples(60).forAll(lists().of(integers().between(0, 3 * N)).ofSizeBetween(0, 25)).checkAssert(ops -> {
      SealLifecycle node = SealLifecycle.start(store, AuditSink.discarding(), random, Optional.empty());
      Set<Integer> model = new HashSet<>();
      for (int op : ops) {
        if (model.size() == K) {
          break;
        }
        if (op == 0) {
          node.unsealReset();
          model.clear();
        } else if (op <= N) {
          model.add(op); // a share submitted again counts once
          UnsealResult r = node.unseal(shares.get(op - 1));
          if (model.size() == K) {
            assertThat(r).isInstanceOf(UnsealResult.Unsealed.class);
          } else {
            assertThat(((UnsealResult.Progress) r).progress()).isEqualTo(model.size());
          }
        } else {
          int index = (op - 1) % N + 1;
          String bad = op <= 2 * N ? forged(shares.get(index - 1), random) : typo(shares.get(index - 1));
          try {
            node.unseal(bad);
            throw new AssertionError("a bad share was accepted");
          } catch (CeremonyException e) {
            assertThat(e.reason()).isIn(CeremonyException.Reason.WRONG_SHARE, CeremonyException.Reason.MALFORMED_SHARE);
          }
        }
        assertThat(node.status().progress()).isEqualTo(model.size() == K ? 0 : model.size());
      }
      assertThat(node.state()).isEqualTo(model.size() == K ? SealState.UNSEALED : SealState.SEALED);
      node.close();
    });
  }

  private static String forged(String text, SecureRandom random) {
    Share real = ShareCodec.decode(text);
    Share fake = new Share(real.keySet(), real.index(), SecretBytes.random(random, 32));
    real.destroy();
    return ShareCodec.encode(fake);
  }

  private static String typo(String text) {
    char c = text.charAt(40);
    return text.substring(0, 40) + (c == '7' ? '8' : '7') + text.substring(41);
  }
}
