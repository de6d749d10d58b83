package io.strongroom.storage.barrier;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption barrier: everything secret passes through {@link #seal} before it is stored or
 * proposed, and through {@link #open} after it is read.
 *
 * <p>Guarantee: AES-256-GCM authenticated encryption with a random 96-bit nonce per value, bound to
 * the storage path. A ciphertext opens only under the path it was sealed for; any change to its bytes
 * makes {@link #open} fail with {@link DecryptionFailedException} ("decryption failed", nothing more).
 *
 * <p>Keyring: term -> AES-256 key. New values use the active term; every term stays available for
 * decryption, so rotation never re-encrypts old data. The active term rotates automatically before
 * it has done {@link BarrierPolicy#maxEncryptionsPerTerm()} encryptions, with a new key drawn from the
 * caller's random source, or on demand via {@link #rotate}. The keyring is persisted through the
 * {@link KeyringSink}, wrapped under the root key (see {@code KeyringCodec} for the format).
 *
 * <p>IMPORTANT: ciphertext format, a compatibility contract (integers big-endian):
 * <pre>
 * ciphertext = version (1 byte, 0x01) | term (u32) | nonce (12) | AES-GCM ciphertext | tag (16)
 * AAD        = version | term | path (UTF-8)
 * </pre>
 * The version is 0x01 for AES-256-GCM; the term picks the key.
 *
 * <p>Determinism: the barrier never creates randomness or reads a clock: nonces and new keys come
 * from the {@link SecureRandom} the caller passes in. It is used at the edge (on the leader), never
 * inside the replicated apply.
 *
 * <p>Threading: thread-safe. Encryption and decryption run concurrently; counting and rotation are
 * serialised on a small lock. {@link #close()} zeroes this object's key copies; afterwards every
 * call fails with {@link IllegalStateException}.
 */
public final class Barrier implements Sealer, AutoCloseable {

  /** Bytes a sealed value adds to its plaintext: version, term, nonce and tag. */
  public static final int OVERHEAD = 1 + 4 + AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;

  static final byte VERSION = 1;
  private static final int HEADER = 1 + 4;

  /** One key term. {@code count} and {@code reserved} are guarded by the barrier's lock. */
  private static final class Term {
    final int term;
    final SecretBytes key;
    final SecretKey spec;
    long count;
    long reserved;

    Term(int term, SecretBytes key, long count, long reserved) {
      this.term = term;
      this.key = key;
      this.spec = key.withBytes(k -> new SecretKeySpec(k, "AES"));
      this.count = count;
      this.reserved = reserved;
    }
  }

  private final SecretBytes rootKey;
  private final BarrierPolicy policy;
  private final KeyringSink sink;
  private final Object lock = new Object();
  /** Copy-on-write: replaced, never mutated, so {@link #open} reads it without locking. */
  private volatile SortedMap<Integer, Term> terms;
  private volatile Term active;
  private volatile boolean closed;

  private Barrier(SecretBytes rootKey, BarrierPolicy policy, KeyringSink sink, SortedMap<Integer, Term> terms, Term active) {
    this.rootKey = rootKey;
    this.policy = policy;
    this.sink = sink;
    this.terms = terms;
    this.active = active;
  }

  /**
   * Creates a keyring with {@code firstKey} as term 1 and persists it through {@code sink}. The
   * barrier keeps its own copies of both keys; the caller still owns (and should destroy) its own.
   *
   * @throws IllegalArgumentException if a key is not 32 bytes
   */
  public static Barrier initialize(SecretBytes rootKey, SecretBytes firstKey, BarrierPolicy policy,
                  KeyringSink sink, SecureRandom random) {
    checkKey("root key", rootKey);
    checkKey("first key", firstKey);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(sink, "sink");
    Term first = new Term(1, SecretBytes.adopt(firstKey.toByteArray()), 0, 0);
    SortedMap<Integer, Term> terms = new TreeMap<>();
    terms.put(1, first);
    Barrier barrier = new Barrier(SecretBytes.adopt(rootKey.toByteArray()), policy, sink,
        Collections.unmodifiableSortedMap(terms), first);
    synchronized (barrier.lock) {
      barrier.reserveLocked(random);
    }
    return barrier;
  }

  /**
   * Re-wraps a persisted keyring under a new root key (for rekey), without opening a barrier: the
   * data keys and their encryption counts carry over unchanged, so every stored value still reads.
   * Every decoded key is zeroed before returning.
   *
   * @throws DecryptionFailedException if {@code oldRootKey} does not open {@code wrappedKeyring}
   */
  public static Bytes rewrap(SecretBytes oldRootKey, SecretBytes newRootKey, Bytes wrappedKeyring, SecureRandom random)
      throws DecryptionFailedException {
    checkKey("old root key", oldRootKey);
    checkKey("new root key", newRootKey);
    Objects.requireNonNull(random, "random");
    KeyringCodec.Decoded decoded = KeyringCodec.unwrap(oldRootKey, wrappedKeyring);
    try {
      return KeyringCodec.wrap(newRootKey, decoded.activeTerm(), decoded.entries(), random);
    } finally {
      decoded.entries().values().forEach(e -> e.key().destroy());
    }
  }

  /**
   * Opens a keyring previously persisted by a barrier. The encryption count of the active term
   * resumes from its persisted reservation.
   *
   * @throws DecryptionFailedException if {@code rootKey} is wrong or the bytes were altered
   */
  public static Barrier unseal(SecretBytes rootKey, Bytes wrappedKeyring, BarrierPolicy policy, KeyringSink sink)
      throws DecryptionFailedException {
    checkKey("root key", rootKey);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(sink, "sink");
    KeyringCodec.Decoded decoded = KeyringCodec.unwrap(rootKey, wrappedKeyring);
    SortedMap<Integer, Term> terms = new TreeMap<>();
    for (KeyringCodec.Entry e : decoded.entries().values()) {
      terms.put(e.term(), new Term(e.term(), e.key(), e.encryptions(), e.encryptions()));
    }
    return new Barrier(SecretBytes.adopt(rootKey.toByteArray()), policy, sink,
        Collections.unmodifiableSortedMap(terms), terms.get(decoded.activeTerm()));
  }

  /**
   * Adopts a newer persisted keyring (another replica rotated, or reserved encryptions), opening it
   * with this barrier's root key. Terms only ever grow: a keyring that lacks a term this barrier
   * has, or whose active term is older, is refused and nothing changes. Encryption counts take the
   * larger of the two views.
   *
   * @throws DecryptionFailedException if this root key does not open {@code wrappedKeyring} (the
   *     root key changed: the caller must seal)
   * @throws IllegalArgumentException if the keyring is older than this barrier's
   */
  public void refresh(Bytes wrappedKeyring) throws DecryptionFailedException {
    KeyringCodec.Decoded decoded;
    synchronized (lock) {
      checkOpen();
      decoded = KeyringCodec.unwrap(rootKey, wrappedKeyring);
      SortedMap<Integer, Term> grown = new TreeMap<>();
      for (KeyringCodec.Entry e : decoded.entries().values()) {
        Term mine = terms.get(e.term());
        if (mine != null) {
          e.key().destroy();
          mine.count = Math.max(mine.count, e.encryptions());
          mine.reserved = Math.max(mine.reserved, e.encryptions());
          grown.put(e.term(), mine);
        } else {
          grown.put(e.term(), new Term(e.term(), e.key(), e.encryptions(), e.encryptions()));
        }
      }
      if (!grown.keySet().containsAll(terms.keySet()) || decoded.activeTerm() < active.term) {
        throw new IllegalArgumentException(
            "keyring is older than the barrier's: terms " + grown.keySet() + " active " + decoded.activeTerm()
                + ", barrier has " + terms.keySet() + " active " + active.term);
      }
      terms = Collections.unmodifiableSortedMap(grown);
      active = grown.get(decoded.activeTerm());
    }
  }

  /**
   * Encrypts {@code plaintext} for {@code path} under the active term. May first rotate the term
   * (new key from {@code random}) or persist a new count reservation, both through the sink.
   *
   * @return the ciphertext (format in the class comment); the plaintext array is not modified
   */
  @Override
  public Bytes seal(String path, byte[] plaintext, SecureRandom random) {
    byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
    Term term;
    synchronized (lock) {
      checkOpen();
      term = active;
      if (term.count >= policy.maxEncryptionsPerTerm()) {
        rotateLocked(SecretBytes.random(random, AesGcm.KEY_BYTES), random);
        term = active;
      }
      if (term.count >= term.reserved) {
        reserveLocked(random);
      }
      term.count++;
    }
    byte[] out = new byte[OVERHEAD + plaintext.length];
    ByteBuffer.wrap(out).put(VERSION).putInt(term.term);
    byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    random.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, HEADER, nonce.length);
    byte[] header = {out[0], out[1], out[2], out[3], out[4]};
    AesGcm.encrypt(term.spec, nonce, plaintext, out, HEADER + AesGcm.NONCE_BYTES, header, pathBytes);
    return Bytes.of(out);
  }

  /**
   * Decrypts a value sealed for {@code path} by this keyring (any term).
   *
   * @return the plaintext; the caller owns it and should destroy it when done
   * @throws DecryptionFailedException if the path, term, version or any byte does not match
   */
  @Override
  public SecretBytes open(String path, Bytes ciphertext) throws DecryptionFailedException {
    checkOpen();
    byte[] in = ciphertext.toByteArray();
    if (in.length < OVERHEAD || in[0] != VERSION) {
      throw new DecryptionFailedException();
    }
    Term term = terms.get(ByteBuffer.wrap(in, 1, 4).getInt());
    if (term == null) {
      throw new DecryptionFailedException();
    }
    byte[] header = {in[0], in[1], in[2], in[3], in[4]};
    byte[] nonce = Arrays.copyOfRange(in, HEADER, HEADER + AesGcm.NONCE_BYTES);
    int offset = HEADER + AesGcm.NONCE_BYTES;
    return SecretBytes.adopt(AesGcm.decrypt(term.spec, nonce, in, offset, in.length - offset,
        header, path.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Adds a term with {@code newKey} (copied), makes it active and persists the keyring. Old terms
   * keep decrypting.
   *
   * @return the new term
   */
  public int rotate(SecretBytes newKey, SecureRandom random) {
    checkKey("new key", newKey);
    synchronized (lock) {
      checkOpen();
      rotateLocked(SecretBytes.adopt(newKey.toByteArray()), random);
      return active.term;
    }
  }

  /** The term new values are sealed under. */
  public int activeTerm() {
    return active.term;
  }

  /**
   * Encryptions counted for {@code term}: since its creation, or since the last unseal counting
   * from the persisted reservation (an upper bound of the true count). 0 for an unknown term.
   */
  public long encryptions(int term) {
    Term t = terms.get(term);
    if (t == null) {
      return 0;
    }
    synchronized (lock) {
      return t.count;
    }
  }

  /** The term a ciphertext names in its header, without decrypting it; empty if it is malformed. */
  public static OptionalInt termOf(Bytes ciphertext) {
    if (ciphertext.length() < OVERHEAD || ciphertext.get(0) != VERSION) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(((ciphertext.get(1) & 0xFF) << 24) | ((ciphertext.get(2) & 0xFF) << 16)
        | ((ciphertext.get(3) & 0xFF) << 8) | (ciphertext.get(4) & 0xFF));
  }

  /** Zeroes this barrier's copies of the root key and data keys. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      rootKey.destroy();
      terms.values().forEach(t -> t.key.destroy());
    }
  }

  @Override
  public String toString() {
    return "Barrier[activeTerm=" + active.term + ", terms=" + terms.keySet() + (closed ? ", closed]" : "]");
  }

  /** New term: persist first, publish after, so no ciphertext names a term the keyring lacks. */
  private void rotateLocked(SecretBytes key, SecureRandom random) {
    int next = terms.lastKey() + 1;
    long reserved = Math.min(policy.reservationBlock(), policy.maxEncryptionsPerTerm());
    Term fresh = new Term(next, key, 0, reserved);
    SortedMap<Integer, Term> grown = new TreeMap<>(terms);
    grown.put(next, fresh);
    try {
      sink.store(wrap(grown, fresh, reserved, random));
    } catch (RuntimeException | Error e) {
      key.destroy();
      throw e;
    }
    terms = Collections.unmodifiableSortedMap(grown);
    active = fresh;
  }

  /** Persists a reservation of the next block of encryptions for the active term. */
  private void reserveLocked(SecureRandom random) {
    Term term = active;
    long reserved = Math.min(term.count + policy.reservationBlock(), policy.maxEncryptionsPerTerm());
    sink.store(wrap(terms, term, reserved, random));
    term.reserved = reserved;
  }

  private Bytes wrap(SortedMap<Integer, Term> all, Term activeTerm, long activeReserved, SecureRandom random) {
    SortedMap<Integer, KeyringCodec.Entry> entries = new TreeMap<>();
    for (Term t : all.values()) {
      long count = t == activeTerm ? activeReserved : Math.max(t.count, t.reserved);
      entries.put(t.term, new KeyringCodec.Entry(t.term, count, t.key));
    }
    return KeyringCodec.wrap(rootKey, activeTerm.term, entries, random);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("barrier is closed (keys destroyed)");
    }
  }

  private static void checkKey(String name, SecretBytes key) {
    Objects.requireNonNull(key, name);
    if (key.length() != AesGcm.KEY_BYTES) {
      throw new IllegalArgumentException(name + " must be " + AesGcm.KEY_BYTES + " bytes (AES-256), was " + key.length());
    }
  }
}
