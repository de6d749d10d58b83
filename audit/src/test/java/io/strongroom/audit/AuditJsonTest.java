package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON forms: a golden export line, round trips, and strict reading of bad input (exit 2). */
class AuditJsonTest {
  static final String GOLDEN_LINE = "{\"type\":\"entry\",\"version\":1,\"seq\":42,\"raft_index\":1234,"
      + "\"leader_time\":1764331200000,\"request_id\":\"0123456789abcdef0123456789abcdef\",\"node_id\":\"n1\","
      + "\"op\":\"kv.put\",\"outcome\":\"ok\",\"path_hmac\":\"hmac-sha256:" + "11".repeat(32) + "\","
      + "\"accessor_hmac\":null,\"prev_hash\":\"" + "ab".repeat(32) + "\",\"hash\":\""
      + AuditEntryFormatTest.GOLDEN_HASH + "\"}";

  static final TestLogs.Log LOG = TestLogs.log(25, 10);

  @Test
  void goldenEntryLine() {
    assertThat(TestLogs.entryLine(AuditEntryFormatTest.GOLDEN)).isEqualTo(GOLDEN_LINE);
  }

  @Test
  void goldenCheckpointObject() {
    Checkpoint cp = TestLogs.SIGNER.sign(AuditChainTest.goldenChain(new ArrayList<>()));
    String json = "{\"type\":\"checkpoint\",\"version\":1,\"seq\":3,\"head_hash\":\"" + AuditChainTest.H3
        + "\",\"tree_root\":\"" + AuditChainTest.ROOT3 + "\",\"key_id\":\"" + CheckpointTest.TEST1_KEY_ID
        + "\",\"signature\":\"" + CheckpointTest.SIGNATURE3 + "\"}";
    assertThat(AuditJson.toJson(cp)).isEqualTo(json);
    assertThat(AuditJson.parseCheckpoint(json)).isEqualTo(cp);
    assertThat(AuditJson.parseCheckpoint("\n  " + json + "\n")).isEqualTo(cp);
  }

  @Test
  void exportRoundTrip() throws IOException {
    List<ExportItem> items = new ArrayList<>();
    try (AuditJson.Reader reader = AuditJson.reader(new ByteArrayInputStream(TestLogs.export(LOG.lines())))) {
      for (ExportItem item = reader.next(); item != null; item = reader.next()) {
        items.add(item);
      }
    }
    assertThat(items).hasSize(27);
    List<AuditEntry> entries = new ArrayList<>();
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (ExportItem item : items) {
      if (item instanceof ExportItem.EntryLine e) {
        assertThat(e.recordedHash()).isEqualTo(e.entry().hash());
        entries.add(e.entry());
      } else if (item instanceof ExportItem.CheckpointLine c) {
        checkpoints.add(c.checkpoint());
      }
    }
    assertThat(entries).isEqualTo(LOG.entries());
    assertThat(checkpoints).isEqualTo(LOG.checkpoints());
    assertThat(items.get(10)).isInstanceOf(ExportItem.CheckpointLine.class);
    assertThat(items.get(10).line()).isEqualTo(11);
  }

  @Test
  void readersAcceptAnyFieldOrderAndWhiteSpace() {
    String reordered = "{ \"hash\" : \"" + AuditEntryFormatTest.GOLDEN_HASH + "\",\n \"prev_hash\":\"" + "ab".repeat(32)
        + "\", \"accessor_hmac\":null, \"path_hmac\":\"hmac-sha256:" + "11".repeat(32) + "\", \"outcome\":\"ok\","
        + " \"op\":\"kv.put\", \"node_id\":\"n1\", \"request_id\":\"0123456789abcdef0123456789abcdef\","
        + " \"leader_time\":1764331200000, \"raft_index\":1234, \"seq\":42, \"version\":1, \"type\":\"entry\" }";
    VerificationResult r = TestLogs.verify(AuditVerifier.forKeys(TestLogs.KEY), List.of(reordered));
    assertThat(r).isInstanceOf(VerificationResult.Valid.class);
  }

