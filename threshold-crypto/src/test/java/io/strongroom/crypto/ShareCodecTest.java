package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The share text format: round trip, typo detection, leniency, and a pinned example. */
class ShareCodecTest {
  private static final String CANDIDATES = Crockford32.ALPHABET + "-";

  private static Share randomShare(long seed, int index) {
    SecureRandom random = TestSupport.seeded(seed);
    return new Share(KeySetId.random(random), index, SecretBytes.random(random, 32));
  }

  @Test
  void encodeThenDecodeGivesTheSameShare() {
    qt().withExamples(500)
        .forAll(longs().all(), integers().between(1, 255))
        .checkAssert((seed, index) -> {
          Share share = randomShare(seed, index);
          String text = ShareCodec.encode(share);
          assertThat(text).startsWith("srs1-").hasSize(89).matches("srs1(-[0-9A-HJKMNP-TV-Z]{4}){17}");
          assertThat(text.substring(5, 14).replace("-", "")).isEqualTo(share.keySet().toString());
          assertThat(ShareCodec.decode(text)).isEqualTo(share);
          assertThat(ShareCodec.decode(text, share.keySet())).isEqualTo(share);
        });
  }

  /**
   * Exhaustive per share: every position of the text times every other symbol of the alphabet
   * (and the dash) is rejected; in the symbol area the error says it is a typo, and names the
   * share index when the index symbols themselves are intact.
   */
  @Test
  void everySingleCharacterChangeIsCaught() {
    qt().withExamples(8)
        .forAll(longs().all(), integers().between(1, 255))
        .checkAssert((seed, index) -> {
          String text = ShareCodec.encode(randomShare(seed, index));
          int checked = 0;
          for (int p = 0; p < text.length(); p++) {
            char original = text.charAt(p);
            for (char c : CANDIDATES.toCharArray()) {
              if (Character.toUpperCase(c) == Character.toUpperCase(original)) {
                continue;
              }
              String typo = text.substring(0, p) + c + text.substring(p + 1);
              final int position = p;
              assertThatThrownBy(() -> ShareCodec.decode(typo))
                  .as("change at %d to '%c' in %s", position, c, text)
                  .isInstanceOf(ShareFormatException.class)
                  .satisfies(e -> {
                    if (position < ShareCodec.HRP.length()) {
                      return; // the "srs1" prefix: reported as a wrong prefix or version
                    }
                    if (c == '-' || original == '-') {
                      assertThat(e.getMessage()).startsWith("typo in share text: it has ");
                    } else if (position == 15 || position == 16) { // the two index symbols
                      assertThat(e.getMessage()).startsWith("typo in share ");
                    } else {
                      assertThat(e.getMessage()).isEqualTo("typo in share " + index
                          + " (index as typed): checksum does not match, re-check every character");
                    }
                  });
              checked++;
            }
          }
          assertThat(checked).isEqualTo(text.length() * 32);
        });
  }

  /** The BCH distance goes further: all double substitutions and adjacent swaps of one share. */
  @Test
  void everyDoubleSubstitutionAndAdjacentSwapIsCaught() {
    int[] values = symbolValues(ShareCodec.encode(randomShare(99, 7)));
    assertThat(Bech32m.verify(ShareCodec.HRP, values)).isTrue();
    long checked = 0;
    for (int i = 0; i < values.length; i++) {
      for (int j = i + 1; j < values.length; j++) {
        int vi = values[i];
        int vj = values[j];
        for (int di = 1; di < 32; di++) {
          values[i] = vi ^ di;
          for (int dj = 1; dj < 32; dj++) {
            values[j] = vj ^ dj;
            if (Bech32m.verify(ShareCodec.HRP, values)) {
              throw new AssertionError("undetected double substitution at " + i + ", " + j);
            }
            checked++;
          }
        }
        values[i] = vi;
        values[j] = vj;
      }
    }
    assertThat(checked).isEqualTo(68L * 67 / 2 * 31 * 31);
    for (int i = 0; i + 1 < values.length; i++) {
      if (values[i] != values[i + 1]) {
        int[] swapped = values.clone();
        swapped[i] = values[i + 1];
        swapped[i + 1] = values[i];
        assertThat(Bech32m.verify(ShareCodec.HRP, swapped)).as("swap at %d", i).isFalse();
      }
    }
  }

