package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.RootKeySplit;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.ShamirSplitter;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import io.strongroom.crypto.ShareSealer;
import io.strongroom.protocol.v1.InitResult;
import io.strongroom.protocol.v1.Request.OpCase;
import io.strongroom.protocol.v1.Response;
import io.strongroom.unseal.RootTokens;
import io.strongroom.unseal.ShareEnvelopes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key holders' offline tools: keygen, open-share, generate-root --decode, and init --holder-keys. */
class KeyHolderToolsTest {
  static final String PASSPHRASE = "correct horse battery staple";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path passFile;

  @BeforeEach
  void passphraseFile() throws IOException {
    passFile = dir.resolve("pass.txt");
    Files.writeString(passFile, PASSPHRASE + "\n");
  }

  private CliRunner.Result keygen(String name) {
    return new CliRunner().run("operator", "keygen", "--out", dir.resolve(name).toString(), "--passphrase-file", passFile.toString());
  }

  @Test
  void keygenWritesAPrivateKeyFileWithMode0600AndAPublicKeyLine() throws IOException {
    CliRunner.Result r = keygen("alice");
    assertThat(r.exit()).as(r.toString()).isZero();
    Path key = dir.resolve("alice.key");
    Path pub = dir.resolve("alice.pub");
    assertThat(Files.getPosixFilePermissions(key)).isEqualTo(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    String pubText = Files.readString(pub);
    assertThat(pubText).matches("srpk1-[A-Za-z0-9_-]{86} alice\n");
    assertThat(r.out()).contains(pubText.split(" ")[0]).doesNotContain(PASSPHRASE);

    HolderPrivateKeys opened = HolderKeys.open(Bytes.of(Files.readAllBytes(key)), PASSPHRASE.toCharArray());
    try {
      assertThat(HolderKeyFiles.decodePublic(pubText, "alice.pub")).isEqualTo(opened.publicKeys());
    } finally {
      opened.destroy();
    }
  }

  @Test
  void keygenRefusesToOverwriteEitherFile() throws IOException {
    assertThat(keygen("bob").exit()).isZero();
    byte[] before = Files.readAllBytes(dir.resolve("bob.key"));
    CliRunner.Result again = keygen("bob");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).startsWith("error: INVALID_ARGUMENT: " + dir.resolve("bob.key") + " already exists; refusing to overwrite it");
    assertThat(Files.readAllBytes(dir.resolve("bob.key"))).isEqualTo(before);

    Files.writeString(dir.resolve("carol.pub"), "something else\n");
    CliRunner.Result pubExists = keygen("carol");
    assertThat(pubExists.exit()).isEqualTo(1);
    assertThat(pubExists.err()).contains("carol.pub already exists");
    assertThat(dir.resolve("carol.key")).doesNotExist();
  }

