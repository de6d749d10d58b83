package io.strongroom.client;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A change to a secret path's settings, for {@link Kv#putMetadata}. Settings left empty are not
 * changed. Immutable: each {@code with...} method returns a new value.
 *
 * <pre>{@code
 * kv.putMetadata("app/db", MetadataUpdate.none().withMaxVersions(5).withCasRequired(true));
 * }</pre>
 *
 * @param maxVersions how many versions to keep
 * @param casRequired whether every write must name the expected version
 * @param deleteVersionAfter soft-delete versions this long after they are written (zero: never)
 * @param customMetadata custom metadata to merge in (or to replace with, see next)
 * @param replaceCustomMetadata whether {@code customMetadata} replaces all existing custom metadata
 */
public record MetadataUpdate(
    OptionalInt maxVersions,
    Optional<Boolean> casRequired,
    Optional<Duration> deleteVersionAfter,
    Map<String, String> customMetadata,
    boolean replaceCustomMetadata) {

  private static final MetadataUpdate NONE =
      new MetadataUpdate(OptionalInt.empty(), Optional.empty(), Optional.empty(), Map.of(), false);

  /** Checks arguments and copies the map. */
  public MetadataUpdate {
    Objects.requireNonNull(maxVersions, "maxVersions");
    Objects.requireNonNull(casRequired, "casRequired");
    Objects.requireNonNull(deleteVersionAfter, "deleteVersionAfter");
    customMetadata = Map.copyOf(customMetadata);
    if (maxVersions.isPresent() && maxVersions.getAsInt() < 0) {
      throw new IllegalArgumentException("maxVersions must be >= 0, was " + maxVersions.getAsInt());
    }
    if (deleteVersionAfter.isPresent() && deleteVersionAfter.get().isNegative()) {
      throw new IllegalArgumentException(
          "deleteVersionAfter must be >= 0, was " + deleteVersionAfter.get());
    }
  }

  /** An update that changes nothing; start here. */
  public static MetadataUpdate none() {
    return NONE;
  }

  /** This update, also setting how many versions to keep. */
  public MetadataUpdate withMaxVersions(int value) {
    return new MetadataUpdate(OptionalInt.of(value), casRequired, deleteVersionAfter,
        customMetadata, replaceCustomMetadata);
  }

  /** This update, also setting whether writes must name the expected version. */
  public MetadataUpdate withCasRequired(boolean value) {
    return new MetadataUpdate(maxVersions, Optional.of(value), deleteVersionAfter,
        customMetadata, replaceCustomMetadata);
  }

  /** This update, also setting the automatic soft-delete delay (zero: never). */
  public MetadataUpdate withDeleteVersionAfter(Duration value) {
    return new MetadataUpdate(maxVersions, casRequired, Optional.of(value),
        customMetadata, replaceCustomMetadata);
  }

  /** This update, also merging in (or, with {@code replace}, replacing with) custom metadata. */
  public MetadataUpdate withCustomMetadata(Map<String, String> value, boolean replace) {
    return new MetadataUpdate(maxVersions, casRequired, deleteVersionAfter, value, replace);
  }
}
