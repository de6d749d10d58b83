package io.strongroom.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 9180 (HPKE) official test vectors for exactly the suite {@link ShareSealer} uses: mode_base,
 * DHKEM(X25519, HKDF-SHA256) (kem_id 32), HKDF-SHA256 (kdf_id 1), AES-256-GCM (aead_id 2). The
 * vectors come from the cfrg/draft-irtf-cfrg-hpke repository; see
 * {@code src/test/resources/vectors/README.md}.
 */
class HpkeRfc9180VectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static Map<String, Object> vector;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    try (InputStream in = HpkeRfc9180VectorsTest.class.getResourceAsStream(
        "/vectors/hpke-rfc9180-base-x25519-sha256-aes256gcm.json")) {
      List<Object> all = (List<Object>) MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
      assertThat(all).hasSize(1);
      vector = (Map<String, Object>) all.get(0);
    }
    assertThat(vector).containsEntry("mode", 0L).containsEntry("kem_id", 32L)
        .containsEntry("kdf_id", 1L).containsEntry("aead_id", 2L);
  }

  private static byte[] hex(String field) {
    return HEX.parseHex((String) vector.get(field));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(String field) {
    return (List<Map<String, Object>>) vector.get(field);
  }

  private static byte[] hex(Map<String, Object> entry, String field) {
    return HEX.parseHex((String) entry.get(field));
  }

  /** RFC 9180 section 7.1.3, DeriveKeyPair(ikm): recipient and ephemeral key pairs. */
  @Test
  void deriveKeyPairGivesTheVectorKeys() {
    HPKE hpke = ShareSealer.suite();
    AsymmetricCipherKeyPair r = hpke.deriveKeyPair(hex("ikmR"));
    assertThat(hpke.serializePublicKey(r.getPublic())).isEqualTo(hex("pkRm"));
    assertThat(hpke.serializePrivateKey(r.getPrivate())).isEqualTo(clamp(hex("skRm")));
    AsymmetricCipherKeyPair e = hpke.deriveKeyPair(hex("ikmE"));
    assertThat(hpke.serializePublicKey(e.getPublic())).isEqualTo(hex("pkEm"));
    assertThat(hpke.serializePrivateKey(e.getPrivate())).isEqualTo(clamp(hex("skEm")));
    assertThat(hex("enc")).isEqualTo(hex("pkEm"));
  }

  /**
   * RFC 9180 section 7.1.2: for X25519, SerializePrivateKey "MUST clamp its output"; the vectors
   * list the unclamped DeriveKeyPair output, so compare with the clamped form (RFC 7748 section 5).
   */
  private static byte[] clamp(byte[] sk) {
    byte[] c = sk.clone();
    c[0] &= (byte) 248;
    c[31] &= 127;
    c[31] |= 64;
    return c;
  }

  /** RFC 9180 sections 5.1 and 5.2: the receiver opens every encryption in sequence (257 of them). */
  @Test
  void openingEachEncryptionGivesThePlaintext() throws Exception {
    HPKE hpke = ShareSealer.suite();
    AsymmetricCipherKeyPair r = hpke.deserializePrivateKey(hex("skRm"), hex("pkRm"));
    HPKEContext ctx = hpke.setupBaseR(hex("enc"), r, hex("info"));
    List<Map<String, Object>> encryptions = list("encryptions");
    assertThat(encryptions).hasSize(257);
    for (Map<String, Object> e : encryptions) {
      assertThat(ctx.open(hex(e, "aad"), hex(e, "ct"))).isEqualTo(hex(e, "pt"));
    }
  }

  /** Single-shot Open (RFC 9180 section 6.1) of the first encryption, sequence number 0. */
  @Test
  void singleShotOpenOfTheFirstEncryption() throws Exception {
    HPKE hpke = ShareSealer.suite();
    AsymmetricCipherKeyPair r = hpke.deserializePrivateKey(hex("skRm"), hex("pkRm"));
    Map<String, Object> first = list("encryptions").get(0);
    byte[] pt = hpke.open(hex("enc"), r, hex("info"), hex(first, "aad"), hex(first, "ct"), null, null, null);
    assertThat(pt).isEqualTo(hex(first, "pt"));
  }

  /**
   * With the vector's fixed ephemeral key (BouncyCastle's setupBaseS(pkR, info, kpE)), sealing
   * reproduces enc and every ciphertext: the same call {@link ShareSealer#seal} makes.
   */
  @Test
  void sealingWithTheFixedEphemeralKeyGivesTheCiphertexts() throws Exception {
    HPKE hpke = ShareSealer.suite();
    AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(hex("ikmE"));
    HPKEContextWithEncapsulation ctx =
        hpke.setupBaseS(hpke.deserializePublicKey(hex("pkRm")), hex("info"), ephemeral);
    assertThat(ctx.getEncapsulation()).isEqualTo(hex("enc"));
    for (Map<String, Object> e : list("encryptions")) {
      assertThat(ctx.seal(hex(e, "aad"), hex(e, "pt"))).isEqualTo(hex(e, "ct"));
    }
  }

  /** RFC 9180 section 5.3, secret export. */
  @Test
  void exportsMatch() {
    HPKE hpke = ShareSealer.suite();
    AsymmetricCipherKeyPair r = hpke.deserializePrivateKey(hex("skRm"), hex("pkRm"));
    HPKEContext ctx = hpke.setupBaseR(hex("enc"), r, hex("info"));
    List<Map<String, Object>> exports = list("exports");
    assertThat(exports).hasSize(3);
    for (Map<String, Object> x : exports) {
      int length = ((Long) x.get("L")).intValue();
      assertThat(ctx.export(hex(x, "exporter_context"), length)).isEqualTo(hex(x, "exported_value"));
    }
  }
}
