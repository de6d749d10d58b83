package io.strongroom.storage.kv;

import io.strongroom.storage.barrier.Barrier;
import io.strongroom.storage.barrier.DecryptionFailedException;
import io.strongroom.storage.engine.Batch;
import io.strongroom.storage.engine.StorageEngine;
import io.strongroom.storage.engine.WriteMode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Versioned secrets on one node, without Raft: each change runs the edge ({@link KvEdge}: validate,
 * seal) and then applies the command ({@link KvState}) and writes its batch, exactly the path a
 * replicated write takes minus the log. For single-node use, tests and benchmarks.
 *
 * <p>Times and randomness come from the caller. Threading: thread-safe; applies are serialised on an
 * internal lock, reads are not. The engine and barrier stay owned by the caller (closing this store is
 * not needed).
 */
public final class LocalSecretStore {

  private final StorageEngine engine;
  private final KvState state;
  private final KvEdge edge;
  private final WriteMode mode;
  private final Object applyLock = new Object();

  public LocalSecretStore(StorageEngine engine, Barrier barrier, KvLimits limits, WriteMode mode) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.state = new KvState(engine, limits);
    this.edge = new KvEdge(barrier, state);
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  public KvResult put(String path, Map<String, String> data, OptionalLong cas, long nowMillis, SecureRandom random) {
    return run(edge.preparePut(path, data, cas, random), nowMillis);
  }

  public KvResult patch(String path, SecretPatch patch, long nowMillis, SecureRandom random) throws DecryptionFailedException {
    return run(edge.preparePatch(path, patch, nowMillis, random), nowMillis);
  }

  public ReadResult get(String path, OptionalLong version, long nowMillis) throws DecryptionFailedException {
    return edge.read(path, version, nowMillis);
  }

  /** Soft-deletes {@code versions}, or the current version if the list is empty. */
  public KvResult delete(String path, List<Long> versions, long nowMillis) {
    return apply(new KvCommand.Delete(path, versions), nowMillis);
  }

  public KvResult undelete(String path, List<Long> versions, long nowMillis) {
    return apply(new KvCommand.Undelete(path, versions), nowMillis);
  }

  public KvResult destroy(String path, List<Long> versions, long nowMillis) {
    return apply(new KvCommand.Destroy(path, versions), nowMillis);
  }

  public KvResult writeMetadata(String path, MetadataChange change, long nowMillis, SecureRandom random) {
    return run(edge.prepareWriteMetadata(path, change, random), nowMillis);
  }

  public KvResult deleteMetadata(String path, long nowMillis) {
    return apply(new KvCommand.DeleteMetadata(path), nowMillis);
  }

  public Optional<SecretMetadata> metadata(String path) throws DecryptionFailedException {
    return edge.readMetadata(path);
  }

  public List<String> list(String prefix) {
    return edge.list(prefix);
  }

  private KvResult run(Prepared prepared, long nowMillis) {
    if (prepared instanceof Prepared.Refuse refuse) {
      return refuse.result();
    }
    return apply(((Prepared.Propose) prepared).command(), nowMillis);
  }

  private KvResult apply(KvCommand command, long nowMillis) {
    synchronized (applyLock) {
      Batch batch = new Batch();
      KvResult result = state.apply(command, nowMillis, batch);
      engine.write(batch, mode);
      return result;
    }
  }
}
