package io.strongroom.storage.kv;

import io.strongroom.crypto.Bytes;
import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.ColumnFamily;
import io.strongroom.storage.engine.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The deterministic KV v2 state: applies {@link KvCommand}s to a {@link StorageEngine} with Vault's
 * versioned-secret semantics, and serves the sealed reads the edge decrypts.
 *
 * <p>Determinism: the outcome and the staged writes depend only on the command, the caller's time
 * and the stored state: no clock, randomness or decryption happens here (the state never holds a
 * key), and encodings are canonical, so replicas applying the same commands hold byte-identical
 * state. Limits checked here ({@link KvLimits}) must be the same on every replica.
 *
 * <p>Usage: {@link #apply} stages the change into a caller-supplied {@link Batch} (so the Raft layer
 * can add its audit entry and applied marker to the same atomic write) and does not write it. The
 * caller must write that batch before applying the next command, since reads do not see staged
 * writes. Applies must be serialised (Raft applies on one thread); reads may run concurrently with
 * them.
 */
public final class KvState {

  private final StorageEngine engine;
  private final KvLimits limits;

  public KvState(StorageEngine engine, KvLimits limits) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public KvLimits limits() {
    return limits;
  }

  /**
   * Applies {@code command} at the caller's time {@code nowMillis} (epoch milliseconds, taken by the
   * leader), staging writes into {@code batch}. Nothing is staged unless the result is
   * {@link KvResult.Written} or {@link KvResult.Done}.
   */
  public KvResult apply(KvCommand command, long nowMillis, Batch batch) {
    Objects.requireNonNull(command, "command");
    Optional<KvResult.Rejected> invalid = SecretPaths.check(command.path(), limits);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (nowMillis <= 0) {
      return rejected("time must be > 0 epoch millis, was " + nowMillis);
    }
    if (command instanceof KvCommand.Put put) {
      return put(put, nowMillis, batch);
    } else if (command instanceof KvCommand.Delete delete) {
      return changeVersions(delete.path(), delete.versions(), true, Change.DELETE, nowMillis, batch);
    } else if (command instanceof KvCommand.Undelete undelete) {
      return changeVersions(undelete.path(), undelete.versions(), false, Change.UNDELETE, nowMillis, batch);
    } else if (command instanceof KvCommand.Destroy destroy) {
      return changeVersions(destroy.path(), destroy.versions(), false, Change.DESTROY, nowMillis, batch);
    } else if (command instanceof KvCommand.WriteMetadata write) {
      return writeMetadata(write, nowMillis, batch);
    } else if (command instanceof KvCommand.DeleteMetadata delete) {
      return deleteMetadata(delete.path(), batch);
    }
    throw new AssertionError("unknown command " + command.getClass());
  }

  private KvResult put(KvCommand.Put put, long now, Batch batch) {
    int sealedLimit = limits.maxSecretBytes() + Barrier.OVERHEAD;
    if (put.sealedData().length() > sealedLimit) {
      return new KvResult.Rejected(KvResult.Violation.VALUE_TOO_LARGE,
          "sealed secret is " + put.sealedData().length() + " bytes, the limit is " + sealedLimit);
    }
    if (put.sealedData().length() < Barrier.OVERHEAD) {
      return rejected("sealed secret is " + put.sealedData().length() + " bytes, shorter than the barrier overhead");
    }
    Optional<MetadataRecord> existing = record(put.path());
    MetadataRecord meta = existing.orElseGet(() -> MetadataRecord.fresh(now));
    if (put.cas().isPresent()) {
      long cas = put.cas().getAsLong();
      if (cas < 0) {
        return rejected("cas must be >= 0, was " + cas);
      }
      if (cas != meta.currentVersion) {
        return new KvResult.CasMismatch(cas, meta.currentVersion);
      }
    } else if (meta.casRequired) {
      return new KvResult.CasRequired();
    }
    long version = meta.currentVersion + 1;
    long deletion = meta.deleteVersionAfterMillis > 0 ? saturatedAdd(now, meta.deleteVersionAfterMillis) : 0;
    meta.versions.put(version, new VersionInfo(version, now, deletion, false));
    meta.currentVersion = version;
    meta.updatedMillis = now;
    batch.put(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(put.path(), version), put.sealedData().toByteArray());
    prune(put.path(), meta, batch);
    batch.put(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey(put.path()), meta.encode());
    return new KvResult.Written(version);
  }

