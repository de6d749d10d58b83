package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The public record of one split of a root key, made by {@link ShamirSplitter} and stored by the
 * cluster: the key set id, the threshold, one commitment per share and a key check value. It holds
 * no secret: with it, {@link ShareCombiner} names the holder of a wrong share before anything is
 * reconstructed, and proves the reconstructed key is the right one.
 *
 * <p><b>Commitment</b> of share {@code i}: {@code SHA-256(u16 30 | "strongroom/share-commitment/v1"
 * | key set id (5 bytes) | u8 i | u16 32 | share (32 bytes))}. A plain hash is enough: any single
 * share of a k >= 2 split is uniformly random and independent of the key, so it has 256 bits of
 * entropy and its hash cannot be inverted or brute-forced (hiding), while collision resistance
 * means no other 32 bytes match it (binding). The id and index in the input keep a share from
 * passing as another index or as a share of another key set. For the degenerate n = 1 split the
 * one share is the key itself, still 256 random bits.
 *
 * <p><b>Key check value</b>: {@code HMAC-SHA256(key = root key, message = u16 29 |
 * "strongroom/key-check-value/v1" | key set id (5 bytes))}, all 32 bytes. HMAC is a PRF, so the
 * value reveals nothing about the key, and it authenticates the key: Shamir interpolation over too
 * few or wrong shares silently returns wrong bytes, and those fail this check except with
 * probability 2^-256. Chosen over "AES-GCM of a fixed block" because it needs no nonce, is
 * deterministic, and uses only the primitive already used for commitments; the label keeps this
 * use of the root key apart from its use for wrapping the keyring.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> The commitment and key check value formats above
 * and the binary form below are stored by clusters; never change them, add a version instead.
 * {@link #toBytes()}: {@code "SRKS" | u8 version = 1 | key set id (5) | u8 n | u8 k |
 * key check value (32) | n commitments (32 each, share 1 first)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the key set's id
 * @param threshold how many shares reconstruct the key
 * @param commitments the commitment of share {@code i} at position {@code i - 1}; its size is the
 *     share count {@code n}
 * @param keyCheckValue the key check value
 */
public record KeySet(KeySetId id, int threshold, List<Bytes> commitments, Bytes keyCheckValue) {
  private static final byte[] MAGIC = "SRKS".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  /**
   * @throws InvalidThresholdException if the share count or threshold is out of range
   * @throws IllegalArgumentException if a commitment or the key check value is not 32 bytes
   */
  public KeySet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(keyCheckValue, "keyCheckValue");
    commitments = List.copyOf(commitments);
    Thresholds.check(commitments.size(), threshold);
    for (Bytes c : commitments) {
      if (c.length() != KeyMaterial.DIGEST_LENGTH) {
        throw new IllegalArgumentException("commitment must be 32 bytes, was " + c.length());
      }
    }
    if (keyCheckValue.length() != KeyMaterial.DIGEST_LENGTH) {
      throw new IllegalArgumentException("key check value must be 32 bytes, was " + keyCheckValue.length());
    }
  }

  /** The share count {@code n}. */
  public int shares() {
    return commitments.size();
  }

  /** The commitment of share {@code index} (1-based). */
  public Bytes commitment(int index) {
    if (index < 1 || index > shares()) {
      throw new IllegalArgumentException("share index must be between 1 and " + shares() + ", was " + index);
    }
    return commitments.get(index - 1);
  }

  /** The binary form described above; the caller owns the result. */
  public Bytes toBytes() {
    Canonical.Writer w = new Canonical.Writer()
        .raw(MAGIC)
        .u8(VERSION)
        .raw(id.bytes().toByteArray())
        .u8(shares())
        .u8(threshold)
        .raw(keyCheckValue.toByteArray());
    for (Bytes c : commitments) {
      w.raw(c.toByteArray());
    }
    return Bytes.wrap(w.toByteArray());
  }

  /**
   * Reads the binary form.
   *
   * @throws MalformedDataException if {@code bytes} is not a well-formed key set record
   */
  public static KeySet fromBytes(Bytes bytes) {
    Canonical.Reader r = new Canonical.Reader(bytes.toByteArray(), "key set record");
    r.expectMagic(MAGIC, "key set record");
    r.expectVersion(VERSION);
    KeySetId id = new KeySetId(Bytes.wrap(r.raw(KeySetId.LENGTH)));
    int n = r.u8();
    int k = r.u8();
    Bytes kcv = Bytes.wrap(r.raw(KeyMaterial.DIGEST_LENGTH));
    List<Bytes> commitments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      commitments.add(Bytes.wrap(r.raw(KeyMaterial.DIGEST_LENGTH)));
    }
    r.end();
    try {
      return new KeySet(id, k, commitments, kcv);
    } catch (InvalidThresholdException e) {
      throw new MalformedDataException("key set record: " + e.getMessage());
    }
  }
}
