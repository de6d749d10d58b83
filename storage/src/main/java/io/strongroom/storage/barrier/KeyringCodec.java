package io.strongroom.storage.barrier;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyring at rest.
 *
 * <p>IMPORTANT: compatibility contract. Changing either layout requires a new version byte and a
 * reader for the old one.
 *
 * <pre>
 * wrapped keyring = 0x01 | nonce (12) | AES-256-GCM(root key, nonce, plaintext keyring) with tag (16)
 *                   AAD = 0x01 | "strongroom keyring v1" (UTF-8)
 * plaintext keyring (v1, all integers big-endian):
 *   u8  format = 1
 *   u32 active term
 *   u32 n (number of terms, >= 1)
 *   n x { u32 term (strictly ascending, >= 1), u64 encryptions (reserved count), 32 bytes AES-256 key }
 * </pre>
 */
final class KeyringCodec {

  static final byte WRAP_VERSION = 1;
  static final byte FORMAT = 1;
  static final byte[] PURPOSE = "strongroom keyring v1".getBytes(StandardCharsets.UTF_8);
  private static final int ENTRY_BYTES = 4 + 8 + AesGcm.KEY_BYTES;

  /** One term as stored. The key is owned by the caller that decoded it. */
  record Entry(int term, long encryptions, SecretBytes key) {}

  /** A decoded keyring. */
  record Decoded(int activeTerm, SortedMap<Integer, Entry> entries) {}

  private KeyringCodec() {}

  static Bytes wrap(SecretBytes rootKey, int activeTerm, SortedMap<Integer, Entry> entries, SecureRandom random) {
    byte[] plain = new byte[1 + 4 + 4 + entries.size() * ENTRY_BYTES];
    try {
      ByteBuffer buf = ByteBuffer.wrap(plain);
      buf.put(FORMAT).putInt(activeTerm).putInt(entries.size());
      for (Entry e : entries.values()) {
        buf.putInt(e.term()).putLong(e.encryptions());
        e.key().withBytes(k -> buf.put(k));
      }
      byte[] nonce = new byte[AesGcm.NONCE_BYTES];
      random.nextBytes(nonce);
      byte[] out = new byte[1 + AesGcm.NONCE_BYTES + plain.length + AesGcm.TAG_BYTES];
      out[0] = WRAP_VERSION;
      System.arraycopy(nonce, 0, out, 1, nonce.length);
      rootKey.withBytes(root -> {
        AesGcm.encrypt(new SecretKeySpec(root, "AES"), nonce, plain, out, 1 + AesGcm.NONCE_BYTES, new byte[] {WRAP_VERSION}, PURPOSE);
        return null;
      });
      return Bytes.of(out);
    } finally {
      SecretBytes.zero(plain);
    }
  }

  static Decoded unwrap(SecretBytes rootKey, Bytes wrapped) throws DecryptionFailedException {
    byte[] in = wrapped.toByteArray();
    if (in.length < 1 + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES || in[0] != WRAP_VERSION) {
      throw new DecryptionFailedException();
    }
    byte[] nonce = Arrays.copyOfRange(in, 1, 1 + AesGcm.NONCE_BYTES);
    SecretKey root = rootKey.withBytes(r -> new SecretKeySpec(r, "AES"));
    byte[] plain = AesGcm.decrypt(root, nonce, in, 1 + AesGcm.NONCE_BYTES, in.length - 1 - AesGcm.NONCE_BYTES,
        new byte[] {WRAP_VERSION}, PURPOSE);
    try {
      return decode(plain);
    } finally {
      SecretBytes.zero(plain);
    }
  }

  /** Authenticated bytes that do not parse mean a bug or a format from the future: fail loudly. */
  private static Decoded decode(byte[] plain) {
    ByteBuffer buf = ByteBuffer.wrap(plain);
    if (plain.length < 9 || buf.get() != FORMAT) {
      throw new IllegalStateException("keyring has an unknown format");
    }
    int active = buf.getInt();
    int n = buf.getInt();
    if (n < 1 || buf.remaining() != (long) n * ENTRY_BYTES) {
      throw new IllegalStateException("keyring is malformed: " + n + " terms in " + plain.length + " bytes");
    }
    SortedMap<Integer, Entry> entries = new TreeMap<>();
    int previous = 0;
    for (int i = 0; i < n; i++) {
      int term = buf.getInt();
      long count = buf.getLong();
      byte[] key = new byte[AesGcm.KEY_BYTES];
      buf.get(key);
      if (term <= previous || count < 0) {
        SecretBytes.zero(key);
        throw new IllegalStateException("keyring is malformed: term " + term + " after " + previous + ", count " + count);
      }
      previous = term;
      entries.put(term, new Entry(term, count, SecretBytes.adopt(key)));
    }
    if (!entries.containsKey(active)) {
      throw new IllegalStateException("keyring is malformed: active term " + active + " is not among " + entries.keySet());
    }
    return new Decoded(active, entries);
  }
}
