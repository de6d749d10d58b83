package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ed25519 from raw keys through BouncyCastle's RFC 8032 code, pinned by RFC 8032 section 7.1 TEST 1; the
 * checkpoint's signed message and a signature over it (both computed independently with Python's
 * {@code cryptography}); the public key text form and key id.
 */
class CheckpointTest {
  static final String TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  static final String TEST1_SIGNATURE_OF_EMPTY = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  static final String TEST1_KEY_TEXT = "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
  static final String TEST1_KEY_ID = "21fe31dfa154a261";
  /** The message for seq 3 over the golden three-entry chain of {@link AuditChainTest}. */
  static final String MESSAGE3 = "001b" + "7374726f6e67726f6f6d2f61756469742d636865636b706f696e74" + "01"
      + "0000000000000003" + AuditChainTest.H3 + AuditChainTest.ROOT3;
  static final String SIGNATURE3 =
      "bnOoJEs1gPZ3MeOvrfZ4cXecYc0B01AEqUiRvc8UwfjJkyMjCCz4gUMwhRcRCDPICT4jhWvgxM/mMQ5HgZLBBw==";

  @Test
  void rfc8032Test1ThroughRawKeyConversion() {
    byte[] seed = TestLogs.SEED;
    assertThat(TestLogs.HEX.formatHex(Ed25519.publicKey(seed))).isEqualTo(TEST1_PUBLIC);
    byte[] signature = Ed25519.sign(seed, new byte[0]);
    assertThat(TestLogs.HEX.formatHex(signature)).isEqualTo(TEST1_SIGNATURE_OF_EMPTY);
    AuditPublicKey key = AuditPublicKey.fromRaw(TestLogs.HEX.parseHex(TEST1_PUBLIC));
    assertThat(Ed25519.verify(key.raw(), new byte[0], signature)).isTrue();
    signature[63] ^= (byte) 0x80;
    assertThat(Ed25519.verify(key.raw(), new byte[0], signature)).isFalse();
    assertThat(Ed25519.verify(key.raw(), new byte[1], TestLogs.HEX.parseHex(
        TEST1_SIGNATURE_OF_EMPTY))).isFalse();
  }

  @Test
  void publicKeyTextFormAndKeyId() {
    AuditPublicKey key = TestLogs.SIGNER.publicKey();
    assertThat(key.toString()).isEqualTo(TEST1_KEY_TEXT);
    assertThat(key.keyId()).isEqualTo(TEST1_KEY_ID);
    assertThat(AuditPublicKey.parse(TEST1_KEY_TEXT)).isEqualTo(key);
    assertThat(AuditPublicKey.parse("  " + TEST1_KEY_TEXT + "\n")).isEqualTo(key);
    assertThat(key.raw()).isEqualTo(TestLogs.HEX.parseHex(TEST1_PUBLIC));
  }

  @Test
  void goldenCheckpointMessageAndSignature() {
    List<AuditEntry> entries = new ArrayList<>();
    AuditChain chain = AuditChainTest.goldenChain(entries);
    Checkpoint cp = TestLogs.SIGNER.sign(chain);
    assertThat(cp.seq()).isEqualTo(3);
    assertThat(cp.headHash()).isEqualTo(chain.head());
    assertThat(cp.treeRoot()).isEqualTo(chain.root());
    assertThat(cp.keyId()).isEqualTo(TEST1_KEY_ID);
    assertThat(TestLogs.HEX.formatHex(cp.signedMessage())).isEqualTo(MESSAGE3);
    assertThat(cp.signature().base64()).isEqualTo(SIGNATURE3);
    assertThat(TestLogs.KEY.verifies(cp)).isTrue();
    // Deterministic: signing again gives the same bytes.
    assertThat(TestLogs.SIGNER.sign(3, chain.head(), chain.root())).isEqualTo(cp);
  }

  @Test
  void verificationNeedsTheRightKeyAndUntouchedFields() {
    Checkpoint cp = TestLogs.SIGNER.sign(7, TestLogs.log(7, 0).chain().head(), TestLogs.log(7, 0).chain().root());
    assertThat(TestLogs.KEY.verifies(cp)).isTrue();
    assertThat(TestLogs.OTHER_SIGNER.publicKey().verifies(cp)).isFalse();
    Checkpoint renamed = new Checkpoint(cp.seq(), cp.headHash(), cp.treeRoot(),
        TestLogs.OTHER_SIGNER.publicKey().keyId(), cp.signature());
    assertThat(TestLogs.OTHER_SIGNER.publicKey().verifies(renamed)).isFalse();
    assertThat(TestLogs.KEY.verifies(new Checkpoint(8, cp.headHash(), cp.treeRoot(), cp.keyId(), cp.signature())))
        .isFalse();
    assertThat(TestLogs.KEY.verifies(new Checkpoint(7, cp.treeRoot(), cp.headHash(), cp.keyId(), cp.signature())))
        .isFalse();
  }

