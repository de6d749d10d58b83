package io.strongroom.unseal;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPublicKeys;
import io.strongroom.crypto.InvalidThresholdException;
import io.strongroom.crypto.KeySet;
import io.strongroom.crypto.KeySetId;
import io.strongroom.crypto.MalformedDataException;
import io.strongroom.crypto.RootKeySplit;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.crypto.ShamirSplitter;
import io.strongroom.crypto.Share;
import io.strongroom.crypto.ShareCodec;
import io.strongroom.crypto.ShareCombiner;
import io.strongroom.crypto.ShareFormatException;
import io.strongroom.crypto.ShareMismatchException;
import io.strongroom.crypto.ShareSealer;
import io.strongroom.crypto.WrongKeySetException;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.BarrierPolicy;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.barrier.KeyringSink;
import io.strongroom.unseal.CeremonyEvent.Ceremony;
import io.strongroom.unseal.CeremonyEvent.Outcome;
import io.strongroom.unseal.CeremonyException.Reason;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The seal lifecycle of one node: init, unseal, seal, rekey, rotate, generate-root and
 * auto-unseal, over the states and transitions of {@link SealState}.
 *
 * <p><b>Guarantees.</b>
 * <ul>
 *   <li>A node always starts {@link SealState#SEALED} (or {@link SealState#UNINITIALIZED}); with an
 *       HSM seal it then unseals itself. Every transition is checked against the {@link SealState}
 *       table; an illegal one throws {@link IllegalTransitionException}, never a silent no-op.</li>
 *   <li>The root key exists only in memory, only while {@link SealState#UNSEALED} (inside the
 *       barrier) or while a ceremony combines shares; it is zeroed on seal, on close and after each
 *       ceremony. Submitted shares are kept in memory until the ceremony completes or is reset.</li>
 *   <li>A submitted share is checked at once, alone, against the key set's commitments: a
 *       malformed, wrong, duplicate or outdated share is refused with a {@link CeremonyException}
 *       naming the holder index, and does not count.</li>
 *   <li>While not unsealed, every data operation and every keyed ceremony throws
 *       {@link SealedException} ("node is sealed").</li>
 *   <li>Every ceremony step, accepted or refused, emits one {@link CeremonyEvent} to the
 *       {@link AuditSink}; events, results' {@code toString} and exception messages never contain
 *       share material, key material or tokens.</li>
 *   <li>No clock and no randomness except the {@link SecureRandom} passed to {@link #start}.
 *       Persistent state goes only through the {@link SealStore}; unseal progress is per node and
 *       never stored.</li>
 * </ul>
 *
 * <p><b>Threading.</b> Thread-safe. Lifecycle and ceremony calls are serialized on one exclusive
 * lock (like Ratis' {@code LifeCycle}); the data operations ({@link #encrypt}, {@link #decrypt})
 * share a read lock and run concurrently. The audit sink and the store are called with the lock
 * held.
 *
 * <p><b>Ownership.</b> Strings in results (shares, tokens) belong to the caller, who shows them and
 * drops them; {@link SecretBytes} handed out are copies the caller must destroy.
 */
public final class SealLifecycle implements AutoCloseable {
  /** Share count when the caller gives none. */
  public static final int DEFAULT_SHARES = ShamirSplitter.DEFAULT_SHARES;
  /** Threshold when the caller gives none. */
  public static final int DEFAULT_THRESHOLD = ShamirSplitter.DEFAULT_THRESHOLD;

  static final String PATH_PREFIX = "sys/seal/";
  static final String PATH_AUDIT_HMAC = PATH_PREFIX + "audit-hmac-key";
  static final String PATH_AUDIT_SIGNING = PATH_PREFIX + "audit-signing-key";
  static final String PATH_ROOT_TOKENS = PATH_PREFIX + "root-token-hashes";
  private static final int KEY_BYTES = 32;
  private static final int MAX_ROOT_TOKENS = 0xFFFF;

  private final SealStore store;
  private final AuditSink audit;
  private final SecureRandom random;
  private final BarrierPolicy policy;
  private final RootKeyWrapper hsm;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Object recordLock = new Object();

  // Written only under the write lock; read under either lock.
  private volatile SealState state;
  private volatile Barrier barrier;
  // Written under recordLock (the keyring sink runs under the read lock).
  private volatile SealRecord record;
  /**
   * The root-token hashes last opened, with the sealed bytes they came from: every request with a
   * token asks whether it is a root token, and opening the list each time was an AES-GCM
   * decryption per request. Dropped with the keys; reopened when the record's list changes.
   */
  private volatile OpenTokenHashes rootTokenHashes;
  private Bytes initKeyring;

  private record OpenTokenHashes(Bytes sealed, List<Bytes> hashes) {}
  // Guarded by the write lock.
  private final TreeMap<Integer, Share> unsealShares = new TreeMap<>();
  private String unsealNonce = "";
  private RekeyCeremony rekey;
  private GenerateRootCeremony generateRoot;

  private SealLifecycle(SealStore store, AuditSink audit, SecureRandom random, BarrierPolicy policy,
      RootKeyWrapper hsm) {
    this.store = store;
    this.audit = audit;
    this.random = random;
    this.policy = policy;
    this.hsm = hsm;
  }

  /**
   * Starts a node: loads the seal record and enters {@link SealState#SEALED}, or
   * {@link SealState#UNINITIALIZED} if there is none. With an HSM seal ({@code autoSeal} present and
   * a pkcs11 record) it then unseals itself; if the HSM fails the node stays sealed (see
   * {@link #status()}, the audit event, and {@link #autoUnseal()} to retry).
   *
   * @param autoSeal the HSM key that wraps the root key; empty for a Shamir seal
   * @throws HsmException if the stored seal type does not match {@code autoSeal} (seal migration is
   *     not supported)
   * @throws IllegalArgumentException if the stored record is malformed
   */
  public static SealLifecycle start(SealStore store, AuditSink audit, SecureRandom random,
      Optional<RootKeyWrapper> autoSeal) {
    return start(store, audit, random, autoSeal, BarrierPolicy.DEFAULT);
  }

  /** As {@link #start(SealStore, AuditSink, SecureRandom, Optional)} with a barrier policy. */
  public static SealLifecycle start(SealStore store, AuditSink audit, SecureRandom random,
      Optional<RootKeyWrapper> autoSeal, BarrierPolicy policy) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(autoSeal, "autoSeal");
    Objects.requireNonNull(policy, "policy");
    SealLifecycle node = new SealLifecycle(store, audit, random, policy, autoSeal.orElse(null));
    Optional<SealRecord> loaded = store.load();
    node.record = loaded.orElse(null);
    node.state = loaded.isPresent() ? SealState.SEALED : SealState.UNINITIALIZED;
    if (loaded.isPresent()) {
      SealType type = loaded.get().type();
      if (type == SealType.PKCS11 && autoSeal.isEmpty()) {
        throw new HsmException("the cluster uses a pkcs11 seal but this node has no HSM configured");
      }
      if (type == SealType.SHAMIR && autoSeal.isPresent()) {
        throw new HsmException("the cluster uses a shamir seal but this node has an HSM configured;"
            + " seal migration is not supported");
      }
      if (type == SealType.PKCS11) {
        try {
          node.autoUnseal();
        } catch (HsmException e) {
          // Stays sealed; the event says why, and autoUnseal() may be retried.
        }
      }
    }
    return node;
  }

  // ---------------------------------------------------------------- status

  /** The current state. */
  public SealState state() {
    return state;
  }

  /** A snapshot of the seal status, safe to show anyone. */
  public SealStatus status() {
    return exclusive(() -> {
      SealRecord r = record;
      if (r == null) {
        return new SealStatus(state, Optional.empty(), Optional.empty(), 0, 0, 0, "", 0);
      }
      Barrier b = barrier;
      return new SealStatus(state, Optional.of(r.type()), Optional.of(r.keySet().id()), r.keySet().threshold(),
          r.keySet().shares(), unsealShares.size(), unsealNonce,
          state == SealState.UNSEALED && b != null ? b.activeTerm() : 0);
    });
  }

  // ---------------------------------------------------------------- init

  /**
   * Initializes the cluster: makes the root key, keyring term 1, the audit HMAC and signing keys
   * and the first root token; splits the root key (or, with an HSM seal, a separate recovery key)
   * into {@code shares} shares with threshold {@code threshold}; stores the seal record. A Shamir
   * node is then {@link SealState#SEALED}; an HSM node unseals itself.
   *
   * @param holders empty to hand out share texts in the clear, or one public key per share to hand
   *     out envelopes sealed to each holder (share {@code i} to {@code holders.get(i - 1)})
   * @throws AlreadyInitializedException if a seal record exists
   * @throws CeremonyException {@link Reason#INVALID_REQUEST} for a bad share count, threshold or
   *     holder key list
   */
  public InitResult init(int shares, int threshold, List<HolderPublicKeys> holders) {
    Objects.requireNonNull(holders, "holders");
    return step(Ceremony.INIT, "init", () -> {
      checkNotClosed(SealState.SEALED);
      if (state != SealState.UNINITIALIZED || record != null || store.load().isPresent()) {
        throw new AlreadyInitializedException();
      }
      checkSplitRequest(shares, threshold, holders);
      SealType type = hsm == null ? SealType.SHAMIR : SealType.PKCS11;
      List<HolderPublicKeys> holderKeys = List.copyOf(holders);
      SecretBytes rootKey = SecretBytes.random(random, KEY_BYTES);
      SecretBytes firstKey = SecretBytes.random(random, KEY_BYTES);
      SecretBytes hmacKey = SecretBytes.random(random, KEY_BYTES);
      SecretBytes signingKey = SecretBytes.random(random, KEY_BYTES);
      SecretBytes token = RootTokens.mint(random);
      SecretBytes recoveryKey = null;
      RootKeySplit split = null;
      Barrier fresh = null;
      try {
        fresh = Barrier.initialize(rootKey, firstKey, policy, keyringSink(), random);
        Barrier b = fresh;
        Bytes sealedHmac = hmacKey.withBytes(k -> b.seal(PATH_AUDIT_HMAC, k, random));
        Bytes sealedSigning = signingKey.withBytes(k -> b.seal(PATH_AUDIT_SIGNING, k, random));
        String tokenText = RootTokens.text(token);
        Bytes sealedTokens = sealTokenHashes(b, List.of(RootTokens.hash(tokenText)));
        Bytes hsmWrapped = Bytes.EMPTY;
        if (type == SealType.PKCS11) {
          recoveryKey = SecretBytes.random(random, KEY_BYTES);
          split = ShamirSplitter.split(recoveryKey, shares, threshold, random);
          hsmWrapped = hsmWrap(rootKey);
        } else {
          split = ShamirSplitter.split(rootKey, shares, threshold, random);
        }
        Bytes keyring;
        synchronized (recordLock) {
          keyring = initKeyring;
          initKeyring = null;
        }
        SealRecord next = new SealRecord(type, split.keySet(), holderKeys, List.of(), keyring, hsmWrapped,
            sealedHmac, sealedSigning, sealedTokens);
        List<String> out = handOut(split, holderKeys);
        store.store(next);
        synchronized (recordLock) {
          record = next;
        }
        fresh.close();
        fresh = null;
        moveTo(SealState.SEALED);
        emit(Ceremony.INIT, "complete", Outcome.COMPLETED, 0, 0, threshold, "");
        if (type == SealType.PKCS11) {
          autoUnsealLocked();
        }
        return new InitResult(type, next.keySet(), !holderKeys.isEmpty(), out, tokenText);
      } finally {
        if (fresh != null) {
          fresh.close();
        }
        if (split != null) {
          split.destroy();
        }
        if (recoveryKey != null) {
          recoveryKey.destroy();
        }
        rootKey.destroy();
        firstKey.destroy();
        hmacKey.destroy();
        signingKey.destroy();
        token.destroy();
      }
    });
  }

  // ---------------------------------------------------------------- unseal

  /**
   * Submits one unseal share (share text). Shares come one at a time, in any order, from different
   * people; after {@code k} valid ones the root key is rebuilt, checked against the key check value,
   * the keyring is unwrapped and the node is unsealed.
   *
   * @return {@link UnsealResult.Progress} or {@link UnsealResult.Unsealed}
   * @throws CeremonyException if the share is refused (it does not count)
   * @throws IllegalTransitionException if the node is not sealed (already unsealed, not initialized,
   *     closed)
   */
  public UnsealResult unseal(String shareText) {
    Objects.requireNonNull(shareText, "shareText");
    return step(Ceremony.UNSEAL, "submit", () -> {
      checkTransition(SealState.UNSEALED);
      if (record.type() == SealType.PKCS11) {
        throw new CeremonyException(Reason.NOT_SUPPORTED,
            "recovery shares cannot unseal a pkcs11 seal: the node unseals through its HSM");
      }
      KeySet keySet = record.keySet();
      Share share = acceptShare(keySet, unsealShares, shareText);
      if (unsealNonce.isEmpty()) {
        unsealNonce = nonce();
      }
      unsealShares.put(share.index(), share);
      emit(Ceremony.UNSEAL, "submit", Outcome.ACCEPTED, share.index(), unsealShares.size(), keySet.threshold(), "");
      if (unsealShares.size() < keySet.threshold()) {
        return new UnsealResult.Progress(keySet.threshold(), keySet.shares(), unsealShares.size(), unsealNonce);
      }
      SecretBytes rootKey;
      try {
        rootKey = ShareCombiner.combine(keySet, unsealShares.values());
      } finally {
        clearUnsealProgress();
      }
      try {
        openBarrier(rootKey);
      } finally {
        rootKey.destroy();
      }
      emit(Ceremony.UNSEAL, "complete", Outcome.COMPLETED, 0, keySet.threshold(), keySet.threshold(), "");
      return new UnsealResult.Unsealed(keySet.id(), barrier.activeTerm());
    });
  }

  /**
   * Clears the unseal progress of this node (the shares submitted so far are zeroed).
   *
   * @return the progress afterwards (0, no nonce)
   * @throws IllegalTransitionException if the node is not initialized or is closed
   */
  public UnsealResult.Progress unsealReset() {
    return step(Ceremony.UNSEAL, "reset", () -> {
      checkNotClosed(SealState.SEALED);
      if (state == SealState.UNINITIALIZED) {
        throw new IllegalTransitionException(state, SealState.SEALED);
      }
      int before = unsealShares.size();
      clearUnsealProgress();
      KeySet ks = record.keySet();
      emit(Ceremony.UNSEAL, "reset", Outcome.CANCELLED, 0, 0, ks.threshold(), "cleared " + before + " shares");
      return new UnsealResult.Progress(ks.threshold(), ks.shares(), 0, "");
    });
  }

  /**
   * Unseals through the HSM (pkcs11 seal): what the node does by itself at start; call it again
   * after a {@link #seal()} or a failed start.
   *
   * @throws HsmException if the HSM cannot unwrap the root key
   * @throws CeremonyException {@link Reason#NOT_SUPPORTED} for a Shamir seal
   * @throws IllegalTransitionException if the node is not sealed
   */
  public UnsealResult.Unsealed autoUnseal() {
    return step(Ceremony.AUTO_UNSEAL, "unwrap", () -> {
      checkTransition(SealState.UNSEALED);
      if (record.type() != SealType.PKCS11 || hsm == null) {
        throw new CeremonyException(Reason.NOT_SUPPORTED, "auto-unseal needs a pkcs11 seal");
      }
      return autoUnsealLocked();
    });
  }

  // ---------------------------------------------------------------- seal and close

  /**
   * Seals the node: ceremonies in progress are abandoned, the barrier and system keys are zeroed,
   * and every data operation is refused from now on. Authorization (a sudo operator) is the
   * caller's job.
   *
   * @throws IllegalTransitionException if the node is not unsealed
   */
  public void seal() {
    step(Ceremony.SEAL, "seal", () -> {
      if (state != SealState.UNSEALED) {
        // UNINITIALIZED -> SEALED is init's move, not seal's.
        throw new IllegalTransitionException(state, SealState.SEALED);
      }
      dropKeys();
      moveTo(SealState.SEALED);
      emit(Ceremony.SEAL, "seal", Outcome.COMPLETED, 0, 0, 0, "");
      return null;
    });
  }

  /**
   * Closes the node for process exit: zeroes every key and submitted share. Idempotent, so an exit
   * path may always call it; every other call afterwards throws {@link IllegalTransitionException}.
   */
  @Override
  public void close() {
    exclusive(() -> {
      if (state == SealState.CLOSED) {
        return null;
      }
      dropKeys();
      clearUnsealProgress();
      moveTo(SealState.CLOSED);
      emit(Ceremony.CLOSE, "close", Outcome.COMPLETED, 0, 0, 0, "");
      return null;
    });
  }

  // ---------------------------------------------------------------- replication

  /**
   * Adopts a seal record another node stored, as it reaches this node through the replicated log.
   * Never writes the store. An uninitialized node becomes sealed (and an HSM node tries to unseal
   * itself); a sealed node whose key set changed drops its unseal progress; an unsealed node adopts
   * the rotated keyring with the root key it holds, and seals itself, zeroing every key, if that
   * root key no longer opens it (another node rekeyed). A record equal to the current one, or one
   * older than this node's keyring, changes nothing.
   */
  public void recordChanged(SealRecord next) {
    Objects.requireNonNull(next, "next");
    // This node's own writes come back through the log too (a keyring reservation every 65,536
    // encryptions). Nothing to adopt, and queueing for the write lock would stop every reader
    // behind it while the writer of the record may still hold a read lock, waiting for the answer
    // of its commit.
    synchronized (recordLock) {
      if (next.equals(record)) {
        return;
      }
    }
    exclusive(() -> {
      synchronized (recordLock) {
        SealRecord current = record;
        if (next.equals(current) || state == SealState.CLOSED) {
          return null;
        }
        if (state == SealState.UNSEALED) {
          try {
            barrier.refresh(next.wrappedKeyring());
          } catch (IllegalArgumentException older) {
            return null; // a stale record: this node already holds a newer keyring
          } catch (DecryptionFailedException rootKeyChanged) {
            record = next;
            dropKeys();
            clearUnsealProgress();
            moveTo(SealState.SEALED);
            emit(Ceremony.SEAL, "root key changed on another node", Outcome.COMPLETED, 0, 0, 0,
                "key set " + next.keySet().id());
            return null;
          }
          record = next;
          return null;
        }
        record = next;
        if (state == SealState.UNINITIALIZED) {
          moveTo(SealState.SEALED);
          emit(Ceremony.INIT, "initialized on another node", Outcome.COMPLETED, 0, 0, 0, "key set " + next.keySet().id());
          if (next.type() == SealType.PKCS11 && hsm != null) {
            try {
              autoUnsealLocked();
            } catch (HsmException e) {
              // Stays sealed; autoUnseal() may be retried.
            }
          }
        } else if (current != null && !current.keySet().id().equals(next.keySet().id())) {
          clearUnsealProgress();
        }
        return null;
      }
    });
  }

  // ---------------------------------------------------------------- rotate

  /**
   * Adds a keyring term with a fresh key and makes it active: new writes use it, old data still
   * reads. Needs no holders.
   *
   * @return the new active term
   * @throws SealedException if the node is not unsealed
   */
  public int rotate() {
    return step(Ceremony.ROTATE, "rotate", () -> {
      requireUnsealed();
      try (SecretBytes key = SecretBytes.random(random, KEY_BYTES)) {
        int term = barrier.rotate(key, random);
        emit(Ceremony.ROTATE, "rotate", Outcome.COMPLETED, 0, 0, 0, "term " + term);
        return term;
      }
    });
  }

  // ---------------------------------------------------------------- rekey

  /**
   * Starts a rekey to {@code shares} shares with threshold {@code threshold}, to be authorized by
   * {@code k} current shares ({@link #rekeySubmit}). With an HSM seal this rekeys the recovery
   * shares; the root key is unchanged.
   *
   * @param holders empty for share texts, or one public key per new share for sealed envelopes
   * @param requireVerification if true, the new shares take effect only after {@code k} of them
   *     are submitted back ({@link #rekeyVerify})
   * @return the progress (0 shares), with the nonce the submissions must name
   * @throws SealedException if the node is not unsealed
   * @throws CeremonyException {@link Reason#CEREMONY_IN_PROGRESS} if a rekey runs, or
   *     {@link Reason#INVALID_REQUEST}
   */
  public RekeyResult.Progress rekeyStart(int shares, int threshold, List<HolderPublicKeys> holders,
      boolean requireVerification) {
    Objects.requireNonNull(holders, "holders");
    return step(Ceremony.REKEY, "start", () -> {
      requireUnsealed();
      if (rekey != null) {
        throw new CeremonyException(Reason.CEREMONY_IN_PROGRESS, "a rekey is already in progress");
      }
      checkSplitRequest(shares, threshold, holders);
      rekey = new RekeyCeremony(nonce(), shares, threshold, List.copyOf(holders), requireVerification);
      emit(Ceremony.REKEY, "start", Outcome.ACCEPTED, 0, 0, record.keySet().threshold(),
          "new shares " + shares + ", new threshold " + threshold + (requireVerification ? ", with verification" : ""));
      return rekey.progress(record.keySet());
    });
  }

  /**
   * Submits one current share (unseal share, or recovery share for an HSM seal) to authorize the
   * running rekey. After {@code k}: without verification the new key set takes effect and its
   * shares are returned ({@link RekeyResult.Rekeyed}); with verification the new shares are
   * returned but not yet in effect ({@link RekeyResult.PendingVerification}).
   *
   * @throws CeremonyException if the share is refused, or the nonce names no running authorization
   */
  public RekeyResult rekeySubmit(String nonce, String shareText) {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(shareText, "shareText");
    return step(Ceremony.REKEY, "submit", () -> {
      requireUnsealed();
      if (rekey == null || rekey.pending != null || !rekey.nonce.equals(nonce)) {
        throw new CeremonyException(Reason.NO_CEREMONY, "no rekey authorization with this nonce is in progress");
      }
      KeySet current = record.keySet();
      Share share = acceptShare(current, rekey.collected, shareText);
      rekey.collected.put(share.index(), share);
      emit(Ceremony.REKEY, "submit", Outcome.ACCEPTED, share.index(), rekey.collected.size(), current.threshold(), "");
      if (rekey.collected.size() < current.threshold()) {
        return rekey.progress(current);
      }
      SecretBytes authorizedKey = ShareCombiner.combine(current, rekey.collected.values());
      rekey.destroyCollected();
      SecretBytes newKey = null;
      RootKeySplit split = null;
      try {
        newKey = SecretBytes.random(random, KEY_BYTES);
        split = ShamirSplitter.split(newKey, rekey.newShares, rekey.newThreshold, random);
        List<String> out = handOut(split, rekey.holders);
        if (!rekey.verify) {
          commitRekey(authorizedKey, newKey, split.keySet(), rekey.holders);
          rekey = null;
          emit(Ceremony.REKEY, "complete", Outcome.COMPLETED, 0, current.threshold(), current.threshold(),
              "new key set " + split.keySet().id());
          return new RekeyResult.Rekeyed(split.keySet().id(), out);
        }
        rekey.pending = new PendingKeys(authorizedKey, newKey, split.keySet(), nonce());
        authorizedKey = null;
        newKey = null;
        emit(Ceremony.REKEY, "authorize", Outcome.ACCEPTED, 0, current.threshold(), current.threshold(),
            "new shares issued for key set " + split.keySet().id() + ", awaiting verification");
        return new RekeyResult.PendingVerification(rekey.pending.verifyNonce, split.keySet().id(), out);
      } finally {
        if (authorizedKey != null) {
          authorizedKey.destroy();
        }
        if (newKey != null) {
          newKey.destroy();
        }
        if (split != null) {
          split.destroy();
        }
      }
    });
  }

  /**
   * Submits one NEW share back, proving its holder received it. After {@code k} of them the new key
   * set takes effect and the old shares are refused from then on.
   *
   * @throws CeremonyException if the share is refused, or the nonce names no pending verification
   */
  public RekeyResult rekeyVerify(String verificationNonce, String newShareText) {
    Objects.requireNonNull(verificationNonce, "verificationNonce");
    Objects.requireNonNull(newShareText, "newShareText");
    return step(Ceremony.REKEY, "verify", () -> {
      requireUnsealed();
      if (rekey == null || rekey.pending == null || !rekey.pending.verifyNonce.equals(verificationNonce)) {
        throw new CeremonyException(Reason.NO_CEREMONY, "no rekey verification with this nonce is in progress");
      }
      PendingKeys p = rekey.pending;
      Share share = acceptShare(p.keySet, rekey.verified, newShareText);
      rekey.verified.put(share.index(), share);
      emit(Ceremony.REKEY, "verify", Outcome.ACCEPTED, share.index(), rekey.verified.size(), p.keySet.threshold(), "");
      if (rekey.verified.size() < p.keySet.threshold()) {
        return rekey.progress(record.keySet());
      }
      SecretBytes check = ShareCombiner.combine(p.keySet, rekey.verified.values());
      check.destroy();
      commitRekey(p.authorizedKey, p.newKey, p.keySet, rekey.holders);
      rekey.destroy();
      rekey = null;
      emit(Ceremony.REKEY, "complete", Outcome.COMPLETED, 0, p.keySet.threshold(), p.keySet.threshold(),
          "new key set " + p.keySet.id());
      return new RekeyResult.Rekeyed(p.keySet.id(), List.of());
    });
  }

  /**
   * Cancels the running rekey; the current shares stay valid and any new shares issued by it are
   * void.
   *
   * @throws CeremonyException {@link Reason#NO_CEREMONY} if no rekey runs
   */
  public void rekeyCancel() {
    step(Ceremony.REKEY, "cancel", () -> {
      requireUnsealed();
      if (rekey == null) {
        throw new CeremonyException(Reason.NO_CEREMONY, "no rekey is in progress");
      }
      rekey.destroy();
      rekey = null;
      emit(Ceremony.REKEY, "cancel", Outcome.CANCELLED, 0, 0, record.keySet().threshold(), "");
      return null;
    });
  }

  /**
   * Where the running rekey of this node stands, or empty if none runs. Reads only; not audited.
   *
   * @throws SealedException if the node is not unsealed
   */
  public Optional<RekeyResult.Progress> rekeyStatus() {
    return exclusive(() -> {
      requireUnsealed();
      return rekey == null ? Optional.<RekeyResult.Progress>empty() : Optional.of(rekey.progress(record.keySet()));
    });
  }

  // ---------------------------------------------------------------- generate-root

  /**
   * Starts minting a new root token; {@code k} holders then submit shares
   * ({@link #generateRootSubmit}). The token leaves the node only encrypted with
   * {@code protection}, chosen by the requester.
   *
   * @throws SealedException if the node is not unsealed
   * @throws CeremonyException {@link Reason#CEREMONY_IN_PROGRESS}, or {@link Reason#INVALID_REQUEST}
   *     for a malformed pad or key
   */
  public GenerateRootResult.Progress generateRootStart(TokenProtection protection) {
    Objects.requireNonNull(protection, "protection");
    return step(Ceremony.GENERATE_ROOT, "start", () -> {
      requireUnsealed();
      if (generateRoot != null) {
        throw new CeremonyException(Reason.CEREMONY_IN_PROGRESS, "a root token generation is already in progress");
      }
      try {
        RootTokens.check(protection);
        try (SecretBytes trial = SecretBytes.copyOf(new byte[RootTokens.TOKEN_BYTES])) {
          RootTokens.protect(trial, protection, random); // refuses an unusable recipient key now
        }
      } catch (IllegalArgumentException e) {
        throw new CeremonyException(Reason.INVALID_REQUEST, e.getMessage());
      }
      generateRoot = new GenerateRootCeremony(nonce(), protection);
      KeySet ks = record.keySet();
      emit(Ceremony.GENERATE_ROOT, "start", Outcome.ACCEPTED, 0, 0, ks.threshold(),
          "protection " + RootTokens.kind(protection));
      return new GenerateRootResult.Progress(generateRoot.nonce, ks.threshold(), ks.shares(), 0);
    });
  }

  /**
   * Submits one share (unseal share, or recovery share for an HSM seal). After {@code k} a new root
   * token is minted, its hash stored, and the token returned only in encrypted form.
   *
   * @throws CeremonyException if the share is refused, or the nonce names no running generation
   */
  public GenerateRootResult generateRootSubmit(String nonce, String shareText) {
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(shareText, "shareText");
    return step(Ceremony.GENERATE_ROOT, "submit", () -> {
      requireUnsealed();
      if (generateRoot == null || !generateRoot.nonce.equals(nonce)) {
        throw new CeremonyException(Reason.NO_CEREMONY, "no root token generation with this nonce is in progress");
      }
      KeySet ks = record.keySet();
      Share share = acceptShare(ks, generateRoot.collected, shareText);
      generateRoot.collected.put(share.index(), share);
      emit(Ceremony.GENERATE_ROOT, "submit", Outcome.ACCEPTED, share.index(), generateRoot.collected.size(),
          ks.threshold(), "");
      if (generateRoot.collected.size() < ks.threshold()) {
        return new GenerateRootResult.Progress(generateRoot.nonce, ks.threshold(), ks.shares(),
            generateRoot.collected.size());
      }
      GenerateRootCeremony g = generateRoot;
      generateRoot = null;
      // The combine proves the quorum (commitments and key check value); the key is not needed.
      ShareCombiner.combine(ks, g.collected.values()).destroy();
      try (SecretBytes token = RootTokens.mint(random)) {
        List<Bytes> hashes = new ArrayList<>(openTokenHashes());
        if (hashes.size() >= MAX_ROOT_TOKENS) {
          throw new CeremonyException(Reason.INVALID_REQUEST, "too many root tokens (" + hashes.size() + ")");
        }
        hashes.add(RootTokens.hash(RootTokens.text(token)));
        String encoded = RootTokens.protect(token, g.protection, random);
        // Seal first: sealing may persist a keyring reservation, which replaces the record.
        Bytes sealedHashes = sealTokenHashes(barrier, hashes);
        storeRecord(record.withRootTokenHashes(sealedHashes));
        emit(Ceremony.GENERATE_ROOT, "complete", Outcome.COMPLETED, 0, ks.threshold(), ks.threshold(),
            "protection " + RootTokens.kind(g.protection));
        return new GenerateRootResult.Generated(encoded, RootTokens.kind(g.protection));
      } finally {
        g.destroy();
      }
    });
  }

  /**
   * Cancels the running root token generation.
   *
   * @throws CeremonyException {@link Reason#NO_CEREMONY} if none runs
   */
  public void generateRootCancel() {
    step(Ceremony.GENERATE_ROOT, "cancel", () -> {
      requireUnsealed();
      if (generateRoot == null) {
        throw new CeremonyException(Reason.NO_CEREMONY, "no root token generation is in progress");
      }
      generateRoot.destroy();
      generateRoot = null;
      emit(Ceremony.GENERATE_ROOT, "cancel", Outcome.CANCELLED, 0, 0, record.keySet().threshold(), "");
      return null;
    });
  }

  /**
   * Where the running root token generation of this node stands, or empty if none runs. Reads
   * only; not audited.
   *
   * @throws SealedException if the node is not unsealed
   */
  public Optional<GenerateRootResult.Progress> generateRootStatus() {
    return exclusive(() -> {
      requireUnsealed();
      if (generateRoot == null) {
        return Optional.<GenerateRootResult.Progress>empty();
      }
      KeySet ks = record.keySet();
      return Optional.of(new GenerateRootResult.Progress(generateRoot.nonce, ks.threshold(), ks.shares(),
          generateRoot.collected.size()));
    });
  }

  // ---------------------------------------------------------------- data operations

  /**
   * Whether {@code token} is a root token of this cluster (SHA-256 compared in constant time).
   *
   * @throws SealedException if the node is not unsealed
   */
  public boolean isRootToken(String token) {
    Objects.requireNonNull(token, "token");
    return shared(() -> {
      Bytes h = RootTokens.hash(token);
      boolean found = false;
      for (Bytes known : openTokenHashes()) {
        found |= MessageDigest.isEqual(known.toByteArray(), h.toByteArray());
      }
      return found;
    });
  }

  /**
   * Copies of the audit HMAC and signing keys; the caller owns and destroys them.
   *
   * @throws SealedException if the node is not unsealed
   */
  public SystemKeys systemKeys() {
    return shared(() -> {
      SecretBytes hmac = openSystemKey(PATH_AUDIT_HMAC, record.sealedAuditHmacKey());
      return new SystemKeys(hmac, openSystemKey(PATH_AUDIT_SIGNING, record.sealedAuditSigningKey()));
    });
  }

  /**
   * Encrypts a value for {@code path} through the barrier under the active term.
   *
   * @throws SealedException if the node is not unsealed
   * @throws IllegalArgumentException for a path under {@value #PATH_PREFIX}, reserved for the seal
   */
  public Bytes encrypt(String path, byte[] plaintext) {
    checkDataPath(path);
    Objects.requireNonNull(plaintext, "plaintext");
    return shared(() -> barrier.seal(path, plaintext, random));
  }

  /**
   * Decrypts a value sealed for {@code path} under any term; the caller owns the result.
   *
   * @throws SealedException if the node is not unsealed
   * @throws DecryptionFailedException if the value was not sealed for this path by this keyring
   */
  public SecretBytes decrypt(String path, Bytes ciphertext) throws DecryptionFailedException {
    checkDataPath(path);
    Objects.requireNonNull(ciphertext, "ciphertext");
    gate.readLock().lock();
    return openAndUnlock(path, ciphertext);
  }

  /**
   * As {@link #decrypt}, but never waits for the seal's lock: empty while a ceremony holds it. For
   * threads that must not block on the seal, such as the one that hands out Raft's answers: a
   * ceremony holds the lock while it waits for its own record to commit, and the answer it waits
   * for may be queued behind the caller's.
   *
   * @throws SealedException if the node is not unsealed
   * @throws DecryptionFailedException if the value was not sealed for this path by this keyring
   */
  public Optional<SecretBytes> tryDecrypt(String path, Bytes ciphertext) throws DecryptionFailedException {
    checkDataPath(path);
    Objects.requireNonNull(ciphertext, "ciphertext");
    // tryLock() takes the read lock even while a writer queues for it: only a held lock refuses.
    if (!gate.readLock().tryLock()) {
      return Optional.empty();
    }
    return Optional.of(openAndUnlock(path, ciphertext));
  }

  /** Opens a value under the read lock the caller has just taken, and releases it. */
  private SecretBytes openAndUnlock(String path, Bytes ciphertext) throws DecryptionFailedException {
    try {
      requireUnsealed();
      return barrier.open(path, ciphertext);
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "SealLifecycle[" + state + "]";
  }

  // ---------------------------------------------------------------- internals

  /** Runs a ceremony step under the write lock; a refusal is audited before it propagates. */
  private <T> T step(Ceremony ceremony, String step, Supplier<T> body) {
    return exclusive(() -> {
      try {
        return body.get();
      } catch (SealException e) {
        int holder = e instanceof CeremonyException c ? c.holderIndex().orElse(0) : 0;
        emit(ceremony, step, Outcome.REJECTED, holder, progressOf(ceremony), thresholdOf(ceremony), e.getMessage());
        throw e;
      }
    });
  }

  private <T> T exclusive(Supplier<T> body) {
    gate.writeLock().lock();
    try {
      return body.get();
    } finally {
      gate.writeLock().unlock();
    }
  }

  private <T> T shared(Supplier<T> body) {
    gate.readLock().lock();
    try {
      requireUnsealed();
      return body.get();
    } finally {
      gate.readLock().unlock();
    }
  }

  private int progressOf(Ceremony c) {
    return switch (c) {
      case UNSEAL -> unsealShares.size();
      case REKEY -> rekey == null ? 0 : rekey.pending == null ? rekey.collected.size() : rekey.verified.size();
      case GENERATE_ROOT -> generateRoot == null ? 0 : generateRoot.collected.size();
      default -> 0;
    };
  }

  private int thresholdOf(Ceremony c) {
    if (c == Ceremony.REKEY && rekey != null && rekey.pending != null) {
      return rekey.pending.keySet.threshold();
    }
    SealRecord r = record;
    boolean shares = c == Ceremony.INIT || c == Ceremony.UNSEAL || c == Ceremony.REKEY || c == Ceremony.GENERATE_ROOT;
    return r == null || !shares ? 0 : r.keySet().threshold();
  }

  private void emit(Ceremony c, String step, Outcome outcome, int holder, int progress, int threshold, String detail) {
    audit.emit(new CeremonyEvent(c, step, outcome, holder, progress, threshold, detail));
  }

  private void moveTo(SealState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalTransitionException(state, next);
    }
    state = next;
  }

  /** Throws unless the table allows moving from the current state to {@code next}. */
  private void checkTransition(SealState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalTransitionException(state, next);
    }
  }

  private void checkNotClosed(SealState wanted) {
    if (state == SealState.CLOSED) {
      throw new IllegalTransitionException(SealState.CLOSED, wanted);
    }
  }

  private void requireUnsealed() {
    SealState s = state;
    if (s != SealState.UNSEALED) {
      throw new SealedException(s);
    }
  }

  private static void checkDataPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.startsWith(PATH_PREFIX)) {
      throw new IllegalArgumentException("path " + path + " is reserved for the seal");
    }
  }

  private void checkSplitRequest(int shares, int threshold, List<HolderPublicKeys> holders) {
    if (shares < 1 || shares > 255) {
      throw new CeremonyException(Reason.INVALID_REQUEST, "shares must be between 1 and 255, was " + shares);
    }
    try {
      // The public KeySet constructor applies the splitter's own bounds, with its messages.
      new KeySet(new KeySetId(Bytes.of(new byte[KeySetId.LENGTH])), threshold,
          java.util.Collections.nCopies(shares, Bytes.of(new byte[32])), Bytes.of(new byte[32]));
    } catch (InvalidThresholdException e) {
      throw new CeremonyException(Reason.INVALID_REQUEST, e.getMessage());
    }
    if (!holders.isEmpty() && holders.size() != shares) {
      throw new CeremonyException(Reason.INVALID_REQUEST,
          "holder key count must be 0 or " + shares + " (one per share), was " + holders.size());
    }
    for (int i = 0; i < holders.size(); i++) {
      // A trial seal of a dummy share: refuses low-order X25519 points before any key is made.
      try (SecretBytes zeros = SecretBytes.copyOf(new byte[KEY_BYTES])) {
        ShareSealer.seal(new Share(new KeySetId(Bytes.of(new byte[KeySetId.LENGTH])), 1, zeros),
            holders.get(i).encryptionKey(), random);
      } catch (MalformedDataException e) {
        throw new CeremonyException(Reason.INVALID_REQUEST, i + 1,
            "holder key " + (i + 1) + " is not a usable X25519 public key");
      }
    }
  }

  /** Decodes and checks one share against {@code keySet}, alone; refusals name the holder index. */
  private Share acceptShare(KeySet keySet, TreeMap<Integer, Share> collected, String text) {
    Share share;
    try {
      share = ShareCodec.decode(text);
    } catch (ShareFormatException e) {
      throw new CeremonyException(Reason.MALFORMED_SHARE, e.indexAsTyped().orElse(0), "share rejected: " + e.getMessage());
    }
    boolean ok = false;
    try {
      if (!share.keySet().equals(keySet.id())) {
        if (record.previousKeySets().contains(share.keySet())) {
          throw new CeremonyException(Reason.PREVIOUS_KEY_SET, share.index(),
              "share belongs to a previous key set: share " + share.index() + " is from key set "
                  + share.keySet() + ", the current key set is " + keySet.id());
        }
        if (rekey != null && rekey.pending != null && share.keySet().equals(rekey.pending.keySet.id())
            && keySet != rekey.pending.keySet) {
          throw new CeremonyException(Reason.UNKNOWN_KEY_SET, share.index(),
              "share " + share.index() + " belongs to pending key set " + share.keySet()
                  + ", which is not in effect until its rekey is verified");
        }
        throw new CeremonyException(Reason.UNKNOWN_KEY_SET, share.index(),
            "share " + share.index() + " belongs to key set " + share.keySet() + ", expected " + keySet.id());
      }
      try {
        ShareCombiner.verify(keySet, share);
      } catch (ShareMismatchException e) {
        throw new CeremonyException(Reason.WRONG_SHARE, share.index(), "share rejected: " + e.getMessage());
      } catch (WrongKeySetException e) {
        throw new CeremonyException(Reason.UNKNOWN_KEY_SET, share.index(), e.getMessage());
      }
      if (collected.containsKey(share.index())) {
        // It passed its commitment, so it is the very share already counted: a holder pressing
        // enter twice or a client retrying after a lost answer. Counted once, answered with the
        // progress, as Vault does; the earlier copy is zeroed and replaced.
        collected.remove(share.index()).destroy();
      }
      ok = true;
      return share;
    } finally {
      if (!ok) {
        share.destroy();
      }
    }
  }

  private List<String> handOut(RootKeySplit split, List<HolderPublicKeys> holders) {
    List<String> out = new ArrayList<>(split.shares().size());
    for (Share s : split.shares()) {
      out.add(holders.isEmpty()
          ? ShareCodec.encode(s)
          : ShareEnvelopes.encode(ShareSealer.seal(s, holders.get(s.index() - 1).encryptionKey(), random)));
    }
    return out;
  }

  private Bytes hsmWrap(SecretBytes rootKey) {
    try {
      return hsm.wrap(rootKey, random);
    } catch (HsmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HsmException("HSM could not wrap the root key: " + e.getClass().getSimpleName(), e);
    }
  }

  private UnsealResult.Unsealed autoUnsealLocked() {
    SecretBytes rootKey;
    try {
      rootKey = hsm.unwrap(record.hsmWrappedRootKey());
    } catch (HsmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HsmException("HSM could not unwrap the root key: " + e.getClass().getSimpleName(), e);
    }
    try {
      openBarrier(rootKey);
    } finally {
      rootKey.destroy();
    }
    emit(Ceremony.AUTO_UNSEAL, "unwrap", Outcome.COMPLETED, 0, 0, 0, "");
    return new UnsealResult.Unsealed(record.keySet().id(), barrier.activeTerm());
  }

  /** Opens the keyring and checks the system keys under it, then moves to UNSEALED. */
  private void openBarrier(SecretBytes rootKey) {
    Barrier b;
    try {
      b = Barrier.unseal(rootKey, record.wrappedKeyring(), policy, keyringSink());
    } catch (DecryptionFailedException e) {
      throw record.type() == SealType.PKCS11
          ? new HsmException("the keyring does not open under the HSM-unwrapped root key: decryption failed")
          : new IllegalStateException("the keyring does not open under the reconstructed root key: "
              + "the seal record is corrupt");
    }
    try {
      barrier = b;
      openSystemKey(PATH_AUDIT_HMAC, record.sealedAuditHmacKey()).destroy();
      openSystemKey(PATH_AUDIT_SIGNING, record.sealedAuditSigningKey()).destroy();
      moveTo(SealState.UNSEALED);
    } catch (RuntimeException e) {
      barrier = null;
      b.close();
      throw e;
    }
  }

  private SecretBytes openSystemKey(String path, Bytes sealed) {
    try {
      return barrier.open(path, sealed);
    } catch (DecryptionFailedException e) {
      throw new IllegalStateException("system key " + path + " does not open: the seal record is corrupt");
    }
  }

  private Bytes sealTokenHashes(Barrier b, List<Bytes> hashes) {
    Wire.Writer w = new Wire.Writer().u16(hashes.size());
    hashes.forEach(w::raw);
    return b.seal(PATH_ROOT_TOKENS, w.toByteArray(), random);
  }

  private List<Bytes> openTokenHashes() {
    Bytes sealed = record.sealedRootTokenHashes();
    OpenTokenHashes open = rootTokenHashes;
    if (open != null && open.sealed().equals(sealed)) {
      return open.hashes();
    }
    List<Bytes> hashes = List.copyOf(openTokenHashes(sealed));
    rootTokenHashes = new OpenTokenHashes(sealed, hashes);
    return hashes;
  }

  private List<Bytes> openTokenHashes(Bytes sealed) {
    try (SecretBytes plain = openSystemKey(PATH_ROOT_TOKENS, sealed)) {
      return plain.withBytes(b -> {
        Wire.Reader r = new Wire.Reader(b, "root token hashes");
        int n = r.u16();
        List<Bytes> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(r.rawBytes(32));
        }
        r.end();
        return out;
      });
    }
  }

  private void commitRekey(SecretBytes authorizedKey, SecretBytes newKey, KeySet next, List<HolderPublicKeys> holders) {
    if (record.type() == SealType.PKCS11) {
      // The recovery key changes; the root key and keyring do not.
      storeRecord(record.rekeyed(next, holders, record.wrappedKeyring()));
      return;
    }
    Bytes rewrapped;
    try {
      rewrapped = Barrier.rewrap(authorizedKey, newKey, record.wrappedKeyring(), random);
    } catch (DecryptionFailedException e) {
      throw new IllegalStateException("the keyring does not open under the authorized root key");
    }
    Barrier fresh;
    try {
      fresh = Barrier.unseal(newKey, rewrapped, policy, keyringSink());
    } catch (DecryptionFailedException e) {
      throw new IllegalStateException("the re-wrapped keyring does not open under the new root key");
    }
    try {
      storeRecord(record.rekeyed(next, holders, rewrapped));
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
    Barrier old = barrier;
    barrier = fresh;
    old.close();
  }

  private void storeRecord(SealRecord next) {
    synchronized (recordLock) {
      store.store(next);
      record = next;
    }
  }

  /** Persists every keyring the barrier writes into the seal record (or holds it during init). */
  private KeyringSink keyringSink() {
    return wrapped -> {
      synchronized (recordLock) {
        SealRecord r = record;
        if (r == null) {
          initKeyring = wrapped;
        } else {
          SealRecord next = r.withWrappedKeyring(wrapped);
          store.store(next);
          record = next;
        }
      }
    };
  }

  private void dropKeys() {
    rootTokenHashes = null;
    if (rekey != null) {
      rekey.destroy();
      rekey = null;
    }
    if (generateRoot != null) {
      generateRoot.destroy();
      generateRoot = null;
    }
    Barrier b = barrier;
    barrier = null;
    if (b != null) {
      b.close();
    }
  }

  private void clearUnsealProgress() {
    unsealShares.values().forEach(Share::destroy);
    unsealShares.clear();
    unsealNonce = "";
  }

  private String nonce() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  // ---------------------------------------------------------------- ceremony state

  /** Keys of a rekey between authorization and verification. */
  private static final class PendingKeys {
    final SecretBytes authorizedKey;
    final SecretBytes newKey;
    final KeySet keySet;
    final String verifyNonce;

    PendingKeys(SecretBytes authorizedKey, SecretBytes newKey, KeySet keySet, String verifyNonce) {
      this.authorizedKey = authorizedKey;
      this.newKey = newKey;
      this.keySet = keySet;
      this.verifyNonce = verifyNonce;
    }
  }

  private static final class RekeyCeremony {
    final String nonce;
    final int newShares;
    final int newThreshold;
    final List<HolderPublicKeys> holders;
    final boolean verify;
    final TreeMap<Integer, Share> collected = new TreeMap<>();
    final TreeMap<Integer, Share> verified = new TreeMap<>();
    PendingKeys pending;

    RekeyCeremony(String nonce, int newShares, int newThreshold, List<HolderPublicKeys> holders, boolean verify) {
      this.nonce = nonce;
      this.newShares = newShares;
      this.newThreshold = newThreshold;
      this.holders = holders;
      this.verify = verify;
    }

    RekeyResult.Progress progress(KeySet current) {
      if (pending == null) {
        return new RekeyResult.Progress(nonce, RekeyResult.Phase.AUTHORIZE, current.threshold(), current.shares(),
            collected.size(), newShares, newThreshold, verify);
      }
      return new RekeyResult.Progress(pending.verifyNonce, RekeyResult.Phase.VERIFY, pending.keySet.threshold(),
          pending.keySet.shares(), verified.size(), newShares, newThreshold, verify);
    }

    void destroyCollected() {
      collected.values().forEach(Share::destroy);
      collected.clear();
    }

    void destroy() {
      destroyCollected();
      verified.values().forEach(Share::destroy);
      verified.clear();
      if (pending != null) {
        pending.authorizedKey.destroy();
        pending.newKey.destroy();
      }
    }
  }

  private static final class GenerateRootCeremony {
    final String nonce;
    final TokenProtection protection;
    final TreeMap<Integer, Share> collected = new TreeMap<>();

    GenerateRootCeremony(String nonce, TokenProtection protection) {
      this.nonce = nonce;
      this.protection = protection;
    }

    void destroy() {
      collected.values().forEach(Share::destroy);
      collected.clear();
    }
  }
}