  @Test
  void proofsRoundTrip() {
    TestLogs.Log log = TestLogs.log(20, 0);
    Checkpoint cp = TestLogs.SIGNER.sign(20, log.chain().head(), log.chain().root());
    InclusionProof inclusion = InclusionProof.of(log.entries().get(6), cp, log.hashes());
    assertThat(AuditJson.parseInclusionProof(AuditJson.toJson(inclusion))).isEqualTo(inclusion);
    InclusionProof bare = new InclusionProof(7, 20, inclusion.leafHash(), inclusion.path(), cp, null);
    assertThat(AuditJson.toJson(bare)).doesNotContain("\"entry\"");
    assertThat(AuditJson.parseInclusionProof(AuditJson.toJson(bare))).isEqualTo(bare);

    Checkpoint first =
        TestLogs.SIGNER.sign(6, log.entries().get(5).hash(), MerkleTree.root(log.hashes().subList(0, 6)));
    ConsistencyProof consistency = ConsistencyProof.of(first, cp, log.hashes());
    assertThat(AuditJson.parseConsistencyProof(AuditJson.toJson(consistency))).isEqualTo(consistency);
  }

  static String line() {
    return GOLDEN_LINE;
  }

  static Stream<Arguments> badExports() {
    String ok = GOLDEN_LINE;
    String cp = LOG.lines().get(10);
    return Stream.of(
        bad("not JSON", "hello", 1, "line 1: not valid JSON: Unrecognized token 'hello': was expecting "
            + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
        bad("truncated object", ok.substring(0, 60), 1, null),
        bad("array", "[1,2]", 1, "line 1: expected a JSON object, found an array"),
        bad("number", ok + "\n7", 2, "line 2: expected a JSON object, found an integer"),
        bad("no type", "{\"seq\":1}", 1, "line 1: object: object has no 'type' field"),
        bad("unknown type", "{\"type\":\"entri\"}", 1, "line 1: object: unknown type 'entri'"),
        bad("proof in export", AuditJson.toJson(new ConsistencyProof(LOG.checkpoints().get(0), LOG.checkpoints().get(0),
            List.of())), 1, "line 1: an export holds entries and checkpoints, not consistency objects"),
        bad("unknown field", ok.replace("\"op\":", "\"opp\":"), 1, "line 1: entry 42: unknown field 'opp'"),
        bad("duplicate field", ok.replace("\"outcome\":\"ok\"", "\"outcome\":\"ok\",\"outcome\":\"ok\""), 1,
            "line 1: entry 42: field 'outcome' appears twice"),
        bad("missing field", ok.replace(",\"accessor_hmac\":null", ""), 1,
            "line 1: entry 42: missing field 'accessor_hmac'"),
        bad("field of another type", ok.replace("\"hash\":", "\"tree_root\":\"" + "00".repeat(32) + "\",\"hash\":"), 1,
            "line 1: entry 42: field 'tree_root' is not part of an entry"),
        bad("version 2", ok.replace("\"version\":1", "\"version\":2"), 1,
            "line 1: entry 42: unsupported entry version 2, this build reads 1"),
        bad("seq as string", ok.replace("\"seq\":42", "\"seq\":\"42\""), 1,
            "line 1: entry: seq must be a non-negative integer, found a string"),
        bad("seq decimal", ok.replace("\"seq\":42", "\"seq\":42.0"), 1,
            "line 1: entry: seq must be a non-negative integer, found a decimal number"),
        bad("seq negative", ok.replace("\"seq\":42", "\"seq\":-1"), 1, "line 1: entry: seq must be >= 0, was -1"),
        bad("seq zero", ok.replace("\"seq\":42", "\"seq\":0"), 1, "line 1: entry 0: seq must be >= 1, was 0"),
        bad("seq too large", ok.replace("\"seq\":42", "\"seq\":9223372036854775808"), 1,
            "line 1: entry: seq is out of range: 9223372036854775808"),
        bad("raft index null", ok.replace("\"raft_index\":1234", "\"raft_index\":null"), 1,
            "line 1: entry 42: raft_index must be a non-negative integer, found null"),
        bad("request id null",
            ok.replace("\"request_id\":\"0123456789abcdef0123456789abcdef\"", "\"request_id\":null"), 1,
            "line 1: entry 42: request_id must be a string, found null"),
        bad("request id with a space", ok.replace("0123456789abcdef0123456789abcdef", "0123 5"), 1,
            "line 1: entry 42: request_id must be 1..128 characters of [A-Za-z0-9._:-], has ' ' at position 5 in "
                + "'0123 5'"),
        bad("upper-case hash", ok.replace(AuditEntryFormatTest.GOLDEN_HASH, AuditEntryFormatTest.GOLDEN_HASH
            .toUpperCase(java.util.Locale.ROOT)), 1, "line 1: entry 42: hash must be 64 lower-case hex characters, "
            + "was 'E2FB611EC8289B501B4F243A2C3C2848B45148BBB2C2ACBCCE7121AB1502A5CC'"),
        bad("short prev hash", ok.replace("ab".repeat(32), "ab".repeat(31)), 1,
            "line 1: entry 42: prev_hash must be 64 lower-case hex characters, was '" + "ab".repeat(31) + "'"),
        bad("hmac without prefix", ok.replace("hmac-sha256:", "hmac-sha512:"), 1,
            "line 1: entry 42: path_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, "
                + "was 'hmac-sha512:" + "11".repeat(26) + "...(76 characters)'"),
        bad("empty hmac", ok.replace("\"accessor_hmac\":null", "\"accessor_hmac\":\"\""), 1,
            "line 1: entry 42: accessor_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, "
                + "was ''"),
        bad("second line broken", ok + "\n" + ok.replace("\"seq\":42", "\"seq\":43").replace("\"op\":\"kv.put\",", ""),
            2, "line 2: entry 43: missing field 'op'"),
        bad("bad signature base64", TestLogs.withField(cp, "signature", "\"AAAA\""), 1,
            "line 1: checkpoint at 10: signature must be the base64 of 64 bytes (88 characters), was 'AAAA'"),
        bad("bad key id", TestLogs.withField(cp, "key_id", "\"xyz\""), 1,
            "line 1: checkpoint at 10: key_id must be 16 lower-case hex characters, was 'xyz'"),
        bad("checkpoint without root", cp.replaceAll(",\"tree_root\":\"[0-9a-f]+\"", ""), 1,
            "line 1: checkpoint at 10: missing field 'tree_root'"));
  }

  private static Arguments bad(String name, String text, long line, String message) {
    return Arguments.of(name, text, line, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badExports")
  void unusableInput(String name, String text, long line, String message) {
    AuditVerifier verifier = AuditVerifier.forKeys(TestLogs.KEY);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    var thrown = assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(bytes)))
        .isInstanceOf(AuditFormatException.class)
        .satisfies(e -> assertThat(((AuditFormatException) e).line()).isEqualTo(line));
    if (message != null) {
      thrown.hasMessage(message);
    }
    // The plain reader rejects the same input the same way.
    assertThatThrownBy(() -> {
      try (AuditJson.Reader reader = AuditJson.reader(new ByteArrayInputStream(bytes))) {
        while (reader.next() != null) {
          // read everything
        }
      }
    }).isInstanceOf(AuditFormatException.class);
  }

  @Test
  void singleObjectFormsRejectExtrasAndOtherTypes() {
    String cp = LOG.lines().get(10);
    assertThatThrownBy(() -> AuditJson.parseCheckpoint(cp + " {}"))
        .isInstanceOf(AuditFormatException.class).hasMessage("line 1: the JSON object is followed by an object");
    assertThatThrownBy(() -> AuditJson.parseCheckpoint(""))
        .isInstanceOf(AuditFormatException.class).hasMessage("expected a JSON object, the input is empty");
    assertThatThrownBy(() -> AuditJson.parseCheckpoint(GOLDEN_LINE))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("line 1: expected an object of type 'checkpoint', found 'entry'");
    assertThatThrownBy(() -> AuditJson.parseInclusionProof("{\"type\":\"inclusion\",\"version\":1}"))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("line 1: inclusion proof: missing field 'seq'");
  }
}