  @Test
  void readingIgnoresCaseLookAlikesDashesAndSpaces() {
    Share share = randomShare(5, 200);
    String text = ShareCodec.encode(share);
    List<String> variants = new ArrayList<>();
    variants.add(text.toLowerCase(Locale.ROOT));
    variants.add("  " + text.replace("-", " ") + "\n");
    variants.add(text.replace("-", ""));
    variants.add(text.substring(0, 5) + text.substring(5).replace('0', 'O').replace('1', 'I'));
    variants.add(text.substring(0, 5) + text.substring(5).replace('1', 'l'));
    for (String v : variants) {
      assertThat(ShareCodec.decode(v)).as(v).isEqualTo(share);
    }
  }

  @Test
  void decodeWithExpectedKeySetRejectsOtherKeySetsByName() {
    Share share = randomShare(6, 3);
    KeySetId other = KeySetId.random(TestSupport.seeded(60));
    assertThatThrownBy(() -> ShareCodec.decode(ShareCodec.encode(share), other))
        .isInstanceOf(WrongKeySetException.class)
        .hasMessage("share 3 belongs to key set " + share.keySet() + ", expected " + other);
  }

  @Test
  void keySetIdTextRoundTrips() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      KeySetId id = KeySetId.random(TestSupport.seeded(seed));
      assertThat(id.toString()).hasSize(8);
      assertThat(KeySetId.parse(id.toString())).isEqualTo(id);
      assertThat(KeySetId.parse(id.toString().toLowerCase(Locale.ROOT))).isEqualTo(id);
    });
  }

  /**
   * Format pin (a compatibility contract, see {@link ShareCodec}): a fixed share must always encode
   * to this text, or paper shares written today stop reading tomorrow.
   */
  @Test
  void pinnedExample() {
    byte[] value = new byte[32];
    for (int i = 0; i < 32; i++) {
      value[i] = (byte) i;
    }
    Share share = new Share(new KeySetId(Bytes.fromHex("0123456789")), 3, SecretBytes.copyOf(value));
    String expected = "srs1-04HM-ASW9-0300-0G40-R40M-30E2-0918-5GR3-8E1W-8124-GK2G-AHC5-RR34-D1P7-0X3R-FGG2-69H0";
    assertThat(ShareCodec.encode(share)).isEqualTo(expected);
    assertThat(ShareCodec.decode(expected)).isEqualTo(share);
    assertThat(share.keySet().toString()).isEqualTo("04HMASW9");
  }

  /** BIP 350, "Test vectors for Bech32m": the checksum implementation against the published list. */
  @Test
  void bech32mChecksumAcceptsBip350ValidVectors() {
    String charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    String[] valid = {
      "A1LQFN3A",
      "a1lqfn3a",
      "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
      "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
      "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
      "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
      "?1v759aa",
    };
    for (String v : valid) {
      String s = v.toLowerCase(Locale.ROOT);
      int sep = s.lastIndexOf('1');
      String hrp = s.substring(0, sep);
      int[] data = s.substring(sep + 1).chars().map(charset::indexOf).toArray();
      assertThat(Bech32m.verify(hrp, data)).as(v).isTrue();
      int[] payload = java.util.Arrays.copyOf(data, data.length - 6);
      assertThat(Bech32m.checksum(hrp, payload))
          .as(v)
          .containsExactly(java.util.Arrays.copyOfRange(data, data.length - 6, data.length));
      data[0] ^= 1;
      assertThat(Bech32m.verify(hrp, data)).as(v + " altered").isFalse();
    }
  }

  private static int[] symbolValues(String text) {
    return text.substring(ShareCodec.HRP.length()).replace("-", "").chars().map(c -> Crockford32.value((char) c)).toArray();
  }
}
