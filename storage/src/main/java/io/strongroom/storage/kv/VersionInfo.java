package io.strongroom.storage.kv;

/**
 * Structural metadata of one version, stored in the clear.
 *
 * @param version        the version number, from 1
 * @param createdMillis  the caller's (leader's) time of the write, epoch milliseconds
 * @param deletionMillis when the version is (or will be, with {@code delete_version_after}) soft
 *                       deleted; 0 when it is not
 * @param destroyed      whether its data was destroyed
 */
public record VersionInfo(long version, long createdMillis, long deletionMillis, boolean destroyed) {

  /** Whether the version counts as soft-deleted at time {@code nowMillis}. */
  public boolean deletedAt(long nowMillis) {
    return deletionMillis != 0 && deletionMillis <= nowMillis;
  }
}
