package io.strongroom.audit;

import static io.strongroom.audit.TestLogs.flipHex;
import static io.strongroom.audit.TestLogs.quoted;
import static io.strongroom.audit.TestLogs.withField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Inclusion and consistency proofs as an auditor receives them (JSON), checked against signed
 * checkpoints: honest proofs are proven, and each kind of tampering gets its violation.
 */
class ProofVerificationTest {
  static final TestLogs.Log LOG = TestLogs.log(40, 10);
  static final AuditVerifier VERIFIER = AuditVerifier.forKeys(TestLogs.KEY);

  static ProofResult.Invalid invalid(ProofResult r, Violation violation) {
    assertThat(r).isInstanceOf(ProofResult.Invalid.class);
    assertThat(r.exitCode()).isEqualTo(1);
    ProofResult.Invalid bad = (ProofResult.Invalid) r;
    assertThat(bad.violation()).as(bad.reason()).isEqualTo(violation);
    return bad;
  }

  static String inclusionJson(long seq, long checkpointSeq) {
    Checkpoint cp = LOG.checkpointAt(checkpointSeq);
    return AuditJson.toJson(InclusionProof.of(LOG.entries().get((int) seq - 1), cp, LOG.hashes()));
  }

  @Test
  void everyEntryIsProvenInEveryLaterCheckpoint() {
    for (Checkpoint cp : LOG.checkpoints()) {
      for (long seq = 1; seq <= cp.seq(); seq++) {
        ProofResult r = VERIFIER.verifyInclusion(inclusionJson(seq, cp.seq()));
        assertThat(r).isEqualTo(new ProofResult.InclusionProven(seq, LOG.entries().get((int) seq - 1).hash(), cp));
        assertThat(r.exitCode()).isZero();
      }
    }
  }

  @Test
  void tamperedInclusionProofs() {
    String json = inclusionJson(17, 30);
    InclusionProof proof = AuditJson.parseInclusionProof(json);

    List<Hash> path = new ArrayList<>(proof.path());
    path.set(2, Hash.fromHex(flipHex(path.get(2).hex())));
    InclusionProof badPath = new InclusionProof(17, 30, proof.leafHash(), path, proof.checkpoint(), proof.entry());
    assertThat(invalid(VERIFIER.verifyInclusion(AuditJson.toJson(badPath)), Violation.PROOF_MISMATCH).reason())
        .startsWith("inclusion proof of entry 17 in the checkpoint at 30: the proof leads to root ");

    InclusionProof shortPath = new InclusionProof(17, 30, proof.leafHash(), proof.path().subList(0, 4),
        proof.checkpoint(), proof.entry());
    assertThat(invalid(VERIFIER.verifyInclusion(shortPath), Violation.PROOF_MISMATCH).reason())
        .isEqualTo("inclusion proof of entry 17 in the checkpoint at 30: the proof has 4 hashes, leaf 16 of a tree "
            + "of size 30 needs 5");

    InclusionProof otherLeaf = new InclusionProof(18, 30, proof.leafHash(), proof.path(), proof.checkpoint(), null);
    invalid(VERIFIER.verifyInclusion(otherLeaf), Violation.PROOF_MISMATCH);

    String wrongSize = withField(json, "tree_size", "29");
    assertThat(invalid(VERIFIER.verifyInclusion(wrongSize), Violation.PROOF_INCONSISTENT).reason())
        .isEqualTo("inclusion proof: tree_size 29 is not the checkpoint's size 30");

    InclusionProof beyond = new InclusionProof(31, 30, proof.leafHash(), proof.path(), proof.checkpoint(), null);
    assertThat(invalid(VERIFIER.verifyInclusion(beyond), Violation.PROOF_INCONSISTENT).reason())
        .isEqualTo("inclusion proof: entry 31 is not in a log of 30 entries");

    // The entry carried changes, its recorded hash kept: the leaf no longer matches the contents.
    String changedEntry = json.replace("\"node_id\":\"" + proof.entry().record().nodeId() + "\"", "\"node_id\":\"n9\"");
    assertThat(changedEntry).isNotEqualTo(json);
    assertThat(invalid(VERIFIER.verifyInclusion(changedEntry), Violation.PROOF_INCONSISTENT).reason())
        .startsWith("inclusion proof: entry 17 hashes to ");

    Checkpoint cp = proof.checkpoint();
    byte[] sig = cp.signature().toByteArray();
    sig[1] ^= 1;
    InclusionProof forged = new InclusionProof(17, 30, proof.leafHash(), proof.path(),
        new Checkpoint(30, cp.headHash(), cp.treeRoot(), cp.keyId(), Ed25519Signature.of(sig)), null);
    assertThat(invalid(VERIFIER.verifyInclusion(forged), Violation.CHECKPOINT_SIGNATURE_INVALID).reason())
        .isEqualTo("checkpoint at 30: signature invalid under key " + TestLogs.KEY.keyId());
    assertThat(invalid(AuditVerifier.forKeys(TestLogs.OTHER_SIGNER.publicKey()).verifyInclusion(json),
        Violation.CHECKPOINT_UNKNOWN_KEY).reason()).startsWith("checkpoint at 30: signed by key " + cp.keyId());

    // The head entry of a checkpoint must hash to its head_hash.
    Checkpoint lyingHead = TestLogs.SIGNER.sign(30, Hash.ZERO, cp.treeRoot());
    InclusionProof head = AuditJson.parseInclusionProof(inclusionJson(30, 30));
    InclusionProof headMismatch = new InclusionProof(30, 30, head.leafHash(), head.path(), lyingHead, head.entry());
    invalid(VERIFIER.verifyInclusion(headMismatch), Violation.PROOF_MISMATCH);

    assertThatThrownBy(() -> VERIFIER.verifyInclusion(withField(json, "leaf_hash", quoted("xyz"))))
        .isInstanceOf(AuditFormatException.class)
        .hasMessage("line 1: inclusion proof: leaf_hash must be 64 lower-case hex characters, was 'xyz'");
    assertThatThrownBy(() -> VERIFIER.verifyInclusion(json.replace("\"leaf_hash\":\"", "\"leaf_hash\":\"0")
        .replace("\"path\":", "\"pathx\":")))
        .isInstanceOf(AuditFormatException.class);
  }

