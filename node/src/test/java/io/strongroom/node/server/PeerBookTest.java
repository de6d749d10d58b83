package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.crypto.Bytes;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replicated address book's encoding (a compatibility contract: it lives in snapshots). */
class PeerBookTest {
  private static final PeerBook.Entry N1 = new PeerBook.Entry("n1", "10.0.0.1:7100", "10.0.0.1:7200", "eu");
  private static final PeerBook.Entry N4 = new PeerBook.Entry("n4", "10.0.0.4:7100", "10.0.0.4:7200", "ap-süd");

  @Test
  void roundTripsInOrder() {
    Map<String, PeerBook.Entry> decoded = PeerBook.decode(PeerBook.encode(List.of(N4, N1)));
    assertThat(decoded.keySet()).containsExactly("n4", "n1");
    assertThat(decoded.values()).containsExactly(N4, N1);
    assertThat(PeerBook.decode(PeerBook.encode(List.of()))).isEmpty();
  }

  @Test
  void encodingIsPinned() {
    Bytes b = PeerBook.encode(List.of(new PeerBook.Entry("a", "h:1", "h:2", "r")));
    // version 1, count 1, then four u16-length-prefixed UTF-8 strings.
    assertThat(HexFormat.of().formatHex(b.toByteArray())).isEqualTo("01" + "0001" + "000161" + "0003683a31" + "0003683a32" + "000172");
  }

  @Test
  void zonesAreWrittenAsVersion2AndVersion1StillReads() {
    PeerBook.Entry zoned = new PeerBook.Entry("a", "h:1", "h:2", "r", "z");
    Bytes b = PeerBook.encode(List.of(zoned));
    // version 2, count 1, then five u16-length-prefixed UTF-8 strings, the zone last.
    assertThat(HexFormat.of().formatHex(b.toByteArray()))
        .isEqualTo("02" + "0001" + "000161" + "0003683a31" + "0003683a32" + "000172" + "00017a");
    assertThat(PeerBook.decode(b).values()).containsExactly(zoned);
    Map<String, PeerBook.Entry> mixed = PeerBook.decode(PeerBook.encode(List.of(N1, zoned)));
    assertThat(mixed.values()).containsExactly(N1, zoned);
    assertThat(PeerBook.decode(Bytes.of(HexFormat.of().parseHex("01" + "0001" + "000161" + "0003683a31" + "0003683a32" + "000172"))).values())
        .containsExactly(new PeerBook.Entry("a", "h:1", "h:2", "r", ""));
  }

  @Test
  void malformedBooksAreRefused() {
    byte[] good = PeerBook.encode(List.of(N1)).toByteArray();
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> PeerBook.decode(Bytes.of(truncated))).hasMessage("peer book is truncated");
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> PeerBook.decode(Bytes.of(longer))).hasMessage("peer book has 1 trailing bytes");
    byte[] version = good.clone();
    version[0] = 3;
    assertThatThrownBy(() -> PeerBook.decode(Bytes.of(version))).hasMessage("unknown peer book version 3");
  }
}
