package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The replica's chain state: deterministic appends, the hash links, the frontier's root, and the
 * persisted state encoding (golden values from an independent Python implementation).
 */
class AuditChainTest {
  static final String H1 = "a1275327d722508285f15a90476fd409b8ab19de4a9146007fdbb93240f55a98";
  static final String H2 = "a30147a45f557f1e72e0e7fee3463686f713cde254d2b2ee1204ba58234a17f7";
  static final String H3 = "42a6a0146b55d8e5217e45fa3d65f788f3fa7dea1f44d37764f8afdc82af0bdd";
  static final String ROOT3 = "5cd25d01a0268b9bb3b81d0f21c9c39618a6cbf095282c4bf9b54b5c72f0b8f5";
  static final String STATE3 = "5352414301" + "0000000000000003" + "000000000000001e" + H3 + "02"
      + "296fa75041275efab21c199da0c8ef5706e09bfd7ca5fc0ebb6ac19da87b591e" + H3;

  static AuditRecord goldenRecord(int i) {
    return new AuditRecord("req-" + i, "n1", i == 1 ? "sys.unseal" : "kv.get", i == 2 ? "PERMISSION_DENIED" : "ok",
        i == 1 ? null : "hmac-sha256:" + String.format("%02x", i).repeat(32),
        i == 3 ? "hmac-sha256:" + "22".repeat(32) : null);
  }

  static AuditChain goldenChain(List<AuditEntry> out) {
    AuditChain chain = AuditChain.empty();
    for (int i = 1; i <= 3; i++) {
      out.add(chain.append(goldenRecord(i), 10L * i, 1_764_331_200_000L + i));
    }
    return chain;
  }

  @Test
  void goldenChainOfThree() {
    List<AuditEntry> entries = new ArrayList<>();
    AuditChain chain = goldenChain(entries);
    assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(entries.get(0).prevHash()).isEqualTo(Hash.ZERO);
    assertThat(entries).extracting(e -> e.hash().hex()).containsExactly(H1, H2, H3);
    assertThat(entries.get(1).prevHash().hex()).isEqualTo(H1);
    assertThat(entries.get(2).prevHash().hex()).isEqualTo(H2);
    assertThat(chain.size()).isEqualTo(3);
    assertThat(chain.nextSeq()).isEqualTo(4);
    assertThat(chain.head().hex()).isEqualTo(H3);
    assertThat(chain.root().hex()).isEqualTo(ROOT3);
    assertThat(chain.lastRaftIndex()).isEqualTo(30);
    assertThat(TestLogs.HEX.formatHex(chain.encode())).isEqualTo(STATE3);
  }

  @Test
  void emptyChain() {
    AuditChain chain = AuditChain.empty();
    assertThat(chain.size()).isZero();
    assertThat(chain.head()).isEqualTo(Hash.ZERO);
    assertThat(chain.root()).isEqualTo(MerkleTree.emptyRoot());
    assertThat(TestLogs.HEX.formatHex(chain.encode()))
        .isEqualTo("5352414301" + "00".repeat(16) + "00".repeat(32) + "00");
    assertThat(AuditChain.decode(chain.encode())).isEqualTo(chain);
  }

  @Test
  void replicasApplyingTheSameRecordsHoldByteIdenticalState() {
    AuditChain a = AuditChain.empty();
    AuditChain b = AuditChain.empty();
    for (int i = 1; i <= 257; i++) {
      AuditEntry ea = a.append(TestLogs.record(i), TestLogs.raftIndex(i), TestLogs.leaderTime(i));
      AuditEntry eb = b.append(TestLogs.record(i), TestLogs.raftIndex(i), TestLogs.leaderTime(i));
      assertThat(ea.encode()).isEqualTo(eb.encode());
      assertThat(a.encode()).isEqualTo(b.encode());
    }
  }