  @Test
  void keygenPromptsTwiceWithoutEcho() {
    CliRunner runner = new CliRunner().console(PASSPHRASE, PASSPHRASE);
    CliRunner.Result r = runner.run("operator", "keygen", "--out", dir.resolve("dave").toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(runner.prompts()).containsExactly("New passphrase for " + dir.resolve("dave.key") + ": ", "Repeat the passphrase: ");
    assertThat(dir.resolve("dave.key")).exists();
  }

  @Test
  void keygenRejectsMismatchedOrShortPassphrasesAndWritesNothing() {
    CliRunner.Result mismatch = new CliRunner().console(PASSPHRASE, PASSPHRASE + "x").run("operator", "keygen", "--out", dir.resolve("eve").toString());
    assertThat(mismatch.exit()).isEqualTo(1);
    assertThat(mismatch.err()).startsWith("error: INVALID_ARGUMENT: the passphrases do not match");
    CliRunner.Result shortOne = new CliRunner().console("short", "short").run("operator", "keygen", "--out", dir.resolve("eve").toString());
    assertThat(shortOne.err()).startsWith("error: INVALID_ARGUMENT: the passphrase must be at least 8 characters");
    assertThat(mismatch.err() + shortOne.err()).doesNotContain(PASSPHRASE).doesNotContain("short\n");
    assertThat(dir.resolve("eve.key")).doesNotExist();
    assertThat(dir.resolve("eve.pub")).doesNotExist();
  }

  @Test
  void keygenWithoutConsoleOrPassphraseFileFailsClearly() {
    CliRunner.Result r = new CliRunner().run("operator", "keygen", "--out", dir.resolve("frank").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: INVALID_ARGUMENT: no console to prompt on: pass --passphrase-file FILE" + System.lineSeparator());
  }

  @Test
  void openShareRoundTripsAShareSealedToTheGeneratedKey() throws IOException {
    assertThat(keygen("alice").exit()).isZero();
    HolderPublicKeys pub = HolderKeyFiles.readPublic(dir.resolve("alice.pub"));
    RootKeySplit split = ShamirSplitter.split(SecretBytes.random(RANDOM, 32), 3, 2, RANDOM);
    Share share = split.share(2);
    String expected = ShareCodec.encode(share);
    String envelope = ShareEnvelopes.encode(ShareSealer.seal(share, pub.encryptionKey(), RANDOM));

    CliRunner.Result r = new CliRunner().run("operator", "open-share", envelope, "--key", dir.resolve("alice.key").toString(),
        "--passphrase-file", passFile.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(expected + System.lineSeparator());
    assertThat(r.err()).isEmpty();

    CliRunner prompted = new CliRunner().console(PASSPHRASE).stdin(envelope + "\n");
    CliRunner.Result viaStdin = prompted.run("operator", "open-share", "-", "--key", dir.resolve("alice.key").toString(), "--format", "json");
    assertThat(viaStdin.exit()).as(viaStdin.toString()).isZero();
    assertThat(JSON.readTree(viaStdin.out()).get("share").asText()).isEqualTo(expected);
    assertThat(prompted.prompts()).containsExactly("Passphrase for " + dir.resolve("alice.key") + ": ");
    split.destroy();
  }

  @Test
  void openShareWithTheWrongKeyOrPassphraseSaysSoWithoutSecrets() throws IOException {
    assertThat(keygen("alice").exit()).isZero();
    assertThat(keygen("mallory").exit()).isZero();
    HolderPublicKeys alice = HolderKeyFiles.readPublic(dir.resolve("alice.pub"));
    RootKeySplit split = ShamirSplitter.split(SecretBytes.random(RANDOM, 32), 3, 2, RANDOM);
    String envelope = ShareEnvelopes.encode(ShareSealer.seal(split.share(1), alice.encryptionKey(), RANDOM));
    String share = ShareCodec.encode(split.share(1));

    CliRunner.Result wrongKey = new CliRunner().run("operator", "open-share", envelope, "--key", dir.resolve("mallory.key").toString(),
        "--passphrase-file", passFile.toString());
    assertThat(wrongKey.exit()).isEqualTo(1);
    assertThat(wrongKey.err()).startsWith("error: INVALID_ARGUMENT: cannot open the envelope with").doesNotContain(share);

    CliRunner.Result wrongPass = new CliRunner().console("not the passphrase").run("operator", "open-share", envelope, "--key",
        dir.resolve("alice.key").toString());
    assertThat(wrongPass.exit()).isEqualTo(1);
    assertThat(wrongPass.err()).contains("wrong passphrase or corrupted key file").doesNotContain("not the passphrase");

    CliRunner.Result notEnvelope = new CliRunner().run("operator", "open-share", "srs1-abc", "--key", dir.resolve("alice.key").toString());
    assertThat(notEnvelope.exit()).isEqualTo(1);
    assertThat(notEnvelope.err()).startsWith("error: INVALID_ARGUMENT: not a share envelope");
    split.destroy();
  }

  @Test
  void generateRootDecodesWithTheOneTimePad() throws IOException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = RootTokens.PREFIX + b64(raw);
    String otp = RootTokens.newOtp(RANDOM);
    byte[] pad = Base64.getUrlDecoder().decode(otp);
    byte[] enc = raw.clone();
    for (int i = 0; i < enc.length; i++) {
      enc[i] ^= pad[i];
    }
    CliRunner.Result r = new CliRunner().run("operator", "generate-root", "--decode", b64(enc), "--otp", otp);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(token + System.lineSeparator());

    CliRunner.Result viaStdin = new CliRunner().stdin(otp + "\n").run("operator", "generate-root", "--decode", b64(enc), "--otp", "-", "--format", "json");
    assertThat(JSON.readTree(viaStdin.out()).get("root_token").asText()).isEqualTo(token);

    CliRunner.Result bad = new CliRunner().run("operator", "generate-root", "--decode", "short", "--otp", otp);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).startsWith("error: INVALID_ARGUMENT: encoded token must be 43 base64url characters").doesNotContain(otp);
  }

  @Test
  void generateRootDecodesATokenSealedToTheHoldersKey() throws Exception {
    assertThat(keygen("alice").exit()).isZero();
    HolderPublicKeys pub = HolderKeyFiles.readPublic(dir.resolve("alice.pub"));
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    // RFC 9180 base mode as RootTokens documents it: 0x01 | enc | ciphertext.
    HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(RANDOM);
    HPKEContextWithEncapsulation ctx = hpke.setupBaseS(hpke.deserializePublicKey(pub.encryptionKey().toByteArray()),
        "strongroom/root-token/v1".getBytes(StandardCharsets.US_ASCII), new AsymmetricCipherKeyPair(eph.generatePublicKey(), eph));
    byte[] ct = ctx.seal(new byte[0], raw);
    byte[] enc = ctx.getEncapsulation();
    byte[] encoded = new byte[1 + enc.length + ct.length];
    encoded[0] = 1;
    System.arraycopy(enc, 0, encoded, 1, enc.length);
    System.arraycopy(ct, 0, encoded, 1 + enc.length, ct.length);

    CliRunner.Result r = new CliRunner().run("operator", "generate-root", "--decode", b64(encoded), "--key", dir.resolve("alice.key").toString(),
        "--passphrase-file", passFile.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo(RootTokens.PREFIX + b64(raw) + System.lineSeparator());
  }

  @Test
  void generateRootDecodeNeedsExactlyOneWayToDecode() {
    assertThat(new CliRunner().run("operator", "generate-root", "--decode", "x").exit()).isEqualTo(2);
    assertThat(new CliRunner().run("operator", "generate-root", "--decode", "x", "--otp", "y", "--key", "k").exit()).isEqualTo(2);
  }

  @Test
  void initWithHolderKeysSendsEachPublicKeyAndPrintsEnvelopes() throws IOException {
    HolderPrivateKeys a = HolderKeys.generate(RANDOM);
    HolderPrivateKeys b = HolderKeys.generate(RANDOM);
    Files.writeString(dir.resolve("a.pub"), "# alice's key\n" + HolderKeyFiles.encodePublic(a.publicKeys()) + " alice\n");
    Files.writeString(dir.resolve("b.pub"), HolderKeyFiles.encodePublic(b.publicKeys()));
    try (ScriptedNode node = ScriptedNode.start()) {
      node.answer(OpCase.INIT, Response.newBuilder().setInit(InitResult.newBuilder()
          .addAllShares(List.of("srse1-env-a", "srse1-env-b")).setRootToken("sr.root")).build());
      CliRunner.Result r = new CliRunner().env("STRONGROOM_ADDR", node.address()).run("operator", "init", "--key-threshold", "2",
          "--holder-keys", dir.resolve("a.pub") + "," + dir.resolve("b.pub"), "--format", "json");
      assertThat(r.exit()).as(r.toString()).isZero();
      var init = node.only(OpCase.INIT).getInit();
      assertThat(init.getShares()).isEqualTo(2);
      assertThat(init.getHolderPublicKeysList()).hasSize(2);
      assertThat(init.getHolderPublicKeys(0).toByteArray()).isEqualTo(HolderKeyFiles.wire(a.publicKeys()));
      assertThat(init.getHolderPublicKeys(1).toByteArray()).isEqualTo(HolderKeyFiles.wire(b.publicKeys()));
      JsonNode j = JSON.readTree(r.out());
      assertThat(j.get("shares").get(0).asText()).isEqualTo("srse1-env-a");
      assertThat(j.get("shares_sealed").asBoolean()).isTrue();
      assertThat(j.get("root_token").asText()).isEqualTo("sr.root");
    } finally {
      a.destroy();
      b.destroy();
    }
  }

  @Test
  void initRejectsAPrivateKeyFileGivenAsAPublicKey() throws IOException {
    assertThat(keygen("alice").exit()).isZero();
    try (ScriptedNode node = ScriptedNode.start()) {
      CliRunner.Result r = new CliRunner().env("STRONGROOM_ADDR", node.address()).run("operator", "init", "--key-shares", "1",
          "--key-threshold", "1", "--holder-keys", dir.resolve("alice.key").toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: ");
      assertThat(node.requests()).isEmpty();
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
