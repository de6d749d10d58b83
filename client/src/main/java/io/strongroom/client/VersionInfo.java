package io.strongroom.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a secret: its number, when it was written, when it was soft-deleted (if it was),
 * and whether its data was destroyed for good. Immutable.
 *
 * @param version the version number, starting at 1
 * @param created when the leader accepted the write
 * @param deleted when the version was soft-deleted; empty if it is live
 * @param destroyed whether the data of this version is gone for good
 */
public record VersionInfo(long version, Instant created, Optional<Instant> deleted, boolean destroyed) {

  /** Checks that no component is null. */
  public VersionInfo {
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(deleted, "deleted");
  }

  /** Whether this version can be read: neither deleted nor destroyed. */
  public boolean live() {
    return deleted.isEmpty() && !destroyed;
  }
}