  @Test
  void generatedSignersWorkAndExportTheirSeed() {
    CheckpointSigner signer = CheckpointSigner.generate(new SecureRandom());
    byte[] seed = signer.exportSeed();
    assertThat(seed).hasSize(32);
    CheckpointSigner again = CheckpointSigner.fromSeed(seed);
    assertThat(again.publicKey()).isEqualTo(signer.publicKey());
    Checkpoint cp = signer.sign(1, Hash.ZERO, Hash.ZERO);
    assertThat(again.sign(1, Hash.ZERO, Hash.ZERO)).isEqualTo(cp);
    assertThat(signer.publicKey().verifies(cp)).isTrue();
    assertThat(signer.toString()).doesNotContain(TestLogs.HEX.formatHex(seed)).contains(signer.publicKey().keyId());

    signer.destroy();
    assertThat(signer.isDestroyed()).isTrue();
    assertThatThrownBy(() -> signer.sign(1, Hash.ZERO, Hash.ZERO)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(signer::exportSeed).isInstanceOf(IllegalStateException.class);
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(
        Arguments.of("", "an audit public key must start with 'ed25519:', was ''"),
        Arguments.of("ssh-ed25519 AAAA", "an audit public key must start with 'ed25519:', was 'ssh-ed25519 AAAA'"),
        Arguments.of("ED25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
            "an audit public key must start with 'ed25519:', was "
                + "'ED25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo='"),
        Arguments.of("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo",
            "audit public key: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo' is not canonical base64"),
        Arguments.of("ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURp=",
            "audit public key: '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURp=' is not canonical base64"),
        Arguments.of("ed25519:11qY AYKx", "audit public key: '11qY AYKx' is not canonical base64"),
        Arguments.of("ed25519:AAAA", "audit public key: an Ed25519 public key is 32 bytes, this one is 3"),
        Arguments.of("ed25519:", "audit public key: an Ed25519 public key is 32 bytes, this one is 0"));
  }

  @ParameterizedTest(name = "''{0}''")
  @MethodSource("badKeys")
  void badPublicKeyTexts(String text, String message) {
    assertThatThrownBy(() -> AuditPublicKey.parse(text)).isInstanceOf(AuditKeyException.class).hasMessage(message);
  }

  @Test
  void badKeyMaterial() {
    assertThatThrownBy(() -> AuditPublicKey.fromRaw(new byte[31]))
        .isInstanceOf(AuditKeyException.class).hasMessage("an Ed25519 public key is 32 bytes, was 31");
    assertThatThrownBy(() -> CheckpointSigner.fromSeed(new byte[64]))
        .isInstanceOf(AuditKeyException.class).hasMessage("an Ed25519 private key (seed) is 32 bytes, was 64");
  }

  @Test
  void checkpointFieldRanges() {
    Ed25519Signature sig = Ed25519Signature.of(new byte[64]);
    assertThatThrownBy(() -> new Checkpoint(0, Hash.ZERO, Hash.ZERO, TEST1_KEY_ID, sig))
        .isInstanceOf(InvalidFieldException.class).hasMessage("seq must be >= 1, was 0");
    assertThatThrownBy(() -> new Checkpoint(1, Hash.ZERO, Hash.ZERO, "21FE31DFA154A261", sig))
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage("key_id must be 16 lower-case hex characters, was '21FE31DFA154A261'");
    assertThatThrownBy(() -> TestLogs.SIGNER.sign(AuditChain.empty()))
        .isInstanceOf(InvalidFieldException.class).hasMessage("seq must be >= 1, was 0");
    assertThatThrownBy(() -> Ed25519Signature.fromBase64("AAAA"))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("a signature must be the base64 of 64 bytes (88 characters), was 'AAAA'");
    assertThatThrownBy(() -> Ed25519Signature.of(new byte[63])).isInstanceOf(IllegalArgumentException.class);
  }
}
