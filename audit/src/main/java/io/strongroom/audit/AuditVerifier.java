package io.strongroom.audit;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The offline audit verifier: needs only an exported log (or a proof) and the cluster's audit
 * public key(s); no node, no network, no server code.
 *
 * <p>{@link #verify(InputStream)} streams a JSON-lines export ({@link AuditJson}) once, in constant
 * memory, and checks, in order, for each entry: its sequence number continues the previous one
 * (an export may start after entry 1, say from {@code --from SEQ}: its first {@code prev_hash} is
 * then taken as given), its {@code raft_index} does not go back, its {@code prev_hash} is the
 * previous entry's hash (all zeros for entry 1), and its recorded {@code hash} is the hash of its
 * contents; and for each checkpoint: it follows the entry with its sequence number, its
 * {@code head_hash} is that entry's hash, its {@code tree_root} is the RFC 6962 root of entries
 * {@code 1..seq} (kept incrementally, so only when the export starts at entry 1), and its signature
 * verifies under the key its {@code key_id} names. Against a trusted checkpoint (one the auditor
 * kept from earlier) it also detects a log truncated before it or rewritten up to it.
 *
 * <p>The verdict is the first problem found ({@link VerificationResult.Invalid}), naming the entry
 * by sequence number and the field at fault, or {@link VerificationResult.Valid}. Entries after the
 * last checkpoint are protected by the hash chain only: whoever can rewrite the export can cut its
 * tail after the last checkpoint, which is what a trusted checkpoint from a later time catches.
 *
 * <p>Immutable and thread-safe: each call verifies with its own state.
 */
public final class AuditVerifier {
  /** How often the progress listener hears by default: every this many entries. */
  public static final long DEFAULT_PROGRESS_INTERVAL = 100_000;

  private final Map<String, AuditPublicKey> keys;
  private final Checkpoint trusted;
  private final LongConsumer progress;
  private final long progressInterval;

  private AuditVerifier(Map<String, AuditPublicKey> keys, Checkpoint trusted, LongConsumer progress,
      long progressInterval) {
    this.keys = keys;
    this.trusted = trusted;
    this.progress = progress;
    this.progressInterval = progressInterval;
  }

  /** A verifier that accepts checkpoints signed by any of {@code keys} (at least one). */
  public static AuditVerifier forKeys(AuditPublicKey... keys) {
    return forKeys(Arrays.asList(keys));
  }

  /** A verifier that accepts checkpoints signed by any of {@code keys} (at least one). */
  public static AuditVerifier forKeys(Collection<AuditPublicKey> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("need at least one audit public key");
    }
    Map<String, AuditPublicKey> byId = new LinkedHashMap<>();
    for (AuditPublicKey key : keys) {
      byId.put(Objects.requireNonNull(key, "key").keyId(), key);
    }
    return new AuditVerifier(Map.copyOf(byId), null, null, DEFAULT_PROGRESS_INTERVAL);
  }

  /**
   * This verifier, also checking the export against {@code checkpoint}: the export must reach its
   * sequence number, with the same head hash there (and, when it starts at entry 1, the same tree
   * root), and must start no later than it.
   *
   * @throws AuditFormatException if {@code checkpoint} is not signed by one of the keys: a trusted
   *     checkpoint that does not verify is unusable input, not evidence about the log
   */
  public AuditVerifier withTrustedCheckpoint(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    AuditPublicKey key = keys.get(checkpoint.keyId());
    if (key == null) {
      throw new AuditFormatException("the trusted checkpoint at " + checkpoint.seq() + " is signed by key "
          + checkpoint.keyId() + ", which is none of the given keys (" + String.join(", ", keys.keySet()) + ")");
    }
    if (!key.verifies(checkpoint)) {
      throw new AuditFormatException("the trusted checkpoint at " + checkpoint.seq()
          + " has a signature that does not verify under key " + checkpoint.keyId());
    }
    return new AuditVerifier(keys, checkpoint, progress, progressInterval);
  }

  /**
   * This verifier, telling {@code listener} the number of entries verified so far after every
   * {@code interval} entries (on the verifying thread; keep it quick).
   */
  public AuditVerifier withProgress(long interval, LongConsumer listener) {
    Objects.requireNonNull(listener, "listener");
    if (interval < 1) {
      throw new IllegalArgumentException("progress interval must be >= 1, was " + interval);
    }
    return new AuditVerifier(keys, trusted, listener, interval);
  }

  /**
   * Verifies a JSON-lines export read from {@code export} (UTF-8) to its end. Does not close it.
   *
   * @return the first problem found, or {@link VerificationResult.Valid}
   * @throws AuditFormatException if the input cannot be read as an export (exit code 2)
   * @throws IOException if reading {@code export} fails
   */
  public VerificationResult verify(InputStream export) throws IOException {
    Objects.requireNonNull(export, "export");
    ExportParser parser = ExportParser.of(export, false);
    return new Run(parser).run();
  }

  /**
   * Verifies an inclusion proof in its JSON form.
   *
   * @throws AuditFormatException if {@code proofJson} is not a well-formed inclusion proof
   */
  public ProofResult verifyInclusion(String proofJson) {
    return verifyInclusion(AuditJson.parseInclusionProof(proofJson));
  }

  /**
   * Verifies an inclusion proof: its checkpoint's signature, that its tree size is the checkpoint's,
   * that the entry (if carried) hashes to the leaf hash, that the head entry's leaf is the head
   * hash, and the RFC 9162 inclusion path up to the checkpoint's tree root.
   */
  public ProofResult verifyInclusion(InclusionProof proof) {
    Objects.requireNonNull(proof, "proof");
    Checkpoint cp = proof.checkpoint();
    ProofResult.Invalid bad = checkSignature(cp);
    if (bad != null) {
      return bad;
    }
    if (proof.treeSize() != cp.seq()) {
      return new ProofResult.Invalid(Violation.PROOF_INCONSISTENT, "inclusion proof: tree_size " + proof.treeSize()
          + " is not the checkpoint's size " + cp.seq());
    }
    if (proof.seq() > proof.treeSize()) {
      return new ProofResult.Invalid(Violation.PROOF_INCONSISTENT, "inclusion proof: entry " + proof.seq()
          + " is not in a log of " + proof.treeSize() + " entries");
    }
    if (proof.entry() != null) {
      if (proof.entry().seq() != proof.seq()) {
        return new ProofResult.Invalid(Violation.PROOF_INCONSISTENT, "inclusion proof: the entry carried is entry "
            + proof.entry().seq() + ", not entry " + proof.seq());
      }
      Hash computed = proof.entry().hash();
      if (!computed.equals(proof.leafHash())) {
        return new ProofResult.Invalid(Violation.PROOF_INCONSISTENT, "inclusion proof: entry " + proof.seq()
            + " hashes to " + computed + ", not to the leaf_hash " + proof.leafHash());
      }
    }
    if (proof.seq() == cp.seq() && !proof.leafHash().equals(cp.headHash())) {
      return new ProofResult.Invalid(Violation.PROOF_MISMATCH, "inclusion proof: entry " + proof.seq()
          + " is the checkpoint's head, but its hash " + proof.leafHash() + " is not the head_hash " + cp.headHash());
    }
    String failure = MerkleTree.inclusionFailure(proof.seq() - 1, proof.treeSize(), proof.leafHash(), proof.path(),
        cp.treeRoot());
    if (failure != null) {
      return new ProofResult.Invalid(Violation.PROOF_MISMATCH, "inclusion proof of entry " + proof.seq()
          + " in the checkpoint at " + cp.seq() + ": " + failure);
    }
    return new ProofResult.InclusionProven(proof.seq(), proof.leafHash(), cp);
  }

  /**
   * Verifies a consistency proof in its JSON form.
   *
   * @throws AuditFormatException if {@code proofJson} is not a well-formed consistency proof
   */
  public ProofResult verifyConsistency(String proofJson) {
    return verifyConsistency(AuditJson.parseConsistencyProof(proofJson));
  }

  /**
   * Verifies a consistency proof: both checkpoints' signatures, then the RFC 9162 consistency path
   * between their tree roots (for equal sizes: equal roots and heads, and an empty path).
   */
  public ProofResult verifyConsistency(ConsistencyProof proof) {
    Objects.requireNonNull(proof, "proof");
    Checkpoint first = proof.first();
    Checkpoint second = proof.second();
    ProofResult.Invalid bad = checkSignature(first);
    if (bad == null) {
      bad = checkSignature(second);
    }
    if (bad != null) {
      return bad;
    }
    if (first.seq() > second.seq()) {
      return new ProofResult.Invalid(Violation.PROOF_INCONSISTENT, "consistency proof: the first checkpoint (at "
          + first.seq() + ") is later than the second (at " + second.seq() + ")");
    }
    if (first.seq() == second.seq() && !first.headHash().equals(second.headHash())) {
      return new ProofResult.Invalid(Violation.PROOF_MISMATCH, "consistency proof: two checkpoints at "
          + first.seq() + " with different head hashes " + first.headHash() + " and " + second.headHash());
    }
    String failure = MerkleTree.consistencyFailure(first.seq(), second.seq(), proof.path(), first.treeRoot(),
        second.treeRoot());
    if (failure != null) {
      return new ProofResult.Invalid(Violation.PROOF_MISMATCH, "consistency proof from the checkpoint at "
          + first.seq() + " to the one at " + second.seq() + ": " + failure);
    }
    return new ProofResult.ConsistencyProven(first, second);
  }

  private ProofResult.Invalid checkSignature(Checkpoint cp) {
    AuditPublicKey key = keys.get(cp.keyId());
    if (key == null) {
      return new ProofResult.Invalid(Violation.CHECKPOINT_UNKNOWN_KEY, "checkpoint at " + cp.seq()
          + ": signed by key " + cp.keyId() + ", which is none of the given keys (" + keyList() + ")");
    }
    if (!key.verifies(cp)) {
      return new ProofResult.Invalid(Violation.CHECKPOINT_SIGNATURE_INVALID, "checkpoint at " + cp.seq()
          + ": signature invalid under key " + cp.keyId());
    }
    return null;
  }

  private String keyList() {
    List<String> ids = new ArrayList<>(keys.keySet());
    ids.sort(null);
    return String.join(", ", ids);
  }

  /** One pass over one export. The per-entry path allocates nothing. */
  private final class Run {
    private final ExportParser parser;
    private final ExportParser.Fields f = new ExportParser.Fields();
    private final EntryCodec codec = new EntryCodec();
    private final Sha256 sha = new Sha256();
    private final Frontier frontier = new Frontier(sha);
    private byte[] computed = new byte[Hash.LENGTH];
    private byte[] last = new byte[Hash.LENGTH];
    private final byte[] root = new byte[Hash.LENGTH];
    private long entries;
    private long checkpoints;
    private long firstSeq;
    private long lastSeq;
    private long lastRaftIndex;
    private boolean rootsChecked;

    Run(ExportParser parser) {
      this.parser = parser;
    }

    VerificationResult run() throws IOException {
      while (parser.next(f)) {
        VerificationResult.Invalid bad;
        switch (f.type) {
          case ExportParser.TYPE_ENTRY:
            bad = entry();
            break;
          case ExportParser.TYPE_CHECKPOINT:
            bad = checkpoint();
            break;
          default:
            throw new AuditFormatException(parser.lineOf(f), "an export holds entries and checkpoints, not "
                + f.typeName() + " objects", null);
        }
        if (bad != null) {
          return bad;
        }
      }
      if (trusted != null && lastSeq < trusted.seq()) {
        return entries == 0
            ? invalid(trusted.seq(), Violation.TRUNCATED, "log truncated: the export has no entries, the trusted "
                + "checkpoint covers entries up to " + trusted.seq())
            : invalid(lastSeq + 1, Violation.TRUNCATED, "log truncated: the export ends at entry " + lastSeq
                + ", the trusted checkpoint covers entries up to " + trusted.seq() + " (entries " + (lastSeq + 1)
                + ".." + trusted.seq() + " missing)");
      }
      return new VerificationResult.Valid(entries, checkpoints, firstSeq, lastSeq,
          entries == 0 ? Hash.ZERO : Hash.of(last), rootsChecked);
    }

    private VerificationResult.Invalid entry() {
      long seq = f.seq;
      if (entries == 0) {
        firstSeq = seq;
        rootsChecked = seq == 1;
        if (trusted != null && trusted.seq() < seq) {
          throw new AuditFormatException(parser.lineOf(f), "the export starts at entry " + seq
              + ", after the trusted checkpoint at " + trusted.seq() + ": export from entry " + trusted.seq()
              + " or earlier to check against it", null);
        }
        if (seq == 1 && !Hash.ZERO.equalsBytes(f.prevHash)) {
          return invalid(1, Violation.PREV_HASH_MISMATCH, "entry 1: prev_hash must be all zeros, was "
              + Hex.encode(f.prevHash));
        }
      } else {
        if (seq != lastSeq + 1) {
          return sequenceBreak(seq);
        }
        if (f.raftIndex < lastRaftIndex) {
          return invalid(seq, Violation.RAFT_INDEX_DECREASED, "entry " + seq + ": raft_index " + f.raftIndex
              + " is below raft_index " + lastRaftIndex + " of entry " + lastSeq);
        }
        if (!Arrays.equals(f.prevHash, last)) {
          return invalid(seq, Violation.PREV_HASH_MISMATCH, "entry " + seq + ": prev_hash does not link to entry "
              + lastSeq + " (prev_hash " + Hex.encode(f.prevHash) + ", hash of entry " + lastSeq + " "
              + Hex.encode(last) + ")");
        }
      }
      int length = codec.encode(seq, f.raftIndex, f.leaderTime, f.requestId, f.nodeId, f.op, f.outcome,
          f.hasPathHmac ? f.pathHmac : null, f.hasAccessorHmac ? f.accessorHmac : null, f.prevHash);
      sha.hash(codec.buffer(), 0, 1 + length, computed);
      if (!Arrays.equals(computed, f.hash)) {
        return invalid(seq, Violation.HASH_MISMATCH, "entry " + seq + ": hash does not match its contents (recorded "
            + Hex.encode(f.hash) + ", computed " + Hex.encode(computed) + ")");
      }
      byte[] swap = last;
      last = computed;
      computed = swap;
      if (rootsChecked) {
        frontier.append(last);
      }
      lastSeq = seq;
      lastRaftIndex = f.raftIndex;
      entries++;
      if (trusted != null && seq == trusted.seq()) {
        VerificationResult.Invalid bad = againstTrusted(seq);
        if (bad != null) {
          return bad;
        }
      }
      if (progress != null && entries % progressInterval == 0) {
        progress.accept(entries);
      }
      return null;
    }

    private VerificationResult.Invalid sequenceBreak(long seq) {
      if (seq > lastSeq + 1) {
        long missing = lastSeq + 1;
        String what = seq == missing + 1 ? "entry " + missing + " missing" : "entries " + missing + ".." + (seq - 1)
            + " missing";
        return invalid(missing, Violation.MISSING_ENTRY, what + ": seq jumps from " + lastSeq + " to " + seq);
      }
      if (seq >= firstSeq) {
        return invalid(seq, Violation.DUPLICATE_ENTRY, "entry " + seq + " appears twice (again after entry "
            + lastSeq + ")");
      }
      return invalid(seq, Violation.OUT_OF_ORDER, "entry " + seq + " is out of order: it comes after entry "
          + lastSeq + " in an export that starts at entry " + firstSeq);
    }

    private VerificationResult.Invalid againstTrusted(long seq) {
      if (!trusted.headHash().equalsBytes(last)) {
        return invalid(seq, Violation.REWRITTEN, "entry " + seq + ": hash " + Hex.encode(last)
            + " is not the head_hash " + trusted.headHash() + " of the trusted checkpoint: the log was rewritten");
      }
      if (rootsChecked) {
        frontier.root(root);
        if (!trusted.treeRoot().equalsBytes(root)) {
          return invalid(seq, Violation.REWRITTEN, "entries 1.." + seq + " have tree root " + Hex.encode(root)
              + ", not the tree_root " + trusted.treeRoot() + " of the trusted checkpoint: the log was rewritten");
        }
      }
      return null;
    }

    private VerificationResult.Invalid checkpoint() {
      long seq = f.seq;
      if (entries == 0 || seq != lastSeq) {
        return invalid(seq, Violation.CHECKPOINT_MISPLACED, "checkpoint at " + seq + " does not follow entry " + seq
            + (entries == 0 ? " (it comes before any entry)" : " (it follows entry " + lastSeq + ")"));
      }
      if (!Arrays.equals(f.headHash, last)) {
        return invalid(seq, Violation.CHECKPOINT_HEAD_MISMATCH, "checkpoint at " + seq + ": head_hash "
            + Hex.encode(f.headHash) + " is not the hash " + Hex.encode(last) + " of entry " + seq);
      }
      if (rootsChecked) {
        frontier.root(root);
        if (!Arrays.equals(f.treeRoot, root)) {
          return invalid(seq, Violation.CHECKPOINT_ROOT_MISMATCH, "checkpoint at " + seq + ": tree_root "
              + Hex.encode(f.treeRoot) + " is not the root " + Hex.encode(root) + " of entries 1.." + seq);
        }
      }
      String keyId = f.keyId.toString();
      AuditPublicKey key = keys.get(keyId);
      if (key == null) {
        return invalid(seq, Violation.CHECKPOINT_UNKNOWN_KEY, "checkpoint at " + seq + ": signed by key " + keyId
            + ", which is none of the given keys (" + keyList() + ")");
      }
      byte[] message = Checkpoint.signedMessage(seq, Hash.wrap(f.headHash), Hash.wrap(f.treeRoot));
      if (!key.verifies(message, f.signature)) {
        return invalid(seq, Violation.CHECKPOINT_SIGNATURE_INVALID, "checkpoint at " + seq
            + ": signature invalid under key " + keyId);
      }
      checkpoints++;
      return null;
    }

    private VerificationResult.Invalid invalid(long seq, Violation violation, String reason) {
      return new VerificationResult.Invalid(seq, violation, reason);
    }
  }
}
