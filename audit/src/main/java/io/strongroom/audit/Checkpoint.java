package io.strongroom.audit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A signed statement about the log at one size: "the first {@code seq} entries end in
 * {@code headHash}, and their RFC 6962 tree has root {@code treeRoot}". The leader signs one
 * periodically ({@link CheckpointSigner}) and commits it; an auditor who keeps one can later prove
 * that the log was neither truncated nor rewritten up to it (a consistency proof, or re-verifying
 * an export against it as a trusted checkpoint).
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The signature is pure Ed25519 over
 * {@link #signedMessage()}, version 1, integers big-endian:
 *
 * <pre>
 * u16 27 | "strongroom/audit-checkpoint"   domain tag (ASCII): no other Strongroom signature
 *                                          can be taken for a checkpoint's, nor the reverse
 * u8  1                                    version
 * u64 seq                                  tree size = sequence number of the last entry, >= 1
 * 32 bytes head_hash                       hash of entry seq
 * 32 bytes tree_root                       MTH of the hashes of entries 1..seq
 * </pre>
 *
 * @param seq the number of entries covered, >= 1; also the sequence number of the last one
 * @param headHash hash of entry {@code seq}
 * @param treeRoot RFC 6962 root over the hashes of entries {@code 1..seq}
 * @param keyId {@link AuditPublicKey#keyId()} of the signing key: 16 lower-case hex characters. Not
 *     signed; it only picks the key to verify with
 * @param signature Ed25519 over {@link #signedMessage()}
 */
public record Checkpoint(long seq, Hash headHash, Hash treeRoot, String keyId, Ed25519Signature signature) {
  private static final byte[] TAG = "strongroom/audit-checkpoint".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;

  /** @throws InvalidFieldException if {@code seq < 1} or {@code keyId} is not 16 lower-case hex characters */
  public Checkpoint {
    Objects.requireNonNull(headHash, "headHash");
    Objects.requireNonNull(treeRoot, "treeRoot");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    FieldRules.positive("seq", seq);
    checkKeyId(keyId);
  }

  static void checkKeyId(String keyId) {
    if (keyId.length() != 2 * AuditPublicKey.KEY_ID_BYTES
        || !Hex.decode(keyId, 0, new byte[AuditPublicKey.KEY_ID_BYTES])) {
      throw new InvalidFieldException("key_id",
          "key_id must be 16 lower-case hex characters, was '" + Text.excerpt(keyId) + "'");
    }
  }

  /** The exact bytes that are signed (layout above); a fresh array. */
  public byte[] signedMessage() {
    return signedMessage(seq, headHash, treeRoot);
  }

  static byte[] signedMessage(long seq, Hash headHash, Hash treeRoot) {
    byte[] out = new byte[2 + TAG.length + 1 + 8 + 2 * Hash.LENGTH];
    int pos = 0;
    out[pos++] = (byte) (TAG.length >>> 8);
    out[pos++] = (byte) TAG.length;
    System.arraycopy(TAG, 0, out, pos, TAG.length);
    pos += TAG.length;
    out[pos++] = VERSION;
    for (int shift = 56; shift >= 0; shift -= 8) {
      out[pos++] = (byte) (seq >>> shift);
    }
    System.arraycopy(headHash.bytes(), 0, out, pos, Hash.LENGTH);
    pos += Hash.LENGTH;
    System.arraycopy(treeRoot.bytes(), 0, out, pos, Hash.LENGTH);
    return out;
  }
}