  @Test
  void stateRoundTripsAtEverySizeAndContinuesIdentically() {
    AuditChain chain = AuditChain.empty();
    List<Hash> hashes = new ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      AuditEntry e = chain.append(TestLogs.record(i), TestLogs.raftIndex(i), TestLogs.leaderTime(i));
      hashes.add(e.hash());
      assertThat(chain.head()).isEqualTo(e.hash());
      assertThat(chain.root()).isEqualTo(MerkleTree.root(hashes));

      // A replica restarted from the persisted state appends exactly what the live one does.
      AuditChain restored = AuditChain.decode(chain.encode());
      assertThat(restored).isEqualTo(chain);
      assertThat(restored.encode()).isEqualTo(chain.encode());
      assertThat(restored.root()).isEqualTo(chain.root());
      AuditChain live = chain.copy();
      AuditRecord next = TestLogs.record(i + 1);
      assertThat(restored.append(next, TestLogs.raftIndex(i + 1), 5).encode())
          .isEqualTo(live.append(next, TestLogs.raftIndex(i + 1), 5).encode());
      assertThat(restored.encode()).isEqualTo(live.encode());
    }
    assertThat(chain.size()).isEqualTo(70);
  }

  @Test
  void copyIsIndependent() {
    AuditChain chain = TestLogs.log(5, 0).chain();
    AuditChain copy = chain.copy();
    copy.append(TestLogs.record(6), 100, 0);
    assertThat(chain.size()).isEqualTo(5);
    assertThat(copy.size()).isEqualTo(6);
  }

  @Test
  void raftIndexMustNotDecreaseAndARejectedAppendChangesNothing() {
    AuditChain chain = AuditChain.empty();
    chain.append(TestLogs.record(1), 9, 0);
    chain.append(TestLogs.record(2), 9, 0);
    byte[] before = chain.encode();
    assertThatThrownBy(() -> chain.append(TestLogs.record(3), 8, 0))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("raft_index must not decrease: 8 is below 9, the Raft index of entry 2");
    assertThatThrownBy(() -> chain.append(TestLogs.record(3), -1, 0))
        .isInstanceOf(InvalidFieldException.class).hasMessage("raft_index must be >= 0, was -1");
    assertThatThrownBy(() -> chain.append(TestLogs.record(3), 10, -1))
        .isInstanceOf(InvalidFieldException.class).hasMessage("leader_time must be >= 0, was -1");
    assertThat(chain.encode()).isEqualTo(before);
    // Leader time may step back across a leader change; it is informational.
    assertThat(chain.append(TestLogs.record(3), 10, 0).seq()).isEqualTo(3);
  }

  static Stream<Arguments> badStates() {
    byte[] good = TestLogs.HEX.parseHex(STATE3);
    byte[] empty = AuditChain.empty().encode();
    return Stream.of(
        Arguments.of("truncated", Arrays.copyOf(good, 20), "audit chain state is truncated: 20 bytes"),
        Arguments.of("wrong magic", with(good, 0, 'X'), "not an audit chain state: wrong magic bytes"),
        Arguments.of("version 2", with(good, 4, 2), "unsupported audit chain state version 2, this build reads 1"),
        Arguments.of("root count", with(good, 5 + 8 + 8 + 32, 3),
            "audit chain state: a chain of 3 entries has 2 subtree roots, the state has 3"),
        Arguments.of("size 4 with 2 roots", with(good, 12, 4),
            "audit chain state: a chain of 4 entries has 1 subtree roots, the state has 2"),
        Arguments.of("trailing byte", Arrays.copyOf(good, good.length + 1),
            "audit chain state: expected 118 bytes for 2 subtree roots, got 119"),
        Arguments.of("negative size", with(good, 5, 0x80), "audit chain state: negative size or Raft index"),
        Arguments.of("empty chain with a head", with(empty, 30, 1),
            "audit chain state: an empty chain has a zero head and Raft index"),
        Arguments.of("last root is not the head", with(good, good.length - 1, good[good.length - 1] ^ 1),
            "audit chain state: the last subtree root of an odd-sized chain must be its head"));
  }

  private static byte[] with(byte[] b, int index, int value) {
    byte[] out = b.clone();
    out[index] = (byte) value;
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badStates")
  void strictStateDecoding(String name, byte[] encoded, String message) {
    assertThatThrownBy(() -> AuditChain.decode(encoded)).isInstanceOf(AuditFormatException.class).hasMessage(message);
  }
}
