package io.strongroom.audit;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * Signs {@link Checkpoint}s with the cluster's Ed25519 audit signing key. The key is the 32-byte
 * RFC 8032 private key (the "seed"); the barrier stores it, and the node builds a signer from it
 * once unsealed. Signing is deterministic (RFC 8032): the same key and checkpoint always give the
 * same signature, with no random source.
 *
 * <p>Thread-safe. {@link #toString()} never shows the key. The seed is this object's only copy of
 * the private key (signing works on it directly); {@link #destroy()} zeroes it and refuses further
 * use.
 */
public final class CheckpointSigner implements Destroyable {
  private final byte[] seed;
  private final AuditPublicKey publicKey;
  private volatile boolean destroyed;

  private CheckpointSigner(byte[] seed) {
    this.seed = seed;
    this.publicKey = AuditPublicKey.fromRaw(Ed25519.publicKey(seed));
  }

  /**
   * A signer for the 32-byte private key {@code seed} (copied; the caller keeps and should zero its
   * array).
   *
   * @throws AuditKeyException if {@code seed} is not 32 bytes
   */
  public static CheckpointSigner fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != Ed25519.KEY_LENGTH) {
      throw new AuditKeyException("an Ed25519 private key (seed) is 32 bytes, was " + seed.length);
    }
    return new CheckpointSigner(seed.clone());
  }

  /** A fresh key pair from {@code random}: for the node, when the cluster is initialized. */
  public static CheckpointSigner generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    byte[] seed = new byte[Ed25519.KEY_LENGTH];
    random.nextBytes(seed);
    return new CheckpointSigner(seed);
  }

  /** The public key auditors verify with. */
  public AuditPublicKey publicKey() {
    return publicKey;
  }

  /**
   * A copy of the 32-byte private key, to store in the barrier. The caller owns it and must zero it
   * when done.
   */
  public byte[] exportSeed() {
    checkLive();
    byte[] copy = seed.clone();
    // A destroy() racing with the copy may have zeroed part of it: check again after reading.
    if (destroyed) {
      Arrays.fill(copy, (byte) 0);
      checkLive();
    }
    return copy;
  }

  /**
   * Signs "entries {@code 1..seq} end in {@code headHash} and have tree root {@code treeRoot}".
   *
   * @throws InvalidFieldException if {@code seq < 1}
   */
  public Checkpoint sign(long seq, Hash headHash, Hash treeRoot) {
    Objects.requireNonNull(headHash, "headHash");
    Objects.requireNonNull(treeRoot, "treeRoot");
    FieldRules.positive("seq", seq);
    checkLive();
    byte[] signature = Ed25519.sign(seed, Checkpoint.signedMessage(seq, headHash, treeRoot));
    // A destroy() racing with signing may have zeroed the seed under it: check again after reading.
    checkLive();
    return new Checkpoint(seq, headHash, treeRoot, publicKey.keyId(), Ed25519Signature.wrap(signature));
  }

  /**
   * Signs the chain at its current size.
   *
   * @throws InvalidFieldException if the chain is empty
   */
  public Checkpoint sign(AuditChain chain) {
    Objects.requireNonNull(chain, "chain");
    return sign(chain.size(), chain.head(), chain.root());
  }

  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(seed, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("the checkpoint signer has been destroyed");
    }
  }

  @Override
  public String toString() {
    return "CheckpointSigner[" + publicKey.keyId() + (destroyed ? ", destroyed]" : "]");
  }
}
