package io.strongroom.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * Seals a share to one holder's X25519 public key so that only that holder can open it, with HPKE
 * (RFC 9180) in mode_base, suite DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, as
 * implemented by BouncyCastle.
 *
 * <p><b>IMPORTANT: compatibility contract.</b>
 * <ul>
 *   <li>{@code info = u16 26 | "strongroom/sealed-share/v1" | key set id (5) | u8 share index}:
 *       binds the purpose, key set and index into the HPKE key schedule;</li>
 *   <li>{@code aad = "SRSS" | u8 1 | key set id (5) | u8 share index} (the clear header of
 *       {@link SealedShare}): binds the fields that travel in the clear.</li>
 * </ul>
 * So a sealed share cannot be replayed as another index or as a share of another key set, and a
 * ciphertext made for another purpose under the same holder key does not open as a share.
 *
 * <p>Randomness (the ephemeral key) comes only from the {@code SecureRandom} passed in.
 * Stateless and thread-safe.
 */
public final class ShareSealer {
  private static final byte[] INFO_TAG = "strongroom/sealed-share/v1".getBytes(StandardCharsets.US_ASCII);

  private ShareSealer() {}

  static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
  }

  static byte[] info(KeySetId keySet, int index) {
    return new Canonical.Writer().bytes(INFO_TAG).raw(keySet.bytes().toByteArray()).u8(index).toByteArray();
  }

  /**
   * Seals {@code share} to the holder whose X25519 public key is {@code recipient}.
   *
   * @throws MalformedDataException if {@code recipient} is not a usable X25519 public key
   */
  public static SealedShare seal(Share share, Bytes recipient, SecureRandom random) {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(random, "random");
    if (recipient.length() != Primitives.KEY_LENGTH) {
      throw new MalformedDataException("recipient key must be 32 bytes, was " + recipient.length());
    }
    HPKE hpke = suite();
    X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(random);
    AsymmetricCipherKeyPair ephemeralPair = new AsymmetricCipherKeyPair(ephemeral.generatePublicKey(), ephemeral);
    SealedShare header = new SealedShare(share.keySet(), share.index(),
        Bytes.wrap(new byte[SealedShare.ENC_LENGTH]), Bytes.wrap(new byte[SealedShare.CIPHERTEXT_LENGTH]));
    byte[] plaintext = share.value().toByteArray();
    try {
      AsymmetricKeyParameter pkR = hpke.deserializePublicKey(recipient.toByteArray());
      HPKEContextWithEncapsulation ctx =
          hpke.setupBaseS(pkR, info(share.keySet(), share.index()), ephemeralPair);
      byte[] ct = ctx.seal(header.header(), plaintext);
      return new SealedShare(share.keySet(), share.index(), Bytes.wrap(ctx.getEncapsulation()), Bytes.wrap(ct));
    } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException e) {
      // X25519 with a low-order point gives an all-zero secret, which BouncyCastle refuses.
      throw new MalformedDataException("recipient key is not a usable X25519 public key");
    } finally {
      SecretBytes.zero(plaintext);
    }
  }

  /**
   * Opens a sealed share with the holder's private keys.
   *
   * @return the share; the caller owns it
   * @throws DecryptionFailedException "decryption failed for share i" if these keys are not the
   *     recipient's or anything in the sealed share was changed
   */
  public static Share open(SealedShare sealed, HolderPrivateKeys recipient) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(recipient, "recipient");
    HPKE hpke = suite();
    byte[] sk = recipient.encryptionKey().toByteArray();
    byte[] plaintext = null;
    try {
      AsymmetricCipherKeyPair pair =
          hpke.deserializePrivateKey(sk, recipient.publicKeys().encryptionKey().toByteArray());
      HPKEContext ctx = hpke.setupBaseR(
          sealed.encapsulatedKey().toByteArray(), pair, info(sealed.keySet(), sealed.index()));
      plaintext = ctx.open(sealed.header(), sealed.ciphertext().toByteArray());
      return new Share(sealed.keySet(), sealed.index(), SecretBytes.copyOf(plaintext));
    } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException e) {
      throw new DecryptionFailedException("decryption failed for share " + sealed.index());
    } finally {
      SecretBytes.zero(sk);
      SecretBytes.zero(plaintext);
    }
  }
}
