package io.strongroom.access.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.access.Seeded;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Token text, hashing and accessors. */
class TokensTest {

  @Test
  void mintedTokensHaveTheDocumentedFormAndParseBack() {
    SecureRandom random = Seeded.random(1);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Token t = Tokens.mint(random);
      String text = t.text();
      assertThat(text).matches("sr\\.[A-Za-z0-9_-]{43}").hasSize(Token.TEXT_LENGTH);
      assertThat(seen.add(text)).isTrue();
      Token back = Tokens.parse(text).orElseThrow();
      assertThat(back).isEqualTo(t).isNotSameAs(t);
      assertThat(back.hash()).isEqualTo(t.hash());
      assertThat(Tokens.parse(java.nio.CharBuffer.wrap(text.toCharArray())))
          .contains(t);
    }
  }

  @Test
  void tokensNeverPrintAndDestroyZeroes() {
    Token t = Tokens.mint(Seeded.random(2));
    String text = t.text();
    assertThat(t.toString()).isEqualTo("Token[redacted]").doesNotContain(text.substring(3, 10));
    t.destroy();
    assertThat(t.isDestroyed()).isTrue();
    assertThat(t.toString()).isEqualTo("Token[destroyed]");
  }

  @Test
  void onlyCanonicalTokenTextParses() {
    String good = Tokens.mint(Seeded.random(3)).text();
    assertThat(Tokens.parse(good)).isPresent();
    assertThat(Tokens.parse("")).isEmpty();
    assertThat(Tokens.parse(good.substring(0, 45))).isEmpty();
    assertThat(Tokens.parse(good + "A")).isEmpty();
    assertThat(Tokens.parse("sx." + good.substring(3))).isEmpty();
    assertThat(Tokens.parse(good.substring(0, 10) + "+" + good.substring(11))).isEmpty();
    assertThat(Tokens.parse(good.substring(0, 10) + "=" + good.substring(11))).isEmpty();
    // 43 characters carry 258 bits: the last character's two low bits must be zero.
    String allZero = "sr." + "A".repeat(43);
    assertThat(Tokens.parse(allZero)).isPresent();
    assertThat(Tokens.parse("sr." + "A".repeat(42) + "B")).isEmpty();
    assertThat(Tokens.parse("sr." + "A".repeat(42) + "E")).isPresent();
  }

  /** SHA-256 of the text as UTF-8 (FIPS 180-2 test vector "abc"). */
  @Test
  void hashIsSha256OfTheText() {
    assertThat(TokenHash.of("abc").hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Token t = Token.ofBytes(new byte[32]);
    assertThat(t.text()).isEqualTo("sr." + "A".repeat(43));
    assertThat(t.hash()).isEqualTo(TokenHash.of("sr." + "A".repeat(43)));
    assertThat(TokenHash.fromHex(t.hash().hex())).isEqualTo(t.hash());
    assertThat(t.hash().toString()).startsWith("TokenHash[");
  }

  @Test
  void accessorsAreRandomAndRecognized() {
    SecureRandom random = Seeded.random(4);
    String a = Tokens.newAccessor(random);
    assertThat(a).matches("ac\\.[A-Za-z0-9_-]{22}");
    assertThat(Tokens.isAccessor(a)).isTrue();
    assertThat(Tokens.newAccessor(random)).isNotEqualTo(a);
    assertThat(Tokens.isAccessor("ac.short")).isFalse();
    assertThat(Tokens.isAccessor(null)).isFalse();
  }
}
