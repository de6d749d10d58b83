package io.strongroom.storage.kv;

import io.strongroom.crypto.Bytes;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A deterministic change to the KV state: what the leader proposes through Raft and every replica
 * applies with {@link KvState#apply}. Secret material inside is already sealed by the barrier at the
 * edge ({@link KvEdge}); commands carry only ciphertext, paths and numbers.
 *
 * <p>Version lists: an empty list means "the current version" for {@link Delete}; {@link Undelete}
 * and {@link Destroy} need at least one version.
 */
public sealed interface KvCommand {

  /** The secret path the command changes. */
  String path();

  /** Writes a new version; {@code cas} as in Vault (0 = only if absent, N = only if current is N). */
  record Put(String path, Bytes sealedData, OptionalLong cas) implements KvCommand {}

  /** Soft-deletes versions. */
  record Delete(String path, List<Long> versions) implements KvCommand {
    public Delete {
      versions = List.copyOf(versions);
    }
  }

  /** Reverses soft deletes. */
  record Undelete(String path, List<Long> versions) implements KvCommand {
    public Undelete {
      versions = List.copyOf(versions);
    }
  }

  /** Removes version data for good, keeping the version marked destroyed. */
  record Destroy(String path, List<Long> versions) implements KvCommand {
    public Destroy {
      versions = List.copyOf(versions);
    }
  }

  /** Updates metadata; present fields replace stored ones. Custom metadata arrives sealed. */
  record WriteMetadata(String path, OptionalInt maxVersions, Optional<Boolean> casRequired,
            OptionalLong deleteVersionAfterMillis, Optional<Bytes> sealedCustomMetadata) implements KvCommand {}

  /** Removes the secret: metadata and every version. */
  record DeleteMetadata(String path) implements KvCommand {}
}
