package io.strongroom.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Key pairs of key holders, and the passphrase-protected key file that keeps their private half.
 *
 * <p>{@link #generate} makes an X25519 key pair (shares are sealed to it) and an Ed25519 key pair
 * (approvals are signed with it). {@link #seal} writes both private keys into a key file encrypted
 * with AES-256-GCM under a key derived from a passphrase by scrypt; {@link #open} reads it back.
 *
 * <p><b>IMPORTANT: compatibility contract.</b> Key files live on holders' laptops and USB sticks
 * for years; never change this layout, add a version instead. Key file version 1, 181 bytes:
 *
 * <pre>
 * offset size
 *    0    4  magic "SRHK"
 *    4    1  version = 1
 *    5    1  KDF id = 1 (scrypt, RFC 7914)
 *    6    1  log2(N)
 *    7    1  r
 *    8    1  p
 *    9   16  salt (random)
 *   25   12  AES-GCM nonce (random)
 *   37   32  X25519 public key
 *   69   32  Ed25519 public key
 *  101   80  AES-256-GCM ciphertext of (X25519 private key | Ed25519 seed), 64 bytes, + 16-byte tag
 *
 * key = scrypt(passphrase as UTF-8, salt, N, r, p, 32 bytes)
 * additional authenticated data = bytes 0..100 (every byte before the ciphertext)
 * </pre>
 *
 * <p>The header is authenticated, so changing a KDF parameter, the salt or a public key is
 * detected like a wrong passphrase. After decryption the public keys are derived again and must
 * equal the header's. Every failure to decrypt says only "wrong passphrase or corrupted key file".
 *
 * <p>The passphrase is used as given (its UTF-8 bytes, no Unicode normalization); the caller owns
 * the {@code char[]} and should overwrite it. Stateless and thread-safe.
 */
public final class HolderKeys {
  static final int ENVELOPE_LENGTH = 181;
  private static final byte[] MAGIC = "SRHK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int KDF_SCRYPT = 1;
  private static final int SALT_LENGTH = 16;
  private static final int HEADER_LENGTH = 101;
  private static final String WRONG = "wrong passphrase or corrupted key file";

  private HolderKeys() {}

  /** A fresh X25519 and Ed25519 key pair from {@code random}; the caller owns the result. */
  public static HolderPrivateKeys generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    SecretBytes x = SecretBytes.random(random, Primitives.KEY_LENGTH);
    SecretBytes ed = SecretBytes.random(random, Primitives.KEY_LENGTH);
    return withPublicKeys(x, ed);
  }

  /** Writes {@code keys} into a key file with the strong default KDF cost, {@link ScryptParams#DEFAULT}. */
  public static Bytes seal(HolderPrivateKeys keys, char[] passphrase, SecureRandom random) {
    return seal(keys, passphrase, ScryptParams.DEFAULT, random);
  }

  /**
   * Writes {@code keys} into a key file protected by {@code passphrase}.
   *
   * @param params scrypt cost; use {@link ScryptParams#DEFAULT} for real key files
   * @return the key file, {@value #ENVELOPE_LENGTH} bytes
   * @throws IllegalArgumentException if the passphrase is empty
   */
  public static Bytes seal(HolderPrivateKeys keys, char[] passphrase, ScryptParams params, SecureRandom random) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(random, "random");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    byte[] nonce = new byte[Primitives.GCM_NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] header = new Canonical.Writer()
        .raw(MAGIC)
        .u8(VERSION)
        .u8(KDF_SCRYPT)
        .u8(params.log2N())
        .u8(params.r())
        .u8(params.p())
        .raw(salt)
        .raw(nonce)
        .raw(keys.publicKeys().encryptionKey().toByteArray())
        .raw(keys.publicKeys().signingKey().toByteArray())
        .toByteArray();
    byte[] key = deriveKey(passphrase, salt, params.log2N(), params.r(), params.p());
    byte[] plaintext = new byte[2 * Primitives.KEY_LENGTH];
    try {
      keys.encryptionKey().withBytes(b -> copyInto(b, plaintext, 0));
      keys.signingKey().withBytes(b -> copyInto(b, plaintext, Primitives.KEY_LENGTH));
      byte[] ciphertext = Primitives.aesGcmEncrypt(key, nonce, header, plaintext);
      return Bytes.wrap(new Canonical.Writer().raw(header).raw(ciphertext).toByteArray());
    } finally {
      SecretBytes.zero(key);
      SecretBytes.zero(plaintext);
    }
  }

  /**
   * Opens a key file with {@code passphrase}.
   *
   * @return the private keys; the caller owns them
   * @throws MalformedDataException if the bytes are not a key file of a version this build reads
   * @throws DecryptionFailedException "wrong passphrase or corrupted key file"
   */
  public static HolderPrivateKeys open(Bytes keyFile, char[] passphrase) {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(passphrase, "passphrase");
    byte[] file = keyFile.toByteArray();
    Canonical.Reader r = new Canonical.Reader(file, "key file");
    r.expectMagic(MAGIC, "Strongroom key file");
    r.expectVersion(VERSION);
    int kdf = r.u8();
    if (kdf != KDF_SCRYPT) {
      throw new MalformedDataException("unsupported key file KDF " + kdf);
    }
    if (file.length != ENVELOPE_LENGTH) {
      throw new MalformedDataException("key file is " + file.length + " bytes, expected " + ENVELOPE_LENGTH);
    }
    int log2N = r.u8();
    int cost = r.u8();
    int parallelism = r.u8();
    if (!ScryptParams.inRange(log2N, cost, parallelism)) {
      throw new MalformedDataException("key file KDF parameters out of range: log2N=" + log2N
          + ", r=" + cost + ", p=" + parallelism);
    }
    byte[] salt = r.raw(SALT_LENGTH);
    byte[] nonce = r.raw(Primitives.GCM_NONCE_LENGTH);
    byte[] xPublic = r.raw(Primitives.KEY_LENGTH);
    byte[] edPublic = r.raw(Primitives.KEY_LENGTH);
    byte[] ciphertext = r.raw(2 * Primitives.KEY_LENGTH + Primitives.GCM_TAG_BITS / 8);
    r.end();
    byte[] header = Arrays.copyOf(file, HEADER_LENGTH);
    byte[] key = deriveKey(passphrase, salt, log2N, cost, parallelism);
    byte[] plaintext = Primitives.aesGcmDecrypt(key, nonce, header, ciphertext);
    SecretBytes.zero(key);
    if (plaintext == null) {
      throw new DecryptionFailedException(WRONG);
    }
    try {
      HolderPrivateKeys keys = withPublicKeys(
          SecretBytes.adopt(Arrays.copyOfRange(plaintext, 0, Primitives.KEY_LENGTH)),
          SecretBytes.adopt(Arrays.copyOfRange(plaintext, Primitives.KEY_LENGTH, 2 * Primitives.KEY_LENGTH)));
      if (!MessageDigest.isEqual(keys.publicKeys().encryptionKey().toByteArray(), xPublic)
          || !MessageDigest.isEqual(keys.publicKeys().signingKey().toByteArray(), edPublic)) {
        keys.destroy();
        throw new DecryptionFailedException(WRONG);
      }
      return keys;
    } finally {
      SecretBytes.zero(plaintext);
    }
  }

  private static HolderPrivateKeys withPublicKeys(SecretBytes x25519, SecretBytes ed25519) {
    Bytes xPublic = x25519.withBytes(b -> Bytes.wrap(Primitives.x25519PublicKey(b)));
    Bytes edPublic = ed25519.withBytes(b -> Bytes.wrap(Primitives.ed25519PublicKey(b)));
    return new HolderPrivateKeys(x25519, ed25519, new HolderPublicKeys(xPublic, edPublic));
  }

  private static Void copyInto(byte[] from, byte[] to, int offset) {
    System.arraycopy(from, 0, to, offset, from.length);
    return null;
  }

  private static byte[] deriveKey(char[] passphrase, byte[] salt, int log2N, int r, int p) {
    byte[] secret = utf8(passphrase);
    try {
      return SCrypt.generate(secret, salt, 1 << log2N, r, p, Primitives.KEY_LENGTH);
    } finally {
      SecretBytes.zero(secret);
    }
  }

  private static byte[] utf8(char[] passphrase) {
    CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer buffer;
    try {
      buffer = encoder.encode(CharBuffer.wrap(passphrase));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("passphrase is not valid Unicode (unpaired surrogate)");
    }
    byte[] out = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
    SecretBytes.zero(buffer.array());
    return out;
  }
}
