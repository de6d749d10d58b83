package io.strongroom.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata of a secret path: version bookkeeping, its settings, and custom metadata. Holds no
 * secret values. Immutable; collections are unmodifiable copies.
 *
 * @param path the secret's path
 * @param currentVersion the newest version, 0 if none
 * @param oldestVersion the oldest version still kept
 * @param maxVersions how many versions are kept; 0 means the cluster's default
 * @param casRequired whether every write must name the expected version
 * @param deleteVersionAfter how long after writing a version is soft-deleted; zero means never
 * @param created when the path was first written
 * @param updated when the path was last written
 * @param customMetadata free-form, non-secret key/value pairs
 * @param versions the kept versions, oldest first
 */
public record SecretMetadata(
    String path,
    long currentVersion,
    long oldestVersion,
    int maxVersions,
    boolean casRequired,
    Duration deleteVersionAfter,
    Instant created,
    Instant updated,
    Map<String, String> customMetadata,
    List<VersionInfo> versions) {

  /** Copies the collections and checks that nothing is null. */
  public SecretMetadata {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(deleteVersionAfter, "deleteVersionAfter");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    customMetadata = Map.copyOf(customMetadata);
    versions = List.copyOf(versions);
  }
}
