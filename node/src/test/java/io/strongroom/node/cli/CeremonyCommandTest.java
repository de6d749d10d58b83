package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.protocol.v1.Done;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.GenerateRootProgress;
import io.strongroom.protocol.v1.GenerateRootToken;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Request.OpCase;
import io.strongroom.protocol.v1.RekeyProgress;
import io.strongroom.protocol.v1.RekeyShares;
import io.strongroom.protocol.v1.Response;
import io.strongroom.unseal.RootTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code operator rekey} and {@code operator generate-root} against a scripted node. */
class CeremonyCommandTest {
  static final String SHARE = "srs1-THIS-IS-A-SECRET-SHARE-TEXT";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ScriptedNode node;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    node = ScriptedNode.start();
    cli = new CliRunner().env("STRONGROOM_ADDR", node.address());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static Response rekeyProgress(String phase, int progress) {
    return Response.newBuilder().setRekeyProgress(RekeyProgress.newBuilder()
        .setInProgress(true).setNonce("rk-nonce").setPhase(phase).setThreshold(3).setShares(5).setProgress(progress)
        .setNewShares(4).setNewThreshold(2).setVerificationRequired(true)).build();
  }

  static Response done() {
    return Response.newBuilder().setDone(Done.getDefaultInstance()).build();
  }

  // ------------------------------------------------------------------ rekey

  @Test
  void rekeyInitSendsTheNewSplitAndPrintsTheNonce() throws IOException {
    node.answer(OpCase.REKEY_INIT, rekeyProgress("AUTHORIZE", 0));
    CliRunner.Result r = cli.run("operator", "rekey", "--init", "--key-shares", "4", "--key-threshold", "2", "--verify");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.REKEY_INIT);
    assertThat(req.getRekeyInit().getShares()).isEqualTo(4);
    assertThat(req.getRekeyInit().getThreshold()).isEqualTo(2);
    assertThat(req.getRekeyInit().getRequireVerification()).isTrue();
    assertThat(req.getRekeyInit().getHolderPublicKeysList()).isEmpty();
    assertThat(r.out()).containsPattern("nonce\\s+rk-nonce").containsPattern("progress\\s+0/3").containsPattern("phase\\s+AUTHORIZE");

