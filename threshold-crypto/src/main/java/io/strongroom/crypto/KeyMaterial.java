package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Share commitments and the key check value. See {@link KeySet} for the formats, which are a
 * compatibility contract.
 */
final class KeyMaterial {
  static final byte[] COMMITMENT_TAG = "strongroom/share-commitment/v1".getBytes(StandardCharsets.US_ASCII);
  static final byte[] KCV_TAG = "strongroom/key-check-value/v1".getBytes(StandardCharsets.US_ASCII);
  static final int DIGEST_LENGTH = 32;

  private KeyMaterial() {}

  /** SHA-256(u16 len | tag | key set id (5) | u8 index | u16 len | share). */
  static Bytes commitment(KeySetId keySet, int index, byte[] share) {
    byte[] input = new Canonical.Writer()
        .bytes(COMMITMENT_TAG)
        .raw(keySet.bytes().toByteArray())
        .u8(index)
        .bytes(share)
        .toByteArray();
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    SecretBytes.zero(input);
    byte[] out = new byte[DIGEST_LENGTH];
    digest.doFinal(out, 0);
    return Bytes.wrap(out);
  }

  /** HMAC-SHA256(key = root key, message = u16 len | tag | key set id (5)). */
  static Bytes keyCheckValue(KeySetId keySet, byte[] rootKey) {
    byte[] message = new Canonical.Writer().bytes(KCV_TAG).raw(keySet.bytes().toByteArray()).toByteArray();
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(rootKey));
    mac.update(message, 0, message.length);
    byte[] out = new byte[DIGEST_LENGTH];
    mac.doFinal(out, 0);
    mac.reset();
    return Bytes.wrap(out);
  }

  static boolean constantTimeEquals(Bytes expected, Bytes actual) {
    return MessageDigest.isEqual(expected.toByteArray(), actual.toByteArray());
  }
}
