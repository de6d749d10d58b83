package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.KvKeys;
import io.strongroom.protocol.v1.KvMetadata;
import io.strongroom.protocol.v1.KvSecret;
import io.strongroom.protocol.v1.KvWritten;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Request.OpCase;
import io.strongroom.protocol.v1.Response;
import io.strongroom.protocol.v1.VersionInfo;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code strongroom kv ...} against a scripted node over real TCP: request fields, output, errors. */
class KvCommandTest {
  static final String TOKEN = "sr.test-token-never-printed-0123456789abcdefghij";
  static final long CREATED = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private ScriptedNode node;
  private CliRunner cli;

  @BeforeEach
  void start() throws IOException {
    node = ScriptedNode.start();
    cli = new CliRunner().env("STRONGROOM_ADDR", node.address()).env("STRONGROOM_TOKEN", TOKEN);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  static Response written(long version) {
    return Response.newBuilder().setKvWritten(KvWritten.newBuilder().setVersion(version).setCreatedTimeMs(CREATED)).build();
  }

  static Response done() {
    return Response.newBuilder().setDone(io.strongroom.protocol.v1.Done.getDefaultInstance()).build();
  }

  static Response secret(Map<String, String> data, long version) {
    return Response.newBuilder().setKvSecret(KvSecret.newBuilder().putAllData(data)
        .setVersion(VersionInfo.newBuilder().setVersion(version).setCreatedTimeMs(CREATED))).build();
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  // ---- put

  @Test
  void putSendsPathDataAndTokenAndPrintsTheNewVersion() {
    node.answer(OpCase.KV_PUT, written(4));
    CliRunner.Result r = cli.run("kv", "put", "app/db", "user=app", "port=5432");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.KV_PUT);
    assertThat(req.getKvPut().getPath()).isEqualTo("app/db");
    assertThat(req.getKvPut().getDataMap()).containsExactlyInAnyOrderEntriesOf(Map.of("user", "app", "port", "5432"));
    assertThat(req.getKvPut().hasCas()).isFalse();
    assertThat(req.getToken()).isEqualTo(TOKEN);
    assertThat(r.out()).contains("version", "4", "2026-01-02T03:04:05Z", "app/db");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void putWithCasAndJsonOutput() throws IOException {
    node.answer(OpCase.KV_PUT, written(1));
    CliRunner.Result r = cli.run("kv", "put", "--cas", "0", "--format", "json", "app/new", "k=v");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_PUT).getKvPut().hasCas()).isTrue();
    assertThat(node.only(OpCase.KV_PUT).getKvPut().getCas()).isZero();
    JsonNode j = json(r.out());
    assertThat(j.get("path").asText()).isEqualTo("app/new");
    assertThat(j.get("version").asLong()).isEqualTo(1);
    assertThat(j.get("created_time").asText()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void putReadsAtFileValuesExactlyAndDashFromStdin() throws IOException {
    Path file = dir.resolve("pw.txt");
    Files.write(file, "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
    node.answer(OpCase.KV_PUT, written(2));
    CliRunner.Result r = cli.stdin("from-stdin-secret\n").run("kv", "put", "app/db", "file=@" + file, "piped=-", "plain=x");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_PUT).getKvPut().getDataMap())
        .containsEntry("file", "line one\nline two\n")
        .containsEntry("piped", "from-stdin-secret")
        .containsEntry("plain", "x");
    assertThat(r.out()).doesNotContain("line one", "from-stdin-secret");
  }

  @Test
  void putWithAMissingValueFileFailsBeforeSendingAnything() {
    CliRunner.Result r = cli.run("kv", "put", "app/db", "pw=@" + dir.resolve("absent.txt"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: cannot read the value of 'pw': no such file");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void malformedPairIsAUsageErrorThatDoesNotEchoTheArgument() {
    CliRunner.Result r = cli.run("kv", "put", "app/db", "hunter2-typed-without-key");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("data argument 1 is not KEY=VALUE").doesNotContain("hunter2");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void twoStdinValuesAreRefused() {
    CliRunner.Result r = cli.stdin("x").run("kv", "put", "app/db", "a=-", "b=-");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("only one value can be read from standard input");
  }

  // ---- get

  @Test
  void getPrintsVersionAndDataAsATable() {
    node.answer(OpCase.KV_GET, secret(Map.of("password", "s3cret", "user", "app"), 3));
    CliRunner.Result r = cli.run("kv", "get", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.KV_GET);
    assertThat(req.getKvGet().getPath()).isEqualTo("app/db");
    assertThat(req.getKvGet().getVersion()).isZero();
    assertThat(r.out()).contains("== Version ==", "== Data ==", "password  s3cret", "user      app", "created_time   2026-01-02T03:04:05Z");
    assertThat(r.out()).containsPattern("version\\s+3");
  }

  @Test
  void getJsonWithVersion() throws IOException {
    node.answer(OpCase.KV_GET, secret(Map.of("k", "v"), 2));
    CliRunner.Result r = cli.run("kv", "get", "--version", "2", "--format", "json", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_GET).getKvGet().getVersion()).isEqualTo(2);
    JsonNode j = json(r.out());
    assertThat(j.get("data").get("k").asText()).isEqualTo("v");
    assertThat(j.get("version").get("version").asLong()).isEqualTo(2);
    assertThat(j.get("version").get("destroyed").asBoolean()).isFalse();
    assertThat(j.get("version").get("deletion_time").isNull()).isTrue();
  }

  @Test
  void getFieldPrintsOnlyTheRawValue() {
    node.answer(OpCase.KV_GET, secret(Map.of("password", "s3cret\n", "user", "app"), 3));
    CliRunner.Result r = cli.run("kv", "get", "--field", "password", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("s3cret\n");
  }

  @Test
  void getUnknownFieldIsNotFound() {
    node.answer(OpCase.KV_GET, secret(Map.of("user", "app"), 3));
    CliRunner.Result r = cli.run("kv", "get", "--field", "password", "app/db");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no key 'password' in app/db version 3" + System.lineSeparator());
  }

  @Test
  void getMissingSecretIsNotFound() {
    node.answer(OpCase.KV_GET, ScriptedNode.error(ErrorCode.NOT_FOUND, "no such path"));
    CliRunner.Result r = cli.run("kv", "get", "app/missing");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no secret at app/missing" + System.lineSeparator());
  }

  @Test
  void staleGetAsksForStaleConsistency() {
    node.answer(OpCase.KV_GET, secret(Map.of("k", "v"), 1));
    assertThat(cli.run("kv", "get", "--stale", "5s", "app/db").exit()).isZero();
    Request req = node.only(OpCase.KV_GET);
    assertThat(req.getConsistency()).isEqualTo(io.strongroom.protocol.v1.Consistency.STALE);
    assertThat(req.getMaxStalenessMs()).isEqualTo(5000);
  }

  // ---- patch

  @Test
  void patchSendsSetRemoveAndCas() throws IOException {
    node.answer(OpCase.KV_PATCH, written(5));
    CliRunner.Result r = cli.run("kv", "patch", "--remove", "old1,old2", "--remove", "old3", "--cas", "4", "--format", "json", "app/db", "new=1");
    assertThat(r.exit()).as(r.toString()).isZero();
    Request req = node.only(OpCase.KV_PATCH);
    assertThat(req.getKvPatch().getPath()).isEqualTo("app/db");
    assertThat(req.getKvPatch().getSetMap()).containsExactlyEntriesOf(Map.of("new", "1"));
    assertThat(req.getKvPatch().getRemoveList()).containsExactly("old1", "old2", "old3");
    assertThat(req.getKvPatch().getCas()).isEqualTo(4);
    assertThat(json(r.out()).get("version").asLong()).isEqualTo(5);
  }

  @Test
  void patchOfMissingSecretIsNotFound() {
    node.answer(OpCase.KV_PATCH, ScriptedNode.error(ErrorCode.NOT_FOUND, "nothing at app/db"));
    CliRunner.Result r = cli.run("kv", "patch", "app/db", "k=v");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no secret at app/db" + System.lineSeparator());
  }

  @Test
  void patchWithNothingToDoIsAUsageError() {
    assertThat(cli.run("kv", "patch", "app/db").exit()).isEqualTo(2);
    assertThat(node.requests()).isEmpty();
  }

  // ---- delete, undelete, destroy

  @ParameterizedTest
  @CsvSource({"delete,KV_DELETE,deleted", "undelete,KV_UNDELETE,undeleted", "destroy,KV_DESTROY,destroyed"})
  void versionCommandsSendTheVersions(String command, OpCase op, String action) throws IOException {
    node.answer(op, done());
    CliRunner.Result r = cli.run("kv", command, "--versions", "1,2", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    io.strongroom.protocol.v1.KvVersions body = switch (op) {
      case KV_DELETE -> node.only(op).getKvDelete();
      case KV_UNDELETE -> node.only(op).getKvUndelete();
      default -> node.only(op).getKvDestroy();
    };
    assertThat(body.getPath()).isEqualTo("app/db");
    assertThat(body.getVersionsList()).containsExactly(1L, 2L);
    assertThat(r.out()).isEqualTo("Success: " + action + " version(s) 1,2 of app/db" + System.lineSeparator());

    JsonNode j = json(cli.run("kv", command, "--versions", "3", "--format", "json", "app/db").out());
    assertThat(j.get("action").asText()).isEqualTo(action);
    assertThat(j.get("versions").get(0).asLong()).isEqualTo(3);
  }

  @Test
  void deleteWithoutVersionsDeletesTheCurrentOne() {
    node.answer(OpCase.KV_DELETE, done());
    CliRunner.Result r = cli.run("kv", "delete", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_DELETE).getKvDelete().getVersionsList()).isEmpty();
    assertThat(r.out()).contains("the current version of app/db");
  }

  @Test
  void undeleteAndDestroyRequireVersions() {
    assertThat(cli.run("kv", "undelete", "app/db").exit()).isEqualTo(2);
    assertThat(cli.run("kv", "destroy", "app/db").exit()).isEqualTo(2);
    assertThat(cli.run("kv", "destroy", "--versions", "0", "app/db").exit()).isEqualTo(2);
    assertThat(node.requests()).isEmpty();
  }

  // ---- list

  @Test
  void listPrintsKeysOnePerLine() throws IOException {
    node.answer(OpCase.KV_LIST, Response.newBuilder().setKvKeys(KvKeys.newBuilder().addKeys("db").addKeys("nested/")).build());
    CliRunner.Result r = cli.run("kv", "list", "app/");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_LIST).getKvList().getPrefix()).isEqualTo("app/");
    assertThat(r.out().lines()).containsExactly("Keys", "db", "nested/");
    JsonNode j = json(cli.run("kv", "list", "--format", "json", "app/").out());
    assertThat(j.get("keys").toString()).isEqualTo("[\"db\",\"nested/\"]");
  }

  // ---- metadata

  @Test
  void metadataGetTableAndJson() throws IOException {
    node.answer(OpCase.KV_METADATA_GET, Response.newBuilder().setKvMetadata(KvMetadata.newBuilder()
        .setPath("app/db").setCurrentVersion(3).setOldestVersion(1).setMaxVersions(5).setCasRequired(true)
        .setDeleteVersionAfterMs(3_600_000).setCreatedTimeMs(CREATED).setUpdatedTimeMs(CREATED)
        .putCustomMetadata("owner", "team-a")
        .addVersions(VersionInfo.newBuilder().setVersion(1).setCreatedTimeMs(CREATED).setDestroyed(true))
        .addVersions(VersionInfo.newBuilder().setVersion(3).setCreatedTimeMs(CREATED))).build());
    CliRunner.Result r = cli.run("kv", "metadata", "get", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_METADATA_GET).getKvMetadataGet().getPath()).isEqualTo("app/db");
    assertThat(r.out()).contains("current_version", "custom.owner", "team-a", "1h", "Destroyed");
    JsonNode j = json(cli.run("kv", "metadata", "get", "--format", "json", "app/db").out());
    assertThat(j.get("current_version").asLong()).isEqualTo(3);
    assertThat(j.get("cas_required").asBoolean()).isTrue();
    assertThat(j.get("delete_version_after").asText()).isEqualTo("1h");
    assertThat(j.get("custom_metadata").get("owner").asText()).isEqualTo("team-a");
    assertThat(j.get("versions").get(0).get("destroyed").asBoolean()).isTrue();
  }

  @Test
  void metadataGetOfMissingPathIsNotFound() {
    node.answer(OpCase.KV_METADATA_GET, ScriptedNode.error(ErrorCode.NOT_FOUND, "x"));
    CliRunner.Result r = cli.run("kv", "metadata", "get", "app/none");
    assertThat(r.err()).isEqualTo("error: NOT_FOUND: no secret at app/none" + System.lineSeparator());
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void metadataPutSendsOnlyTheGivenSettings() {
    node.answer(OpCase.KV_METADATA_PUT, done());
    CliRunner.Result r = cli.run("kv", "metadata", "put", "--max-versions", "7", "--cas-required", "false",
        "--delete-version-after", "1h30m", "--custom", "owner=team-a", "--custom", "ticket=SEC-1", "app/db");
    assertThat(r.exit()).as(r.toString()).isZero();
    io.strongroom.protocol.v1.KvMetadataPut m = node.only(OpCase.KV_METADATA_PUT).getKvMetadataPut();
    assertThat(m.getPath()).isEqualTo("app/db");
    assertThat(m.getMaxVersions()).isEqualTo(7);
    assertThat(m.hasCasRequired()).isTrue();
    assertThat(m.getCasRequired()).isFalse();
    assertThat(m.getDeleteVersionAfterMs()).isEqualTo(5_400_000);
    assertThat(m.getCustomMetadataMap()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "team-a", "ticket", "SEC-1"));
    assertThat(m.getReplaceCustomMetadata()).isFalse();
    assertThat(r.out()).contains("updated the metadata of app/db");
  }

  @Test
  void metadataPutLeavesUnsetSettingsAbsent() {
    node.answer(OpCase.KV_METADATA_PUT, done());
    assertThat(cli.run("kv", "metadata", "put", "--cas-required", "true", "app/db").exit()).isZero();
    io.strongroom.protocol.v1.KvMetadataPut m = node.only(OpCase.KV_METADATA_PUT).getKvMetadataPut();
    assertThat(m.hasMaxVersions()).isFalse();
    assertThat(m.hasDeleteVersionAfterMs()).isFalse();
    assertThat(m.getCasRequired()).isTrue();
  }

  @Test
  void metadataPutWithNothingToChangeIsAUsageError() {
    assertThat(cli.run("kv", "metadata", "put", "app/db").exit()).isEqualTo(2);
    assertThat(cli.run("kv", "metadata", "put", "--delete-version-after", "soon", "app/db").exit()).isEqualTo(2);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void metadataDelete() {
    node.answer(OpCase.KV_METADATA_DELETE, done());
    CliRunner.Result r = cli.run("kv", "metadata", "delete", "app/old");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(node.only(OpCase.KV_METADATA_DELETE).getKvMetadataDelete().getPath()).isEqualTo("app/old");
  }

  // ---- errors

  @ParameterizedTest
  @CsvSource({
    "SEALED,the node is sealed",
    "PERMISSION_DENIED,token may not write app/db",
    "CAS_MISMATCH,current version is 4 not 3",
    "AUDIT_FAILED,audit record not committed"
  })
  void nodeErrorsBecomeOneLineWithTheirCode(ErrorCode code, String message) {
    node.answer(OpCase.KV_PUT, ScriptedNode.error(code, message));
    CliRunner.Result r = cli.run("kv", "put", "--cas", "3", "app/db", "password=hunter2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: " + code.name() + ": " + message);
    assertThat(r.err()).doesNotContain("hunter2", TOKEN);
  }

  @Test
  void nothingListeningIsUnavailable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CliRunner.Result r = new CliRunner().env("STRONGROOM_TOKEN", TOKEN)
        .run("kv", "put", "--address", "127.0.0.1:" + port, "--timeout", "1s", "app/db", "password=hunter2");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("error: UNAVAILABLE: ").contains("127.0.0.1:" + port).doesNotContain("hunter2", TOKEN);
  }

  @Test
  void noAddressIsAClearLocalError() {
    CliRunner.Result r = new CliRunner().run("kv", "get", "app/db");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: INVALID_ARGUMENT: no node address: set STRONGROOM_ADDR");
  }

  @Test
  void addressOptionOverridesTheEnvironment() {
    node.answer(OpCase.KV_LIST, Response.newBuilder().setKvKeys(KvKeys.getDefaultInstance()).build());
    CliRunner.Result r = new CliRunner().env("STRONGROOM_ADDR", "127.0.0.1:1").run("kv", "list", "--address", node.address(), "app/");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void tokenFileOverridesTheEnvironment() throws IOException {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "sr.from-file\n");
    node.answer(OpCase.KV_LIST, Response.newBuilder().setKvKeys(KvKeys.getDefaultInstance()).build());
    assertThat(cli.run("kv", "list", "--token-file", tokenFile.toString()).exit()).isZero();
    assertThat(node.only(OpCase.KV_LIST).getToken()).isEqualTo("sr.from-file");
  }

  @Test
  void thereIsNoTokenFlag() {
    CliRunner.Result r = cli.run("kv", "list", "--token", "sr.typed");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(node.requests()).isEmpty();
  }
}