    JsonNode j = JSON.readTree(cli.run("operator", "rekey", "--init", "--key-shares", "4", "--key-threshold", "2", "--format", "json").out());
    assertThat(j.get("nonce").asText()).isEqualTo("rk-nonce");
    assertThat(j.get("new_shares").asInt()).isEqualTo(4);
    assertThat(j.get("in_progress").asBoolean()).isTrue();
  }

  @Test
  void rekeyInitWithHolderKeysSendsOneKeyPerShare() {
    node.answer(OpCase.REKEY_INIT, rekeyProgress("AUTHORIZE", 0));
    assertThat(new CliRunner().run("operator", "keygen", "--out", dir.resolve("alice").toString(),
        "--passphrase-file", passphrase()).exit()).isZero();
    assertThat(new CliRunner().run("operator", "keygen", "--out", dir.resolve("bob").toString(),
        "--passphrase-file", passphrase()).exit()).isZero();
    CliRunner.Result r = cli.run("operator", "rekey", "--init", "--key-threshold", "2",
        "--holder-keys", dir.resolve("alice.pub") + "," + dir.resolve("bob.pub"));
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.REKEY_INIT);
    assertThat(req.getRekeyInit().getShares()).isEqualTo(2);
    assertThat(req.getRekeyInit().getHolderPublicKeysList()).hasSize(2).allMatch(k -> k.size() == 64);
  }

  private String passphrase() {
    try {
      Path p = dir.resolve("pass.txt");
      Files.writeString(p, "correct horse battery\n");
      return p.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void rekeySubmitReadsTheShareFromStdinAndShowsProgress() {
    node.answer(OpCase.REKEY_SUBMIT, rekeyProgress("AUTHORIZE", 1));
    CliRunner.Result r = cli.stdin(SHARE + "\n").run("operator", "rekey", "--nonce", "rk-nonce", "-");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.REKEY_SUBMIT);
    assertThat(req.getRekeySubmit().getNonce()).isEqualTo("rk-nonce");
    assertThat(req.getRekeySubmit().getShare()).isEqualTo(SHARE);
    assertThat(r.out()).containsPattern("progress\\s+1/3");
    assertThat(r.out() + r.err()).doesNotContain(SHARE);
  }

  @Test
  void rekeySubmitPromptsWithoutEcho() {
    node.answer(OpCase.REKEY_SUBMIT, rekeyProgress("AUTHORIZE", 1));
    CliRunner runner = cli.console(SHARE);
    CliRunner.Result r = runner.run("operator", "rekey", "--nonce", "rk-nonce");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(runner.prompts()).containsExactly("Unseal share (input hidden): ");
    assertThat(node.only(OpCase.REKEY_SUBMIT).getRekeySubmit().getShare()).isEqualTo(SHARE);
  }

  @Test
  void theNewSharesArePrintedOnceAsJson() throws IOException {
    node.answer(OpCase.REKEY_SUBMIT, Response.newBuilder().setRekeyShares(RekeyShares.newBuilder()
        .addAllShares(List.of("srs1-new-1", "srs1-new-2")).setKeySetId("ks-2").setVerificationPending(true)
        .setVerificationNonce("verify-nonce")).build());
    CliRunner.Result r = cli.run("operator", "rekey", "--nonce", "rk-nonce", "--format", "json", SHARE);
    assertThat(r.exit()).as(r.toString()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("shares").toString()).isEqualTo("[\"srs1-new-1\",\"srs1-new-2\"]");
    assertThat(j.get("verification_pending").asBoolean()).isTrue();
    assertThat(j.get("verification_nonce").asText()).isEqualTo("verify-nonce");
    assertThat(j.get("rekeyed").asBoolean()).isFalse();

    CliRunner.Result table = cli.run("operator", "rekey", "--nonce", "rk-nonce", SHARE);
    assertThat(table.out()).contains("New unseal share 1: srs1-new-1", "New unseal share 2: srs1-new-2", "NOT in effect yet",
        "--verify-share --nonce verify-nonce");
  }

  @Test
  void rekeyVerifySendsTheNewShareWithTheVerificationNonce() {
    node.answer(OpCase.REKEY_VERIFY, Response.newBuilder().setRekeyShares(RekeyShares.newBuilder().setKeySetId("ks-2")).build());
    CliRunner.Result r = cli.run("operator", "rekey", "--verify-share", "--nonce", "verify-nonce", "srs1-new-1");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.REKEY_VERIFY);
    assertThat(req.getRekeyVerify().getNonce()).isEqualTo("verify-nonce");
    assertThat(req.getRekeyVerify().getShare()).isEqualTo("srs1-new-1");
    assertThat(r.out()).contains("Rekeyed: key set ks-2 is in effect", "unseal each with the new shares");
  }

  @Test
  void rekeyStatusAndCancel() throws IOException {
    node.answer(OpCase.REKEY_STATUS, Response.newBuilder().setRekeyProgress(RekeyProgress.getDefaultInstance()).build());
    CliRunner.Result status = cli.run("operator", "rekey", "--status");
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out()).contains("no rekey in progress");
    assertThat(JSON.readTree(cli.run("operator", "rekey", "--status", "--format", "json").out()).get("in_progress").asBoolean()).isFalse();

    node.answer(OpCase.REKEY_CANCEL, done());
    CliRunner.Result cancel = cli.run("operator", "rekey", "--cancel");
    assertThat(cancel.exit()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("rekey cancelled");
    node.only(OpCase.REKEY_CANCEL);
  }

  @Test
  void rekeyGoesToTheNamedNode() throws IOException {
    try (ScriptedNode other = ScriptedNode.start()) {
      other.answer(OpCase.REKEY_SUBMIT, rekeyProgress("AUTHORIZE", 2));
      CliRunner.Result r = new CliRunner().run("operator", "rekey", "--node", other.address(), "--nonce", "rk-nonce", SHARE);
      assertThat(r.exit()).as(r.toString()).isZero();
      other.only(OpCase.REKEY_SUBMIT);
      assertThat(node.requests()).isEmpty();
    }
  }

  @Test
  void rekeyUsageErrorsSendNothing() {
    assertThat(cli.run("operator", "rekey", SHARE).err()).contains("pass --nonce NONCE");
    assertThat(cli.run("operator", "rekey", "--init", "--cancel").err()).contains("at most one of");
    assertThat(cli.run("operator", "rekey", "--key-shares", "3", "--nonce", "n", SHARE).err()).contains("go with --init");
    assertThat(cli.run("operator", "rekey", "--init", "--key-shares", "2", "--key-threshold", "3").err())
        .contains("--key-threshold must be in 1..2");
    assertThat(cli.run("operator", "rekey", "--status", SHARE).exit()).isEqualTo(2);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void aRefusedShareIsReportedWithoutEchoingIt() {
    node.answer(OpCase.REKEY_SUBMIT, ScriptedNode.error(ErrorCode.INVALID_ARGUMENT, "no rekey authorization with this nonce is in progress"));
    CliRunner.Result r = cli.stdin(SHARE).run("operator", "rekey", "--nonce", "stale", "-");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: no rekey authorization with this nonce is in progress").doesNotContain(SHARE);
  }

  // ------------------------------------------------------------------ generate-root

  @Test
  void generateOtpPrintsAUsablePad() throws IOException {
    CliRunner.Result r = new CliRunner().run("operator", "generate-root", "--generate-otp");
    assertThat(r.exit()).as(r.toString()).isZero();
    String otp = r.out().strip();
    assertThat(otp).hasSize(43);
    JsonNode j = JSON.readTree(new CliRunner().run("operator", "generate-root", "--generate-otp", "--format", "json").out());
    assertThat(j.get("otp").asText()).hasSize(43).isNotEqualTo(otp);
  }

  @Test
  void generateRootEndToEndWithAnOtpFromStdin() throws IOException {
    String otp = RootTokens.newOtp(new SecureRandom());
    node.answer(OpCase.GENERATE_ROOT_INIT, Response.newBuilder().setGenerateRootProgress(GenerateRootProgress.newBuilder()
        .setInProgress(true).setNonce("gr-nonce").setThreshold(3).setShares(5)).build());
    CliRunner.Result init = cli.stdin(otp + "\n").run("operator", "generate-root", "--init", "--otp", "-");
    assertThat(init.exit()).as(init.toString()).isZero();
    assertThat(node.only(OpCase.GENERATE_ROOT_INIT).getGenerateRootInit().getOtp()).isEqualTo(otp);
    assertThat(init.out()).containsPattern("nonce\\s+gr-nonce").containsPattern("progress\\s+0/3").doesNotContain(otp);

    // The node answers with the token XORed with the pad: 32 bytes, base64url, like a pad.
    String encoded = RootTokens.newOtp(new SecureRandom());
    String token = RootTokens.decodeOtp(encoded, otp);
    node.answer(OpCase.GENERATE_ROOT_SUBMIT, Response.newBuilder().setGenerateRootToken(GenerateRootToken.newBuilder()
        .setEncodedToken(encoded).setProtection("otp")).build());
    CliRunner.Result last = cli.stdin(SHARE + "\n").run("operator", "generate-root", "--nonce", "gr-nonce", "--format", "json", "-");
    assertThat(last.exit()).as(last.toString()).isZero();
    Request submit = node.only(OpCase.GENERATE_ROOT_SUBMIT);
    assertThat(submit.getGenerateRootSubmit().getNonce()).isEqualTo("gr-nonce");
    assertThat(submit.getGenerateRootSubmit().getShare()).isEqualTo(SHARE);
    JsonNode j = JSON.readTree(last.out());
    assertThat(j.get("encoded_token").asText()).isEqualTo(encoded);
    assertThat(j.get("protection").asText()).isEqualTo("otp");
    assertThat(last.out()).doesNotContain(token);

    CliRunner.Result decoded = new CliRunner().run("operator", "generate-root", "--decode", encoded, "--otp", otp);
    assertThat(decoded.exit()).as(decoded.toString()).isZero();
    assertThat(decoded.out().strip()).isEqualTo(token);
  }

  @Test
  void generateRootInitWithAHolderKeySendsItsPublicKey() {
    node.answer(OpCase.GENERATE_ROOT_INIT, Response.newBuilder().setGenerateRootProgress(GenerateRootProgress.newBuilder()
        .setInProgress(true).setNonce("gr-nonce").setThreshold(3).setShares(5)).build());
    assertThat(new CliRunner().run("operator", "keygen", "--out", dir.resolve("alice").toString(), "--passphrase-file", passphrase()).exit()).isZero();
    CliRunner.Result r = cli.run("operator", "generate-root", "--init", "--holder-key", dir.resolve("alice.pub").toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.GENERATE_ROOT_INIT).getGenerateRootInit().getRecipientPublicKey().size()).isEqualTo(64);
  }

  @Test
  void generateRootStatusCancelAndUsage() {
    node.answer(OpCase.GENERATE_ROOT_STATUS, Response.newBuilder().setGenerateRootProgress(GenerateRootProgress.getDefaultInstance()).build());
    assertThat(cli.run("operator", "generate-root", "--status").out()).contains("no root token generation in progress");
    node.answer(OpCase.GENERATE_ROOT_CANCEL, done());
    assertThat(cli.run("operator", "generate-root", "--cancel").out()).contains("cancelled");

    assertThat(cli.run("operator", "generate-root", "--init").err()).contains("exactly one of --otp OTP");
    assertThat(cli.run("operator", "generate-root", SHARE).err()).contains("pass --nonce NONCE");
    assertThat(cli.run("operator", "generate-root", "--holder-key", "a.pub").err()).contains("--holder-key goes with --init");
    assertThat(cli.run("operator", "generate-root", "--init", "--cancel", "--otp", "x").err()).contains("at most one of");
    assertThat(node.requests()).hasSize(2);
  }
}
