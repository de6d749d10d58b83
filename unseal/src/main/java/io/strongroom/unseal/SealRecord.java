package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.KeySet;
import io.strongroom.crypto.KeySetId;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The seal configuration of a cluster: everything the lifecycle persists, all of it public or
 * ciphertext, so it may be replicated and stored in the clear. Unseal progress is per node and is
 * never part of it.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> {@link #toBytes()}, version 1, integers big-endian:
 * <pre>
 * "SRSL" | u8 version = 1 | u8 seal type ({@link SealType#code()})
 * u16 length | key set (KeySet.toBytes(): root key split for shamir, recovery key split for pkcs11)
 * u8 holder count h (0, or the key set's share count) | h x (X25519 public key (32) | Ed25519 public key (32))
 * u8 previous key set count p | p x key set id (5), oldest first
 * u32 length | wrapped keyring        (storage KeyringCodec format, wrapped under the root key)
 * u32 length | HSM-wrapped root key   (empty for shamir; see Pkcs11KeyWrapper)
 * u32 length | audit HMAC key         (barrier ciphertext, path "sys/seal/audit-hmac-key")
 * u32 length | audit signing key      (barrier ciphertext of the Ed25519 seed, path "sys/seal/audit-signing-key")
 * u32 length | root token hashes      (barrier ciphertext, path "sys/seal/root-token-hashes", of
 *                                      u16 count | count x SHA-256(token as UTF-8))
 * </pre>
 * Never change this layout; add a version and keep a reader for this one.
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return copies.
 *
 * @param type how the root key is protected
 * @param keySet the current key set (commitments and key check value) of the unseal or recovery shares
 * @param holders holder public keys, share {@code i}'s holder at position {@code i - 1}; empty when
 *     shares were handed out in the clear
 * @param previousKeySets ids of key sets a rekey replaced, oldest first (at most {@value #MAX_PREVIOUS})
 * @param wrappedKeyring the barrier keyring wrapped under the root key
 * @param hsmWrappedRootKey the root key wrapped by the HSM (pkcs11 only, else empty)
 * @param sealedAuditHmacKey the audit HMAC key sealed through the barrier
 * @param sealedAuditSigningKey the audit Ed25519 signing seed sealed through the barrier
 * @param sealedRootTokenHashes the SHA-256 hashes of valid root tokens, sealed through the barrier
 */
public record SealRecord(
    SealType type,
    KeySet keySet,
    List<HolderPublicKeys> holders,
    List<KeySetId> previousKeySets,
    Bytes wrappedKeyring,
    Bytes hsmWrappedRootKey,
    Bytes sealedAuditHmacKey,
    Bytes sealedAuditSigningKey,
    Bytes sealedRootTokenHashes) {

  /** How many replaced key set ids are remembered for "previous key set" messages. */
  public static final int MAX_PREVIOUS = 32;

  private static final byte[] MAGIC = "SRSL".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  public SealRecord {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keySet, "keySet");
    holders = List.copyOf(holders);
    previousKeySets = List.copyOf(previousKeySets);
    Objects.requireNonNull(wrappedKeyring, "wrappedKeyring");
    Objects.requireNonNull(hsmWrappedRootKey, "hsmWrappedRootKey");
    Objects.requireNonNull(sealedAuditHmacKey, "sealedAuditHmacKey");
    Objects.requireNonNull(sealedAuditSigningKey, "sealedAuditSigningKey");
    Objects.requireNonNull(sealedRootTokenHashes, "sealedRootTokenHashes");
    if (!holders.isEmpty() && holders.size() != keySet.shares()) {
      throw new IllegalArgumentException(
          "holder count must be 0 or " + keySet.shares() + " (the share count), was " + holders.size());
    }
    if (previousKeySets.size() > MAX_PREVIOUS) {
      throw new IllegalArgumentException("at most " + MAX_PREVIOUS + " previous key sets, was " + previousKeySets.size());
    }
    if ((type == SealType.PKCS11) == (hsmWrappedRootKey.length() == 0)) {
      throw new IllegalArgumentException("an HSM-wrapped root key is required for pkcs11 and forbidden for shamir");
    }
  }

  SealRecord withWrappedKeyring(Bytes keyring) {
    return new SealRecord(type, keySet, holders, previousKeySets, keyring, hsmWrappedRootKey,
        sealedAuditHmacKey, sealedAuditSigningKey, sealedRootTokenHashes);
  }

  SealRecord withRootTokenHashes(Bytes sealed) {
    return new SealRecord(type, keySet, holders, previousKeySets, wrappedKeyring, hsmWrappedRootKey,
        sealedAuditHmacKey, sealedAuditSigningKey, sealed);
  }

  /** After a rekey: the new key set and holders; the old id joins the previous ones. */
  SealRecord rekeyed(KeySet next, List<HolderPublicKeys> nextHolders, Bytes keyring) {
    List<KeySetId> previous = new ArrayList<>(previousKeySets);
    previous.add(keySet.id());
    while (previous.size() > MAX_PREVIOUS) {
      previous.remove(0);
    }
    return new SealRecord(type, next, nextHolders, previous, keyring, hsmWrappedRootKey,
        sealedAuditHmacKey, sealedAuditSigningKey, sealedRootTokenHashes);
  }

  /** The binary form described in the class comment; the caller owns the result. */
  public Bytes toBytes() {
    Wire.Writer w = new Wire.Writer().raw(MAGIC).u8(VERSION).u8(type.code());
    Bytes ks = keySet.toBytes();
    w.u16(ks.length()).raw(ks);
    w.u8(holders.size());
    for (HolderPublicKeys h : holders) {
      w.raw(h.encryptionKey()).raw(h.signingKey());
    }
    w.u8(previousKeySets.size());
    for (KeySetId id : previousKeySets) {
      w.raw(id.bytes());
    }
    w.blob(wrappedKeyring).blob(hsmWrappedRootKey).blob(sealedAuditHmacKey).blob(sealedAuditSigningKey)
        .blob(sealedRootTokenHashes);
    return Bytes.of(w.toByteArray());
  }

  /**
   * Reads the binary form.
   *
   * @throws IllegalArgumentException "seal record is malformed: ..." if the bytes are not a
   *     well-formed version 1 record
   */
  public static SealRecord fromBytes(Bytes bytes) {
    Wire.Reader r = new Wire.Reader(bytes.toByteArray(), "seal record");
    r.expect(MAGIC);
    int version = r.u8();
    if (version != VERSION) {
      throw r.malformed("unsupported version " + version + ", this build reads " + VERSION);
    }
    try {
      SealType type = SealType.fromCode(r.u8());
      KeySet keySet = KeySet.fromBytes(r.rawBytes(r.u16()));
      int h = r.u8();
      List<HolderPublicKeys> holders = new ArrayList<>(h);
      for (int i = 0; i < h; i++) {
        holders.add(new HolderPublicKeys(r.rawBytes(32), r.rawBytes(32)));
      }
      int p = r.u8();
      List<KeySetId> previous = new ArrayList<>(p);
      for (int i = 0; i < p; i++) {
        previous.add(new KeySetId(r.rawBytes(KeySetId.LENGTH)));
      }
      SealRecord record = new SealRecord(type, keySet, holders, previous, r.blob(), r.blob(), r.blob(), r.blob(),
          r.blob());
      r.end();
      return record;
    } catch (MalformedDataException e) {
      throw r.malformed(e.getMessage());
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("seal record is malformed")) {
        throw e;
      }
      throw r.malformed(e.getMessage());
    }
  }
}
