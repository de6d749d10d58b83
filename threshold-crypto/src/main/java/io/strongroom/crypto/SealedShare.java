package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A share encrypted to one holder's X25519 public key by {@link ShareSealer}; only that holder can
 * open it. Safe to store and send in the clear. The key set id and index travel in the clear too,
 * and are authenticated: changing either makes opening fail.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1, 91 bytes:
 * {@code "SRSS" | u8 version = 1 | key set id (5) | u8 share index | HPKE enc (32) |
 * HPKE ciphertext (48 = 32-byte share + 16-byte tag)}. See {@link ShareSealer} for the HPKE
 * suite, info and aad.
 *
 * @param keySet the key set of the sealed share
 * @param index the share index
 * @param encapsulatedKey the HPKE encapsulated key {@code enc} (the sender's ephemeral X25519 key)
 * @param ciphertext the HPKE ciphertext
 */
public record SealedShare(KeySetId keySet, int index, Bytes encapsulatedKey, Bytes ciphertext) {
  static final byte[] MAGIC = "SRSS".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int ENC_LENGTH = 32;
  static final int CIPHERTEXT_LENGTH = Share.LENGTH + 16;

  public SealedShare {
    Objects.requireNonNull(keySet, "keySet");
    Objects.requireNonNull(encapsulatedKey, "encapsulatedKey");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (index < 1 || index > Thresholds.MAX_SHARES) {
      throw new IllegalArgumentException("share index must be between 1 and 255, was " + index);
    }
    if (encapsulatedKey.length() != ENC_LENGTH) {
      throw new IllegalArgumentException("encapsulated key must be 32 bytes, was " + encapsulatedKey.length());
    }
    if (ciphertext.length() != CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException("ciphertext must be 48 bytes, was " + ciphertext.length());
    }
  }

  /** The bytes authenticated as HPKE aad: magic, version, key set id, index. */
  byte[] header() {
    return new Canonical.Writer().raw(MAGIC).u8(VERSION).raw(keySet.bytes().toByteArray()).u8(index).toByteArray();
  }

  /** The binary form described above. */
  public Bytes toBytes() {
    return Bytes.wrap(new Canonical.Writer()
        .raw(header())
        .raw(encapsulatedKey.toByteArray())
        .raw(ciphertext.toByteArray())
        .toByteArray());
  }

  /**
   * Reads the binary form.
   *
   * @throws MalformedDataException if {@code bytes} is not a well-formed sealed share
   */
  public static SealedShare fromBytes(Bytes bytes) {
    Canonical.Reader r = new Canonical.Reader(bytes.toByteArray(), "sealed share");
    r.expectMagic(MAGIC, "sealed share");
    r.expectVersion(VERSION);
    KeySetId keySet = new KeySetId(Bytes.wrap(r.raw(KeySetId.LENGTH)));
    int index = r.u8();
    Bytes enc = Bytes.wrap(r.raw(ENC_LENGTH));
    Bytes ct = Bytes.wrap(r.raw(CIPHERTEXT_LENGTH));
    r.end();
    if (index < 1) {
      throw new MalformedDataException("sealed share: share index must be between 1 and 255, was " + index);
    }
    return new SealedShare(keySet, index, enc, ct);
  }
}
