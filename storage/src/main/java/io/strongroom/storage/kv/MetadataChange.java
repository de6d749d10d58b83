package io.strongroom.storage.kv;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A metadata update (Vault's metadata write): fields that are present replace the stored ones, absent
 * fields stay as they are. Custom metadata is replaced as a whole.
 */
public record MetadataChange(OptionalInt maxVersions, Optional<Boolean> casRequired,
              OptionalLong deleteVersionAfterMillis, Optional<Map<String, String>> customMetadata) {

  public MetadataChange {
    customMetadata = customMetadata.map(Map::copyOf);
  }

  /** Changes nothing (but creates the metadata if the path has none). */
  public static MetadataChange none() {
    return new MetadataChange(OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty());
  }

  public MetadataChange withMaxVersions(int value) {
    return new MetadataChange(OptionalInt.of(value), casRequired, deleteVersionAfterMillis, customMetadata);
  }

  public MetadataChange withCasRequired(boolean value) {
    return new MetadataChange(maxVersions, Optional.of(value), deleteVersionAfterMillis, customMetadata);
  }

  public MetadataChange withDeleteVersionAfterMillis(long value) {
    return new MetadataChange(maxVersions, casRequired, OptionalLong.of(value), customMetadata);
  }

  public MetadataChange withCustomMetadata(Map<String, String> value) {
    return new MetadataChange(maxVersions, casRequired, deleteVersionAfterMillis, Optional.of(value));
  }

  @Override
  public String toString() {
    return "MetadataChange[maxVersions=" + maxVersions + ", casRequired=" + casRequired
        + ", deleteVersionAfterMillis=" + deleteVersionAfterMillis
        + ", customMetadata=" + customMetadata.map(m -> m.keySet().toString()).orElse("unchanged") + "]";
  }
}
