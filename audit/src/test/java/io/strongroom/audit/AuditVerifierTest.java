package io.strongroom.audit;

import static io.strongroom.audit.TestLogs.field;
import static io.strongroom.audit.TestLogs.flipHex;
import static io.strongroom.audit.TestLogs.quoted;
import static io.strongroom.audit.TestLogs.replaced;
import static io.strongroom.audit.TestLogs.withField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offline verifier against tampered exports: every field of one entry changed in turn, entries
 * removed, reordered and duplicated, truncation and rewriting against a trusted checkpoint, forged
 * signatures, checkpoints with a wrong head or root. Each verdict must name the first broken entry
 * (or checkpoint) by sequence number and say what is wrong with it.
 */
class AuditVerifierTest {
  /** 40 entries, a checkpoint after every 10th: lines 0..9 entries 1..10, line 10 checkpoint 10, ... */
  static final TestLogs.Log LOG = TestLogs.log(40, 10);
  static final AuditVerifier VERIFIER = AuditVerifier.forKeys(TestLogs.KEY);
  static final int E17 = LOG.lineOfEntry(17);
  static final String LINE17 = LOG.lines().get(E17);
  static final String HASH16 = LOG.entries().get(15).hash().hex();
  static final String HASH17 = LOG.entries().get(16).hash().hex();

  static VerificationResult verify(List<String> lines) {
    return TestLogs.verify(VERIFIER, lines);
  }

  static VerificationResult.Invalid invalid(VerificationResult r) {
    assertThat(r).isInstanceOf(VerificationResult.Invalid.class);
    assertThat(r.exitCode()).isEqualTo(1);
    return (VerificationResult.Invalid) r;
  }

  static void assertInvalid(VerificationResult r, long seq, Violation violation, String reason) {
    VerificationResult.Invalid bad = invalid(r);
    assertThat(bad.seq()).as(bad.reason()).isEqualTo(seq);
    assertThat(bad.violation()).as(bad.reason()).isEqualTo(violation);
    if (reason != null) {
      assertThat(bad.reason()).isEqualTo(reason);
    }
  }

  @Test
  void untouchedExportIsValid() {
    VerificationResult r = verify(LOG.lines());
    assertThat(r).isEqualTo(new VerificationResult.Valid(40, 4, 1, 40, LOG.chain().head(), true));
    assertThat(r.exitCode()).isZero();
  }

