package io.strongroom.audit;

/**
 * What is wrong with a log or a proof that reads fine but does not verify: the kind of
 * {@link VerificationResult.Invalid} and {@link ProofResult.Invalid}, for callers that act on it.
 * The message of the result says the rest in words; never classify by message text.
 */
public enum Violation {
  /** An entry's sequence number skips ahead: one or more entries are missing. */
  MISSING_ENTRY,
  /** An entry's sequence number was already seen: a duplicated (or moved) entry. */
  DUPLICATE_ENTRY,
  /** An entry's sequence number is below the first one of the export: a moved entry. */
  OUT_OF_ORDER,
  /** An entry's {@code prev_hash} is not the hash of the entry before it (or not zero for entry 1). */
  PREV_HASH_MISMATCH,
  /** An entry's recorded {@code hash} is not the hash of its contents: a field was changed. */
  HASH_MISMATCH,
  /** An entry's {@code raft_index} is below the one of the entry before it. */
  RAFT_INDEX_DECREASED,
  /** A checkpoint does not come right after the entry with its sequence number. */
  CHECKPOINT_MISPLACED,
  /** A checkpoint's {@code head_hash} is not the hash of the entry at its sequence number. */
  CHECKPOINT_HEAD_MISMATCH,
  /** A checkpoint's {@code tree_root} is not the Merkle root of the entries up to it. */
  CHECKPOINT_ROOT_MISMATCH,
  /** A checkpoint names a key id that none of the given public keys has. */
  CHECKPOINT_UNKNOWN_KEY,
  /** A checkpoint's signature does not verify under the key it names. */
  CHECKPOINT_SIGNATURE_INVALID,
  /** The export ends before the sequence number of the trusted checkpoint. */
  TRUNCATED,
  /** The entry at the trusted checkpoint's sequence number, or the tree up to it, differs from it. */
  REWRITTEN,
  /** A proof's path does not lead from its leaf or first root to the checkpoint's root. */
  PROOF_MISMATCH,
  /** A proof's parts disagree: tree size and checkpoint, entry and leaf hash, sizes out of order. */
  PROOF_INCONSISTENT
}
