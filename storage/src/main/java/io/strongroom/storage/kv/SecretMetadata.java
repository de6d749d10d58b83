package io.strongroom.storage.kv;

import java.util.List;
import java.util.Map;

/**
 * A secret's metadata as the edge returns it, custom metadata decrypted.
 *
 * @param maxVersions versions kept; 0 means the store default ({@link KvLimits#defaultMaxVersions()})
 * @param deleteVersionAfterMillis versions are soft-deleted this long after they are written; 0 = never
 * @param currentVersion latest version, 0 if none was ever written
 * @param oldestVersion oldest version still kept, 0 if none
 * @param versions every kept version, ascending
 */
public record SecretMetadata(String path, long createdMillis, long updatedMillis, long currentVersion,
              long oldestVersion, int maxVersions, boolean casRequired,
              long deleteVersionAfterMillis, Map<String, String> customMetadata,
              List<VersionInfo> versions) {
  public SecretMetadata {
    customMetadata = Map.copyOf(customMetadata);
    versions = List.copyOf(versions);
  }
}
