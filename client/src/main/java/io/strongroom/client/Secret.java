package io.strongroom.client;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One version of a secret as read from the cluster. Immutable; the map is an unmodifiable copy that
 * the caller may keep.
 *
 * <p>{@link #toString()} shows the keys and the version, never the values.
 *
 * @param data the key/value pairs of this version
 * @param version which version this is
 */
public record Secret(Map<String, String> data, VersionInfo version) {

  /** Copies {@code data} and checks that nothing is null. */
  public Secret {
    data = Map.copyOf(data);
    Objects.requireNonNull(version, "version");
  }

  /** The value under {@code key}, or {@code null}. */
  public String get(String key) {
    return data.get(key);
  }

  /** Keys and version only: values are redacted. */
  @Override
  public String toString() {
    return "Secret[keys=" + new TreeMap<>(data).keySet() + ", version=" + version + "]";
  }
}