  private enum Change { DELETE, UNDELETE, DESTROY }

  private KvResult changeVersions(String path, List<Long> versions, boolean emptyMeansCurrent, Change change,
                  long now, Batch batch) {
    if (versions.isEmpty() && !emptyMeansCurrent) {
      return rejected(change.name().toLowerCase() + " needs at least one version");
    }
    for (long v : versions) {
      if (v < 1) {
        return rejected("versions must be >= 1, was " + v);
      }
    }
    Optional<MetadataRecord> existing = record(path);
    if (existing.isEmpty()) {
      return new KvResult.NotFound();
    }
    MetadataRecord meta = existing.get();
    List<Long> targets = versions.isEmpty() ? List.of(meta.currentVersion) : versions;
    for (long v : targets) {
      VersionInfo info = meta.versions.get(v);
      if (info == null || info.destroyed()) {
        continue;
      }
      switch (change) {
        case DELETE -> {
          if (!info.deletedAt(now)) {
            meta.versions.put(v, new VersionInfo(v, info.createdMillis(), now, false));
          }
        }
        case UNDELETE -> meta.versions.put(v, new VersionInfo(v, info.createdMillis(), 0, false));
        case DESTROY -> {
          meta.versions.put(v, new VersionInfo(v, info.createdMillis(), info.deletionMillis(), true));
          batch.delete(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(path, v));
        }
      }
    }
    batch.put(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey(path), meta.encode());
    return new KvResult.Done();
  }

  private KvResult writeMetadata(KvCommand.WriteMetadata write, long now, Batch batch) {
    if (write.maxVersions().isPresent() && write.maxVersions().getAsInt() < 0) {
      return rejected("max_versions must be >= 0, was " + write.maxVersions().getAsInt());
    }
    if (write.deleteVersionAfterMillis().isPresent() && write.deleteVersionAfterMillis().getAsLong() < 0) {
      return rejected("delete_version_after must be >= 0, was " + write.deleteVersionAfterMillis().getAsLong());
    }
    int customLimit = limits.maxCustomMetadataBytes() + Barrier.OVERHEAD;
    if (write.sealedCustomMetadata().isPresent() && write.sealedCustomMetadata().get().length() > customLimit) {
      return new KvResult.Rejected(KvResult.Violation.VALUE_TOO_LARGE, "sealed custom metadata is "
          + write.sealedCustomMetadata().get().length() + " bytes, the limit is " + customLimit);
    }
    MetadataRecord meta = record(write.path()).orElseGet(() -> MetadataRecord.fresh(now));
    write.maxVersions().ifPresent(v -> meta.maxVersions = v);
    write.casRequired().ifPresent(v -> meta.casRequired = v);
    write.deleteVersionAfterMillis().ifPresent(v -> meta.deleteVersionAfterMillis = v);
    write.sealedCustomMetadata().ifPresent(v -> meta.sealedCustom = Optional.of(v));
    meta.updatedMillis = now;
    prune(write.path(), meta, batch);
    batch.put(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey(write.path()), meta.encode());
    return new KvResult.Done();
  }

  private KvResult deleteMetadata(String path, Batch batch) {
    Optional<MetadataRecord> existing = record(path);
    if (existing.isEmpty()) {
      return new KvResult.NotFound();
    }
    for (long v : existing.get().versions.keySet()) {
      batch.delete(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(path, v));
    }
    batch.delete(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey(path));
    return new KvResult.Done();
  }

  /** Drops the oldest versions (data and metadata) beyond max_versions. */
  private void prune(String path, MetadataRecord meta, Batch batch) {
    int keep = meta.maxVersions > 0 ? meta.maxVersions : limits.defaultMaxVersions();
    while (meta.versions.size() > keep) {
      long oldest = meta.versions.firstKey();
      meta.versions.remove(oldest);
      batch.delete(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(path, oldest));
    }
  }

