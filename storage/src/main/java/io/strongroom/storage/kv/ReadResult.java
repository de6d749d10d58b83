package io.strongroom.storage.kv;

import java.util.Map;

/** The outcome of reading one version of a secret. */
public sealed interface ReadResult {

  /** The decrypted secret. {@code data} is an immutable map, sorted by key. */
  record Found(Map<String, String> data, VersionInfo info) implements ReadResult {
    public Found {
      data = Map.copyOf(data);
    }

    @Override
    public String toString() {
      return "Found[keys=" + data.size() + ", info=" + info + "]";
    }
  }

  /** The version exists but is soft-deleted (it can be undeleted). */
  record Deleted(VersionInfo info) implements ReadResult {}

  /** The version was destroyed; its data is gone for good. */
  record Destroyed(VersionInfo info) implements ReadResult {}

  /** No secret at the path, or no such version (never written, or pruned). */
  record NotFound() implements ReadResult {}

  /** Bad input (an invalid path or version). */
  record Rejected(KvResult.Violation violation, String message) implements ReadResult {}
}
