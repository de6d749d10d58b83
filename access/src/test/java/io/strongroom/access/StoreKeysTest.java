package io.strongroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The key layout is a compatibility contract (see {@link StoreKeys}). */
class StoreKeysTest {
  private static final String A = "ac.AAAAAAAAAAAAAAAAAAAAAA";
  private static final String B = "ac.BBBBBBBBBBBBBBBBBBBB_-";

  @Test
  void keysHaveTheDocumentedLayout() {
    assertThat(StoreKeys.token("ab".repeat(32))).isEqualTo("token/" + "ab".repeat(32));
    assertThat(StoreKeys.tokenAccessor(A)).isEqualTo("token-accessor/" + A);
    assertThat(StoreKeys.tokenChild(A, B)).isEqualTo("token-child/" + A + "/" + B);
    assertThat(StoreKeys.tokenChildPrefix(A)).isEqualTo("token-child/" + A + "/");
    assertThat(StoreKeys.policy("app-read")).isEqualTo("policy/app-read");
    assertThat(StoreKeys.breakGlass("bg-" + "0f".repeat(16))).isEqualTo("breakglass/bg-" + "0f".repeat(16));
  }

  @Test
  void childKeysParseBack() {
    assertThat(StoreKeys.childOf(StoreKeys.tokenChild(A, B))).hasValue(B);
    assertThat(StoreKeys.childOf("token-child/" + A)).isEmpty();
    assertThat(StoreKeys.childOf("token-child/" + A + "/x")).isEmpty();
    assertThat(StoreKeys.childOf("token/" + A + "/" + B)).isEmpty();
  }

  @Test
  void valuesThatCouldEscapeTheirSpaceAreRefused() {
    assertThatThrownBy(() -> StoreKeys.token("AB".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.tokenAccessor("ac.../../../../../../../..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.tokenChild(A, "x/y")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.policy("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.policy("..")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKeys.breakGlass("bg-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