  /**
   * The names directly under {@code prefix} ("" or a path ending in '/'), ascending; sub-folders end
   * in '/'. Empty for an invalid prefix. Secrets whose versions are all deleted are still listed
   * (their metadata exists), as in Vault.
   */
  public List<String> list(String prefix) {
    List<String> names = new ArrayList<>();
    if (!SecretPaths.validPrefix(prefix, limits)) {
      return names;
    }
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    byte[][] start = {prefixBytes};
    while (start[0] != null) {
      byte[] from = start[0];
      start[0] = null;
      engine.scan(ColumnFamily.SECRET_METADATA, prefixBytes, from, (key, value) -> {
        String rest = new String(key, prefixBytes.length, key.length - prefixBytes.length, StandardCharsets.UTF_8);
        int slash = rest.indexOf('/');
        if (slash < 0) {
          names.add(rest);
          return true;
        }
        String folder = rest.substring(0, slash + 1);
        names.add(folder);
        // Skip the folder's contents: '0' follows '/' in byte order.
        byte[] folderEnd = (prefix + folder).getBytes(StandardCharsets.UTF_8);
        folderEnd[folderEnd.length - 1] = '/' + 1;
        start[0] = folderEnd;
        return false;
      });
    }
    return names;
  }

  /**
   * Reads version {@code version} (or the latest) of {@code path} as seen at {@code nowMillis},
   * without decrypting it. Deterministic: the same state and arguments give the same answer, so a
   * replica may compute it while applying a log entry.
   */
  public SealedRead read(String path, OptionalLong version, long nowMillis) {
    return find(path, version, nowMillis, true);
  }

  /**
   * What {@link #read} would find, except that a live version comes back as {@link SealedRead.Live}
   * without its ciphertext: one lookup instead of two. The outcome (found, deleted, destroyed, not
   * found, rejected) is the same as {@code read}'s, so a replica that only records a read's outcome
   * can use it.
   */
  public SealedRead probe(String path, OptionalLong version, long nowMillis) {
    return find(path, version, nowMillis, false);
  }

  private SealedRead find(String path, OptionalLong version, long nowMillis, boolean withValue) {
    Optional<KvResult.Rejected> invalid = SecretPaths.check(path, limits);
    if (invalid.isPresent()) {
      return new SealedRead.Rejected(invalid.get().violation(), invalid.get().message());
    }
    if (version.isPresent() && version.getAsLong() < 1) {
      return new SealedRead.Rejected(KvResult.Violation.INVALID_ARGUMENT, "version must be >= 1, was " + version.getAsLong());
    }
    for (int attempt = 0; ; attempt++) {
      Optional<MetadataRecord> meta = record(path);
      if (meta.isEmpty()) {
        return new SealedRead.NotFound();
      }
      long v = version.orElse(meta.get().currentVersion);
      VersionInfo info = meta.get().versions.get(v);
      if (info == null) {
        return new SealedRead.NotFound();
      }
      if (info.destroyed()) {
        return new SealedRead.Destroyed(info);
      }
      if (info.deletedAt(nowMillis)) {
        return new SealedRead.Deleted(info);
      }
      if (!withValue) {
        return new SealedRead.Live(info);
      }
      Optional<Bytes> sealed = sealedData(path, v);
      if (sealed.isPresent()) {
        return new SealedRead.Found(sealed.get(), info);
      }
      // A destroy or prune landed between the two reads (possible only when reading a live
      // engine outside an apply): look again.
      if (attempt > 0) {
        throw new IllegalStateException("metadata of " + SecretPaths.quote(path) + " lists version " + v
            + " but its data is missing");
      }
    }
  }

  /** The stored metadata record of {@code path}, if any. */
  Optional<MetadataRecord> record(String path) {
    return engine.get(ColumnFamily.SECRET_METADATA, SecretPaths.metadataKey(path)).map(MetadataRecord::decode);
  }

  /** The sealed data of one version, if stored. */
  Optional<Bytes> sealedData(String path, long version) {
    return engine.get(ColumnFamily.SECRET_DATA, SecretPaths.dataKey(path, version)).map(Bytes::of);
  }

  private static KvResult.Rejected rejected(String message) {
    return new KvResult.Rejected(KvResult.Violation.INVALID_ARGUMENT, message);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  @Override
  public String toString() {
    return "KvState[" + engine + ", " + limits + "]";
  }

}
