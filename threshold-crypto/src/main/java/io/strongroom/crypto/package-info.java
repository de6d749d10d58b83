/**
 * Threshold cryptography for Strongroom's ceremonies: the root key split into Shamir shares, shares
 * people can read aloud and type, commitments that name a holder's wrong share, holder key pairs in
 * passphrase-protected key files, shares sealed to holders with HPKE, and Ed25519 approvals.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.strongroom.crypto.ShamirSplitter} splits a root key into a
 *       {@link io.strongroom.crypto.RootKeySplit}: the public {@link io.strongroom.crypto.KeySet}
 *       (id, threshold, commitments, key check value) and the secret
 *       {@link io.strongroom.crypto.Share}s;</li>
 *   <li>{@link io.strongroom.crypto.ShareCodec} writes and reads the {@code srs1-} share text;</li>
 *   <li>{@link io.strongroom.crypto.ShareCombiner} verifies shares and reconstructs the key;</li>
 *   <li>{@link io.strongroom.crypto.HolderKeys} makes holder key pairs and their key files;</li>
 *   <li>{@link io.strongroom.crypto.ShareSealer} seals a share to one holder
 *       ({@link io.strongroom.crypto.SealedShare});</li>
 *   <li>{@link io.strongroom.crypto.Approval} signs and {@link io.strongroom.crypto.ApprovalVerifier}
 *       verifies approvals of an {@link io.strongroom.crypto.ApprovalMessage}.</li>
 * </ul>
 *
 * <p>Conventions: every entry point is stateless or immutable and thread-safe; randomness is always
 * a {@code SecureRandom} argument and time always an {@code Instant} argument; secrets are
 * {@link io.strongroom.crypto.SecretBytes} owned by whoever receives them, public bytes are
 * {@link io.strongroom.crypto.Bytes}; bad input raises a subclass of the sealed
 * {@link io.strongroom.crypto.ThresholdCryptoException}. Formats marked {@code IMPORTANT:} are
 * compatibility contracts. Cryptography comes from BouncyCastle and {@code com.codahale.shamir};
 * nothing here implements a cipher or field arithmetic of its own.
 */
package io.strongroom.crypto;
