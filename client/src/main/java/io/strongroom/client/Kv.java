package io.strongroom.client;

import io.strongroom.protocol.v1.KvGet;
import io.strongroom.protocol.v1.KvList;
import io.strongroom.protocol.v1.KvMetadataPut;
import io.strongroom.protocol.v1.KvPatch;
import io.strongroom.protocol.v1.KvPath;
import io.strongroom.protocol.v1.KvPut;
import io.strongroom.protocol.v1.KvVersions;
import io.strongroom.protocol.v1.Response.ResultCase;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Versioned secrets (KV v2 semantics): every put makes a new version; old versions can be read,
 * soft-deleted, restored and destroyed.
 *
 * <p>Every operation comes in a blocking form, which throws a {@link StrongroomException} subclass,
 * and an {@code ...Async} form, whose future fails with the same exception. Reads are linearizable
 * unless this view was made by {@link #staleReads(Duration)}. Writes are applied at most once even
 * when the client retries them (see {@link StrongroomClient} for the retry rules).
 *
 * <p>Thread-safe and cheap; obtain it from {@link StrongroomClient#kv()}. Futures complete on the
 * client's I/O thread: do not block in their callbacks, and never call a blocking method there (it
 * throws {@link IllegalStateException}). Results are immutable and belong to the caller.
 */
public final class Kv {

  private final Caller caller;
  private final Caller.Route readRoute;

  Kv(Caller caller, Caller.Route readRoute) {
    this.caller = caller;
    this.readRoute = readRoute;
  }

  /**
   * A view of this store whose reads may be served by any node at most {@code maxStaleness} behind
   * the leader. Writes still go to the leader.
   *
   * <p>Reads go to the configured addresses in their order, not to the leader: list the nearest
   * node first and it answers, without a round trip to a leader in another region. A node further
   * behind than the bound, or sealed, refuses ({@link UnavailableException} once every node
   * refused), and the read moves on to the next address. (The node still commits the read's audit
   * record through the leader before it answers.)
   */
  public Kv staleReads(Duration maxStaleness) {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    long ms = maxStaleness.toMillis();
    if (ms <= 0 || ms > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "maxStaleness must be between 1 ms and 2^31-1 ms, was " + maxStaleness);
    }
    return new Kv(caller, Caller.Route.stale((int) ms));
  }

  // ---- put

  /** Writes {@code data} as the next version of {@code path}; returns the new version. */
  public VersionInfo put(String path, Map<String, String> data) {
    return caller.await(putAsync(path, data));
  }

  /** Async form of {@link #put(String, Map)}. */
  public CompletableFuture<VersionInfo> putAsync(String path, Map<String, String> data) {
    return doPut(path, data, null);
  }

  /**
   * Writes {@code data} only if the current version of {@code path} is {@code cas} (0: only if the
   * path has no version yet); else throws {@link CasMismatchException} and writes nothing.
   */
  public VersionInfo put(String path, Map<String, String> data, long cas) {
    return caller.await(putAsync(path, data, cas));
  }

  /** Async form of {@link #put(String, Map, long)}. */
  public CompletableFuture<VersionInfo> putAsync(String path, Map<String, String> data, long cas) {
    return doPut(path, data, checkVersion("cas", cas, 0));
  }

  private CompletableFuture<VersionInfo> doPut(String path, Map<String, String> data, Long cas) {
    KvPut.Builder put = KvPut.newBuilder().setPath(checkPath(path)).putAllData(Map.copyOf(data));
    if (cas != null) {
      put.setCas(cas);
    }
    return caller.call("kv put " + path, Caller.Route.LEADER, r -> r.setKvPut(put),
        r -> Wire.written(Wire.expect(r, ResultCase.KV_WRITTEN, "kv put").getKvWritten()));
  }

  // ---- get

  /** The current version of {@code path}, or empty if there is none or it is deleted. */
  public Optional<Secret> get(String path) {
    return caller.await(getAsync(path));
  }

  /** Async form of {@link #get(String)}. */
  public CompletableFuture<Optional<Secret>> getAsync(String path) {
    return doGet(path, 0L);
  }

  /** Version {@code version} (>= 1) of {@code path}, or empty if it does not exist. */
  public Optional<Secret> get(String path, long version) {
    return caller.await(getAsync(path, version));
  }

  /** Async form of {@link #get(String, long)}. */
  public CompletableFuture<Optional<Secret>> getAsync(String path, long version) {
    return doGet(path, checkVersion("version", version, 1));
  }

  private CompletableFuture<Optional<Secret>> doGet(String path, long version) {
    KvGet get = KvGet.newBuilder().setPath(checkPath(path)).setVersion(version).build();
    return orEmpty(caller.call("kv get " + path, readRoute, r -> r.setKvGet(get),
        r -> Wire.secret(Wire.expect(r, ResultCase.KV_SECRET, "kv get").getKvSecret())));
  }

  // ---- patch

  /**
   * Makes a new version of {@code path} from the current one with the keys in {@code set} set and
   * those in {@code remove} removed; returns the new version. Throws {@link NotFoundException} if
   * there is no current version.
   */
  public VersionInfo patch(String path, Map<String, String> set, Collection<String> remove) {
    return caller.await(patchAsync(path, set, remove));
  }

  /** Async form of {@link #patch(String, Map, Collection)}. */
  public CompletableFuture<VersionInfo> patchAsync(
      String path, Map<String, String> set, Collection<String> remove) {
    return doPatch(path, set, remove, null);
  }

  /** Like {@link #patch(String, Map, Collection)}, only if the current version is {@code cas}. */
  public VersionInfo patch(
      String path, Map<String, String> set, Collection<String> remove, long cas) {
    return caller.await(patchAsync(path, set, remove, cas));
  }

  /** Async form of {@link #patch(String, Map, Collection, long)}. */
  public CompletableFuture<VersionInfo> patchAsync(
      String path, Map<String, String> set, Collection<String> remove, long cas) {
    return doPatch(path, set, remove, checkVersion("cas", cas, 0));
  }

  private CompletableFuture<VersionInfo> doPatch(
      String path, Map<String, String> set, Collection<String> remove, Long cas) {
    KvPatch.Builder patch = KvPatch.newBuilder()
        .setPath(checkPath(path))
        .putAllSet(Map.copyOf(set))
        .addAllRemove(List.copyOf(remove));
    if (cas != null) {
      patch.setCas(cas);
    }
    return caller.call("kv patch " + path, Caller.Route.LEADER, r -> r.setKvPatch(patch),
        r -> Wire.written(Wire.expect(r, ResultCase.KV_WRITTEN, "kv patch").getKvWritten()));
  }

  // ---- delete, undelete, destroy

  /** Soft-deletes the given versions of {@code path}, or the current version if none are given. */
  public void delete(String path, long... versions) {
    caller.await(deleteAsync(path, versions));
  }

  /** Async form of {@link #delete(String, long...)}. */
  public CompletableFuture<Void> deleteAsync(String path, long... versions) {
    KvVersions body = versions(path, versions, false);
    return caller.call("kv delete " + path, Caller.Route.LEADER, r -> r.setKvDelete(body),
        Kv::done);
  }

  /** Restores soft-deleted versions (at least one) of {@code path}. */
  public void undelete(String path, long... versions) {
    caller.await(undeleteAsync(path, versions));
  }

  /** Async form of {@link #undelete(String, long...)}. */
  public CompletableFuture<Void> undeleteAsync(String path, long... versions) {
    KvVersions body = versions(path, versions, true);
    return caller.call("kv undelete " + path, Caller.Route.LEADER, r -> r.setKvUndelete(body),
        Kv::done);
  }

  /** Destroys the data of the given versions (at least one) of {@code path} for good. */
  public void destroy(String path, long... versions) {
    caller.await(destroyAsync(path, versions));
  }

  /** Async form of {@link #destroy(String, long...)}. */
  public CompletableFuture<Void> destroyAsync(String path, long... versions) {
    KvVersions body = versions(path, versions, true);
    return caller.call("kv destroy " + path, Caller.Route.LEADER, r -> r.setKvDestroy(body),
        Kv::done);
  }

  // ---- list

  /** The keys directly under {@code prefix}; folders end with {@code /}. Empty if none. */
  public List<String> list(String prefix) {
    return caller.await(listAsync(prefix));
  }

  /** Async form of {@link #list(String)}. */
  public CompletableFuture<List<String>> listAsync(String prefix) {
    KvList body = KvList.newBuilder().setPrefix(Objects.requireNonNull(prefix, "prefix")).build();
    return orEmpty(caller.call("kv list " + prefix, readRoute, r -> r.setKvList(body),
        r -> List.copyOf(Wire.expect(r, ResultCase.KV_KEYS, "kv list").getKvKeys().getKeysList())))
        .thenApply(keys -> keys.orElse(List.of()));
  }

  // ---- metadata

  /** The metadata of {@code path}, or empty if the path does not exist. */
  public Optional<SecretMetadata> metadata(String path) {
    return caller.await(metadataAsync(path));
  }

  /** Async form of {@link #metadata(String)}. */
  public CompletableFuture<Optional<SecretMetadata>> metadataAsync(String path) {
    KvPath body = KvPath.newBuilder().setPath(checkPath(path)).build();
    return orEmpty(caller.call("kv metadata get " + path, readRoute,
        r -> r.setKvMetadataGet(body),
        r -> Wire.metadata(Wire.expect(r, ResultCase.KV_METADATA, "kv metadata get")
            .getKvMetadata())));
  }

  /** Changes the settings of {@code path}; settings the update leaves empty are kept. */
  public void putMetadata(String path, MetadataUpdate update) {
    caller.await(putMetadataAsync(path, update));
  }

  /** Async form of {@link #putMetadata(String, MetadataUpdate)}. */
  public CompletableFuture<Void> putMetadataAsync(String path, MetadataUpdate update) {
    KvMetadataPut.Builder body = KvMetadataPut.newBuilder()
        .setPath(checkPath(path))
        .putAllCustomMetadata(update.customMetadata())
        .setReplaceCustomMetadata(update.replaceCustomMetadata());
    update.maxVersions().ifPresent(body::setMaxVersions);
    update.casRequired().ifPresent(body::setCasRequired);
    update.deleteVersionAfter().ifPresent(d -> body.setDeleteVersionAfterMs(d.toMillis()));
    return caller.call("kv metadata put " + path, Caller.Route.LEADER,
        r -> r.setKvMetadataPut(body), Kv::done);
  }

  /** Deletes {@code path} with all its versions and metadata. */
  public void deleteMetadata(String path) {
    caller.await(deleteMetadataAsync(path));
  }

  /** Async form of {@link #deleteMetadata(String)}. */
  public CompletableFuture<Void> deleteMetadataAsync(String path) {
    KvPath body = KvPath.newBuilder().setPath(checkPath(path)).build();
    return caller.call("kv metadata delete " + path, Caller.Route.LEADER,
        r -> r.setKvMetadataDelete(body), Kv::done);
  }

  @Override
  public String toString() {
    return "Kv[reads=" + readRoute.consistency() + "]";
  }

  // ---- helpers

  static Void done(io.strongroom.protocol.v1.Response r) {
    Wire.expect(r, ResultCase.DONE, "kv");
    return null;
  }

  private static KvVersions versions(String path, long[] versions, boolean required) {
    if (required && versions.length == 0) {
      throw new IllegalArgumentException("at least one version is required for " + path);
    }
    KvVersions.Builder body = KvVersions.newBuilder().setPath(checkPath(path));
    for (long v : versions) {
      body.addVersions(checkVersion("version", v, 1));
    }
    return body.build();
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      throw new IllegalArgumentException("path must not be empty");
    }
    return path;
  }

  private static long checkVersion(String what, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /** NOT_FOUND becomes an empty result; every other failure passes through unchanged. */
  private static <T> CompletableFuture<Optional<T>> orEmpty(CompletableFuture<T> future) {
    return future.handle((value, failure) -> {
      if (failure == null) {
        return Optional.of(value);
      }
      Throwable cause = Caller.unwrap(failure);
      if (cause instanceof NotFoundException) {
        return Optional.empty();
      }
      throw new CompletionException(cause);
    });
  }
}