  @Test
  void consistencyBetweenEveryPairOfCheckpoints() {
    for (Checkpoint first : LOG.checkpoints()) {
      for (Checkpoint second : LOG.checkpoints()) {
        if (first.seq() <= second.seq()) {
          String json = AuditJson.toJson(ConsistencyProof.of(first, second, LOG.hashes()));
          assertThat(VERIFIER.verifyConsistency(json)).isEqualTo(new ProofResult.ConsistencyProven(first, second));
        }
      }
    }
  }

  @Test
  void tamperedConsistencyProofs() {
    Checkpoint c10 = LOG.checkpointAt(10);
    Checkpoint c30 = LOG.checkpointAt(30);
    ConsistencyProof proof = ConsistencyProof.of(c10, c30, LOG.hashes());

    List<Hash> path = new ArrayList<>(proof.path());
    path.set(0, Hash.fromHex(flipHex(path.get(0).hex())));
    assertThat(invalid(VERIFIER.verifyConsistency(new ConsistencyProof(c10, c30, path)), Violation.PROOF_MISMATCH)
        .reason()).startsWith("consistency proof from the checkpoint at 10 to the one at 30: the proof leads to ");

    List<Hash> longer = new ArrayList<>(proof.path());
    longer.add(Hash.ZERO);
    assertThat(invalid(VERIFIER.verifyConsistency(new ConsistencyProof(c10, c30, longer)), Violation.PROOF_MISMATCH)
        .reason()).endsWith("the proof has " + longer.size() + " hashes, from size 10 to 30 it needs " + path.size());

    assertThat(invalid(VERIFIER.verifyConsistency(new ConsistencyProof(c30, c10, proof.path())),
        Violation.PROOF_INCONSISTENT).reason())
        .isEqualTo("consistency proof: the first checkpoint (at 30) is later than the second (at 10)");

    // A fork: a log rewritten at entry 5 and re-signed is not consistent with the original.
    TestLogs.Log fork = TestLogs.log(40, 10,
        i -> i == 5 ? new AuditRecord("forged", "n1", "kv.get", "ok", null, null) : TestLogs.record(i),
        TestLogs.SIGNER);
    ConsistencyProof forked = ConsistencyProof.of(c10, fork.checkpointAt(30), fork.hashes());
    invalid(VERIFIER.verifyConsistency(forked), Violation.PROOF_MISMATCH);

    Checkpoint sameSizeOtherHead = TestLogs.SIGNER.sign(30, Hash.ZERO, c30.treeRoot());
    assertThat(invalid(VERIFIER.verifyConsistency(new ConsistencyProof(c30, sameSizeOtherHead, List.of())),
        Violation.PROOF_MISMATCH).reason()).startsWith("consistency proof: two checkpoints at 30 with different head");

    byte[] sig = c30.signature().toByteArray();
    sig[2] ^= 1;
    Checkpoint forged = new Checkpoint(30, c30.headHash(), c30.treeRoot(), c30.keyId(), Ed25519Signature.of(sig));
    invalid(VERIFIER.verifyConsistency(new ConsistencyProof(c10, forged, proof.path())),
        Violation.CHECKPOINT_SIGNATURE_INVALID);
  }
}