  static Stream<Arguments> changedFields() {
    String hmac = quoted(TestLogs.HMAC.hmac("another/path"));
    String contents = "entry 17: hash does not match its contents (recorded " + HASH17 + ", computed ";
    return Stream.of(
        Arguments.of("seq", "18", 17L, Violation.MISSING_ENTRY, "entry 17 missing: seq jumps from 16 to 18"),
        Arguments.of("seq", "16", 16L, Violation.DUPLICATE_ENTRY, "entry 16 appears twice (again after entry 16)"),
        Arguments.of("raft_index", "16", 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("raft_index", "0", 17L, Violation.RAFT_INDEX_DECREASED,
            "entry 17: raft_index 0 is below raft_index 15 of entry 16"),
        Arguments.of("leader_time", String.valueOf(TestLogs.leaderTime(17) + 1), 17L, Violation.HASH_MISMATCH,
            contents),
        Arguments.of("request_id", quoted("00000000000000000000000000000017"), 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("node_id", quoted("n9"), 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("op", quoted("kv.get"), 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("outcome", quoted("NOT_FOUND"), 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("path_hmac", hmac, 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("path_hmac", "null", 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("accessor_hmac", hmac, 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("accessor_hmac", "null", 17L, Violation.HASH_MISMATCH, contents),
        Arguments.of("prev_hash", quoted(flipHex(HASH16)), 17L, Violation.PREV_HASH_MISMATCH,
            "entry 17: prev_hash does not link to entry 16 (prev_hash " + flipHex(HASH16) + ", hash of entry 16 "
                + HASH16 + ")"),
        Arguments.of("hash", quoted(flipHex(HASH17)), 17L, Violation.HASH_MISMATCH,
            "entry 17: hash does not match its contents (recorded " + flipHex(HASH17) + ", computed " + HASH17 + ")"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("changedFields")
  void eachFieldOfOneEntryChangedIsCaught(String name, String json, long seq, Violation violation, String reason) {
    assertThat(field(LINE17, name)).isNotEqualTo(json.replace("\"", ""));
    VerificationResult.Invalid bad = invalid(verify(replaced(LOG.lines(), E17, withField(LINE17, name, json))));
    assertThat(bad.seq()).as(bad.reason()).isEqualTo(seq);
    assertThat(bad.violation()).as(bad.reason()).isEqualTo(violation);
    if (violation == Violation.HASH_MISMATCH && !name.equals("hash")) {
      assertThat(bad.reason()).startsWith(reason).endsWith(")").doesNotContain("computed " + HASH17);
    } else {
      assertThat(bad.reason()).isEqualTo(reason);
    }
  }

  @Test
  void changedContentWithARecomputedHashBreaksTheNextLink() {
    AuditEntry e = LOG.entries().get(16);
    AuditRecord r = e.record();
    AuditEntry forged = new AuditEntry(17, e.raftIndex(), e.leaderTimeMillis(),
        new AuditRecord(r.requestId(), r.nodeId(), "kv.get", r.outcome(), r.pathHmac(), r.accessorHmac()),
        e.prevHash());
    VerificationResult r1 = verify(replaced(LOG.lines(), E17, TestLogs.entryLine(forged)));
    assertInvalid(r1, 18, Violation.PREV_HASH_MISMATCH, "entry 18: prev_hash does not link to entry 17 (prev_hash "
        + HASH17 + ", hash of entry 17 " + forged.hash().hex() + ")");
  }

  @Test
  void aRechainedTailIsCaughtByTheNextCheckpoint() {
    // Rewrite entry 17 and re-link 18.. so that every hash and link is consistent again; only the
    // signed checkpoint at 20 still remembers the original.
    List<String> lines = new ArrayList<>(LOG.lines());
    Hash prev = LOG.entries().get(15).hash();
    for (long seq = 17; seq <= 40; seq++) {
      AuditEntry e = LOG.entries().get((int) seq - 1);
      AuditRecord r = seq == 17 ? new AuditRecord("forged", "n1", "kv.get", "ok", null, null) : e.record();
      AuditEntry rewritten = new AuditEntry(seq, e.raftIndex(), e.leaderTimeMillis(), r, prev);
      lines.set(LOG.lineOfEntry(seq), TestLogs.entryLine(rewritten));
      prev = rewritten.hash();
    }
    VerificationResult.Invalid bad = invalid(verify(lines));
    assertThat(bad.seq()).isEqualTo(20);
    assertThat(bad.violation()).isEqualTo(Violation.CHECKPOINT_HEAD_MISMATCH);
    assertThat(bad.reason()).startsWith("checkpoint at 20: head_hash " + LOG.checkpointAt(20).headHash()
        + " is not the hash ").endsWith(" of entry 20");
  }

  @Test
  void removedReorderedAndDuplicatedEntries() {
    List<String> removed = new ArrayList<>(LOG.lines());
    removed.remove(E17);
    assertInvalid(verify(removed), 17, Violation.MISSING_ENTRY, "entry 17 missing: seq jumps from 16 to 18");

    List<String> twoRemoved = new ArrayList<>(LOG.lines());
    twoRemoved.remove(E17);
    twoRemoved.remove(E17);
    assertInvalid(verify(twoRemoved), 17, Violation.MISSING_ENTRY, "entries 17..18 missing: seq jumps from 16 to 19");

    List<String> swapped = new ArrayList<>(LOG.lines());
    swapped.set(E17, LOG.lines().get(E17 + 1));
    swapped.set(E17 + 1, LINE17);
    assertInvalid(verify(swapped), 17, Violation.MISSING_ENTRY, "entry 17 missing: seq jumps from 16 to 18");

    List<String> duplicated = new ArrayList<>(LOG.lines());
    duplicated.add(E17 + 1, LINE17);
    assertInvalid(verify(duplicated), 17, Violation.DUPLICATE_ENTRY, "entry 17 appears twice (again after entry 17)");

    List<String> movedToEnd = new ArrayList<>(LOG.lines());
    movedToEnd.add(LOG.lines().get(LOG.lineOfEntry(3)));
    assertInvalid(verify(movedToEnd), 3, Violation.DUPLICATE_ENTRY, "entry 3 appears twice (again after entry 40)");

    List<String> fromEleven = new ArrayList<>(LOG.lines().subList(LOG.lineOfEntry(11), LOG.lines().size()));
    fromEleven.add(2, LOG.lines().get(LOG.lineOfEntry(3)));
    assertInvalid(verify(fromEleven), 3, Violation.OUT_OF_ORDER,
        "entry 3 is out of order: it comes after entry 12 in an export that starts at entry 11");
  }

  @Test
  void firstEntryMustStartFromZero() {
    String line1 = LOG.lines().get(0);
    String forged = withField(line1, "prev_hash", quoted("01" + "00".repeat(31)));
    assertInvalid(verify(replaced(LOG.lines(), 0, forged)), 1, Violation.PREV_HASH_MISMATCH,
        "entry 1: prev_hash must be all zeros, was 01" + "00".repeat(31));
  }

  @Test
  void truncationAfterATrustedCheckpointIsCaught() {
    Checkpoint trusted = LOG.checkpointAt(30);
    AuditVerifier v = VERIFIER.withTrustedCheckpoint(trusted);
    assertThat(TestLogs.verify(v, LOG.lines())).isInstanceOf(VerificationResult.Valid.class);

    List<String> cutMidway = LOG.lines().subList(0, LOG.lineOfEntry(25) + 1);
    assertInvalid(TestLogs.verify(v, cutMidway), 26, Violation.TRUNCATED, "log truncated: the export ends at entry 25, "
        + "the trusted checkpoint covers entries up to 30 (entries 26..30 missing)");
    // Cut right after a checkpoint, the export looks whole on its own...
    List<String> cutAtCheckpoint = LOG.lines().subList(0, LOG.lineOfCheckpoint(20) + 1);
    assertThat(verify(cutAtCheckpoint)).isInstanceOf(VerificationResult.Valid.class);
    // ...but not against the checkpoint the auditor kept.
    assertInvalid(TestLogs.verify(v, cutAtCheckpoint), 21, Violation.TRUNCATED, null);
    assertInvalid(TestLogs.verify(v, List.of()), 30, Violation.TRUNCATED,
        "log truncated: the export has no entries, the trusted checkpoint covers entries up to 30");
  }

  @Test
  void aRewrittenAndResignedLogIsCaughtByTheTrustedCheckpoint() {
    // Whoever holds the signing key rewrites entry 5 and re-signs everything: internally consistent.
    TestLogs.Log rewritten = TestLogs.log(40, 10,
        i -> i == 5 ? new AuditRecord("forged", "n1", "kv.get", "ok", null, null) : TestLogs.record(i),
        TestLogs.SIGNER);
    assertThat(verify(rewritten.lines())).isInstanceOf(VerificationResult.Valid.class);
    VerificationResult.Invalid bad = invalid(TestLogs.verify(VERIFIER.withTrustedCheckpoint(LOG.checkpointAt(30)),
        rewritten.lines()));
    assertThat(bad.seq()).isEqualTo(30);
    assertThat(bad.violation()).isEqualTo(Violation.REWRITTEN);
    assertThat(bad.reason()).isEqualTo("entry 30: hash " + rewritten.entries().get(29).hash() + " is not the head_hash "
        + LOG.checkpointAt(30).headHash() + " of the trusted checkpoint: the log was rewritten");
  }

  @Test
  void forgedCheckpointSignaturesAreCaught() {
    int c20 = LOG.lineOfCheckpoint(20);
    String cp = LOG.lines().get(c20);
    byte[] sig = LOG.checkpointAt(20).signature().toByteArray();
    sig[10] ^= 1;
    String flipped = withField(cp, "signature", quoted(Ed25519Signature.of(sig).base64()));
    assertInvalid(verify(replaced(LOG.lines(), c20, flipped)), 20, Violation.CHECKPOINT_SIGNATURE_INVALID,
        "checkpoint at 20: signature invalid under key " + TestLogs.KEY.keyId());

    Checkpoint byOther =
        TestLogs.OTHER_SIGNER.sign(20, LOG.checkpointAt(20).headHash(), LOG.checkpointAt(20).treeRoot());
    List<String> otherKey = replaced(LOG.lines(), c20, AuditJson.toJson(byOther));
    assertInvalid(verify(otherKey), 20, Violation.CHECKPOINT_UNKNOWN_KEY, "checkpoint at 20: signed by key "
        + byOther.keyId() + ", which is none of the given keys (" + TestLogs.KEY.keyId() + ")");
    assertThat(TestLogs.verify(AuditVerifier.forKeys(TestLogs.KEY, TestLogs.OTHER_SIGNER.publicKey()), otherKey))
        .isInstanceOf(VerificationResult.Valid.class);

    String otherSignatureOurId = withField(AuditJson.toJson(byOther), "key_id", quoted(TestLogs.KEY.keyId()));
    assertInvalid(verify(replaced(LOG.lines(), c20, otherSignatureOurId)), 20, Violation.CHECKPOINT_SIGNATURE_INVALID,
        null);
  }

  @Test
  void checkpointsWithAWrongHeadOrRootAreCaughtEvenWhenProperlySigned() {
    int c20 = LOG.lineOfCheckpoint(20);
    Checkpoint good = LOG.checkpointAt(20);
    Hash wrong = Hash.fromHex(flipHex(good.treeRoot().hex()));
    Checkpoint wrongRoot = TestLogs.SIGNER.sign(20, good.headHash(), wrong);
    assertInvalid(verify(replaced(LOG.lines(), c20, AuditJson.toJson(wrongRoot))), 20,
        Violation.CHECKPOINT_ROOT_MISMATCH,
        "checkpoint at 20: tree_root " + wrong + " is not the root " + good.treeRoot() + " of entries 1..20");

    Checkpoint wrongHead = TestLogs.SIGNER.sign(20, LOG.entries().get(18).hash(), good.treeRoot());
    assertInvalid(verify(replaced(LOG.lines(), c20, AuditJson.toJson(wrongHead))), 20,
        Violation.CHECKPOINT_HEAD_MISMATCH, "checkpoint at 20: head_hash " + LOG.entries().get(18).hash()
            + " is not the hash " + good.headHash() + " of entry 20");

    // Root changed without re-signing: the root check names it before the signature does.
    String edited = withField(LOG.lines().get(c20), "tree_root", quoted(wrong.hex()));
    assertInvalid(verify(replaced(LOG.lines(), c20, edited)), 20, Violation.CHECKPOINT_ROOT_MISMATCH, null);
  }

  @Test
  void misplacedCheckpoints() {
    List<String> early = new ArrayList<>(LOG.lines());
    String cp20 = early.remove(LOG.lineOfCheckpoint(20));
    early.add(LOG.lineOfEntry(20), cp20);
    assertInvalid(verify(early), 20, Violation.CHECKPOINT_MISPLACED,
        "checkpoint at 20 does not follow entry 20 (it follows entry 19)");
    List<String> first = new ArrayList<>(LOG.lines());
    first.add(0, cp20);
    assertInvalid(verify(first), 20, Violation.CHECKPOINT_MISPLACED,
        "checkpoint at 20 does not follow entry 20 (it comes before any entry)");
    // A dropped checkpoint line is not an error: the chain alone still verifies.
    List<String> dropped = new ArrayList<>(LOG.lines());
    dropped.remove(LOG.lineOfCheckpoint(20));
    assertThat(verify(dropped)).isEqualTo(new VerificationResult.Valid(40, 3, 1, 40, LOG.chain().head(), true));
  }

  @Test
  void exportFromALaterEntryChecksHeadsAndSignaturesButNotRoots() {
    List<String> fromEleven = LOG.lines().subList(LOG.lineOfEntry(11), LOG.lines().size());
    assertThat(verify(fromEleven)).isEqualTo(new VerificationResult.Valid(30, 3, 11, 40, LOG.chain().head(), false));

    int c20 = fromEleven.indexOf(LOG.lines().get(LOG.lineOfCheckpoint(20)));
    byte[] sig = LOG.checkpointAt(20).signature().toByteArray();
    sig[0] ^= 1;
    String forged = withField(fromEleven.get(c20), "signature", quoted(Ed25519Signature.of(sig).base64()));
    assertInvalid(verify(replaced(fromEleven, c20, forged)), 20, Violation.CHECKPOINT_SIGNATURE_INVALID, null);

    // Documented limit: without entries 1..10 a (signed) wrong root cannot be recomputed.
    Checkpoint wrongRoot = TestLogs.SIGNER.sign(20, LOG.checkpointAt(20).headHash(), Hash.ZERO);
    assertThat(verify(replaced(fromEleven, c20, AuditJson.toJson(wrongRoot))))
        .isInstanceOf(VerificationResult.Valid.class);

    assertThat(TestLogs.verify(VERIFIER.withTrustedCheckpoint(LOG.checkpointAt(30)), fromEleven))
        .isInstanceOf(VerificationResult.Valid.class);
    assertThatThrownBy(() -> TestLogs.verify(VERIFIER.withTrustedCheckpoint(LOG.checkpointAt(10)), fromEleven))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("line 1: the export starts at entry 11, after the trusted checkpoint at 10: export from entry 10 "
            + "or earlier to check against it");
  }

  @Test
  void trustedCheckpointMustVerify() {
    Checkpoint good = LOG.checkpointAt(30);
    byte[] sig = good.signature().toByteArray();
    sig[5] ^= 4;
    Checkpoint forged = new Checkpoint(30, good.headHash(), good.treeRoot(), good.keyId(), Ed25519Signature.of(sig));
    assertThatThrownBy(() -> VERIFIER.withTrustedCheckpoint(forged))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("the trusted checkpoint at 30 has a signature that does not verify under key "
            + TestLogs.KEY.keyId());
    Checkpoint other = TestLogs.OTHER_SIGNER.sign(30, good.headHash(), good.treeRoot());
    assertThatThrownBy(() -> VERIFIER.withTrustedCheckpoint(other))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("the trusted checkpoint at 30 is signed by key " + other.keyId() + ", which is none of the given "
            + "keys (" + TestLogs.KEY.keyId() + ")");
    // The trusted checkpoint can come from its JSON form.
    assertThat(VERIFIER.withTrustedCheckpoint(AuditJson.parseCheckpoint(AuditJson.toJson(good)))).isNotNull();
  }

  @Test
  void progressIsReportedWhileVerifying() {
    List<Long> seen = new ArrayList<>();
    VerificationResult r = TestLogs.verify(VERIFIER.withProgress(10, seen::add), LOG.lines());
    assertThat(r).isInstanceOf(VerificationResult.Valid.class);
    assertThat(seen).containsExactly(10L, 20L, 30L, 40L);
    assertThatThrownBy(() -> VERIFIER.withProgress(0, seen::add)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyExportAndTheInputStreamContract() throws Exception {
    assertThat(TestLogs.verify(VERIFIER, List.of()))
        .isEqualTo(new VerificationResult.Valid(0, 0, 0, 0, Hash.ZERO, false));
    // Verification reads to the end and leaves the stream open for the caller.
    ByteArrayInputStream in = new ByteArrayInputStream(TestLogs.export(LOG.lines()));
    assertThat(VERIFIER.verify(in)).isInstanceOf(VerificationResult.Valid.class);
    assertThat(in.available()).isZero();
    assertThatThrownBy(AuditVerifier::forKeys).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstProblemWins() {
    // Entry 12 and entry 33 are both broken: the verdict names 12.
    List<String> lines = new ArrayList<>(LOG.lines());
    int e12 = LOG.lineOfEntry(12);
    int e33 = LOG.lineOfEntry(33);
    lines.set(e33, withField(lines.get(e33), "op", quoted("kv.put")));
    lines.set(e12, withField(lines.get(e12), "node_id", quoted("n7")));
    assertInvalid(verify(lines), 12, Violation.HASH_MISMATCH, null);
  }
}
