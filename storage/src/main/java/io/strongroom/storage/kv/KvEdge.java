package io.strongroom.storage.kv;

import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.SecretBytes;
import io.strongroom.storage.barrier.Sealer;
import io.strongroom.storage.barrier.DecryptionFailedException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * The edge of the KV store, run on the leader before proposing and on any node when reading: it
 * validates input, seals values and custom metadata with the barrier (a {@link Sealer}; nonces from the
 * caller's random source), and decrypts what {@link KvState} returns. It never changes state itself.
 *
 * <p>Invariant: commands it prepares carry no plaintext secret data: data and custom metadata are
 * sealed, with AAD binding the barrier version, key term and the logical path ("kv/data/" + path,
 * "kv/metadata/" + path). The version number is not bound: it is only known at apply time.
 *
 * <p>Threading: thread-safe (the barrier and state are). Returned maps are immutable and owned by
 * the caller. Strings cannot be zeroed, so decrypted secrets live on the heap until collected;
 * encoded plaintext buffers are zeroed.
 */
public final class KvEdge {

  private final Sealer barrier;
  private final KvState state;
  private final KvLimits limits;

  public KvEdge(Sealer barrier, KvState state) {
    this.barrier = Objects.requireNonNull(barrier, "barrier");
    this.state = Objects.requireNonNull(state, "state");
    this.limits = state.limits();
  }

  /** Validates and seals a new version of {@code path}; {@code cas} as in Vault. */
  public Prepared preparePut(String path, Map<String, String> data, OptionalLong cas, SecureRandom random) {
    Optional<KvResult.Rejected> invalid = SecretPaths.check(path, limits).or(() -> checkData(data));
    if (invalid.isEmpty() && cas.isPresent() && cas.getAsLong() < 0) {
      invalid = Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_ARGUMENT, "cas must be >= 0, was " + cas.getAsLong()));
    }
    if (invalid.isPresent()) {
      return new Prepared.Refuse(invalid.get());
    }
    return new Prepared.Propose(new KvCommand.Put(path, seal(SecretPaths.dataAad(path), data, random), cas));
  }

  /**
   * Reads the latest version, merges {@code patch} into it, and seals the result as a put with
   * check-and-set on the version it read: if another write lands first, the apply reports
   * {@link KvResult.CasMismatch} and nothing changes. Refuses with {@link KvResult.NotFound} if there
   * is no live latest version at {@code nowMillis}.
   */
  public Prepared preparePatch(String path, SecretPatch patch, long nowMillis, SecureRandom random)
      throws DecryptionFailedException {
    ReadResult current = read(path, OptionalLong.empty(), nowMillis);
    if (current instanceof ReadResult.Rejected r) {
      return new Prepared.Refuse(new KvResult.Rejected(r.violation(), r.message()));
    }
    if (!(current instanceof ReadResult.Found found)) {
      return new Prepared.Refuse(new KvResult.NotFound());
    }
    Map<String, String> merged = new HashMap<>(found.data());
    merged.keySet().removeAll(patch.remove());
    merged.putAll(patch.set());
    Optional<KvResult.Rejected> invalid = checkData(merged);
    if (invalid.isPresent()) {
      return new Prepared.Refuse(invalid.get());
    }
    long version = found.info().version();
    return new Prepared.Propose(new KvCommand.Put(path, seal(SecretPaths.dataAad(path), merged, random), OptionalLong.of(version)));
  }

  /** Validates a metadata change and seals its custom metadata. */
  public Prepared prepareWriteMetadata(String path, MetadataChange change, SecureRandom random) {
    Optional<KvResult.Rejected> invalid = SecretPaths.check(path, limits)
        .or(() -> change.customMetadata().flatMap(this::checkCustom));
    if (invalid.isPresent()) {
      return new Prepared.Refuse(invalid.get());
    }
    Optional<Bytes> sealedCustom = change.customMetadata().map(m -> seal(SecretPaths.metadataAad(path), m, random));
    return new Prepared.Propose(new KvCommand.WriteMetadata(path, change.maxVersions(), change.casRequired(),
        change.deleteVersionAfterMillis(), sealedCustom));
  }

  /**
   * Reads version {@code version} (or the latest) of {@code path} as seen at {@code nowMillis}.
   *
   * @throws DecryptionFailedException if the stored ciphertext does not open (tampering, or a
   *                                   keyring that lacks its term)
   */
  public ReadResult read(String path, OptionalLong version, long nowMillis) throws DecryptionFailedException {
    return open(path, state.read(path, version, nowMillis));
  }

  /**
   * Decrypts what {@link KvState#read} found at {@code path} (on this replica, or on the leader
   * applying a read command).
   *
   * @throws DecryptionFailedException if the ciphertext does not open under {@code path}
   */
  public ReadResult open(String path, SealedRead found) throws DecryptionFailedException {
    if (found instanceof SealedRead.Found f) {
      return new ReadResult.Found(open(SecretPaths.dataAad(path), f.sealed()), f.info());
    } else if (found instanceof SealedRead.Deleted d) {
      return new ReadResult.Deleted(d.info());
    } else if (found instanceof SealedRead.Destroyed d) {
      return new ReadResult.Destroyed(d.info());
    } else if (found instanceof SealedRead.Rejected r) {
      return new ReadResult.Rejected(r.violation(), r.message());
    } else if (found instanceof SealedRead.Live) {
      throw new IllegalArgumentException("a probe of " + SecretPaths.quote(path) + " holds no value to open");
    }
    return new ReadResult.NotFound();
  }

  /** The metadata of {@code path} with custom metadata decrypted; empty if none exists (or the path is invalid). */
  public Optional<SecretMetadata> readMetadata(String path) throws DecryptionFailedException {
    if (SecretPaths.check(path, limits).isPresent()) {
      return Optional.empty();
    }
    Optional<MetadataRecord> meta = state.record(path);
    if (meta.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> custom = meta.get().sealedCustom.isPresent()
        ? open(SecretPaths.metadataAad(path), meta.get().sealedCustom.get())
        : Map.of();
    return Optional.of(meta.get().toPublic(path, custom));
  }

  /** See {@link KvState#list}. */
  public List<String> list(String prefix) {
    return state.list(prefix);
  }

  private Bytes seal(String aadPath, Map<String, String> map, SecureRandom random) {
    byte[] plain = StringMapCodec.encode(map);
    try {
      return barrier.seal(aadPath, plain, random);
    } finally {
      SecretBytes.zero(plain);
    }
  }

  private SortedMap<String, String> open(String aadPath, Bytes sealed) throws DecryptionFailedException {
    try (SecretBytes plain = barrier.open(aadPath, sealed)) {
      return plain.withBytes(StringMapCodec::decode);
    }
  }

  private Optional<KvResult.Rejected> checkData(Map<String, String> data) {
    if (data.size() > limits.maxKeys()) {
      return Optional.of(new KvResult.Rejected(KvResult.Violation.TOO_MANY_KEYS,
          "secret has " + data.size() + " keys, the limit is " + limits.maxKeys()));
    }
    Optional<KvResult.Rejected> bad = checkStrings(data, "secret");
    if (bad.isPresent()) {
      return bad;
    }
    long size = StringMapCodec.encodedSize(data);
    if (size > limits.maxSecretBytes()) {
      return Optional.of(new KvResult.Rejected(KvResult.Violation.VALUE_TOO_LARGE,
          "secret encodes to " + size + " bytes, the limit is " + limits.maxSecretBytes()));
    }
    return Optional.empty();
  }

  private Optional<KvResult.Rejected> checkCustom(Map<String, String> custom) {
    if (custom.size() > limits.maxCustomMetadataKeys()) {
      return Optional.of(new KvResult.Rejected(KvResult.Violation.TOO_MANY_KEYS,
          "custom metadata has " + custom.size() + " keys, the limit is " + limits.maxCustomMetadataKeys()));
    }
    Optional<KvResult.Rejected> bad = checkStrings(custom, "custom metadata");
    if (bad.isPresent()) {
      return bad;
    }
    for (Map.Entry<String, String> e : custom.entrySet()) {
      int k = StringMapCodec.utf8Length(e.getKey());
      int v = StringMapCodec.utf8Length(e.getValue());
      if (k > limits.maxCustomKeyBytes()) {
        return Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_KEY,
            "custom metadata key is " + k + " bytes, the limit is " + limits.maxCustomKeyBytes()));
      }
      if (v > limits.maxCustomValueBytes()) {
        return Optional.of(new KvResult.Rejected(KvResult.Violation.VALUE_TOO_LARGE, "custom metadata value of key '"
            + e.getKey() + "' is " + v + " bytes, the limit is " + limits.maxCustomValueBytes()));
      }
    }
    return Optional.empty();
  }

  /** Keys must be non-empty; keys and values must be well-formed UTF-16 (else UTF-8 would alter them). */
  private static Optional<KvResult.Rejected> checkStrings(Map<String, String> map, String what) {
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty()) {
        return Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_KEY, what + " has an empty key"));
      }
      if (e.getValue() == null) {
        return Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_ARGUMENT,
            what + " key '" + SecretPaths.quote(e.getKey()) + "' has a null value"));
      }
      if (!wellFormed(e.getKey())) {
        return Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_KEY, what + " has a key with an unpaired surrogate"));
      }
      if (!wellFormed(e.getValue())) {
        // Never echo a value: it is secret.
        return Optional.of(new KvResult.Rejected(KvResult.Violation.INVALID_ARGUMENT,
            what + " value of key " + SecretPaths.quote(e.getKey()) + " has an unpaired surrogate"));
      }
    }
    return Optional.empty();
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
