package io.strongroom.storage.engine;

/**
 * Receives the entries of a {@link StorageEngine#scan}, in ascending unsigned byte order of keys.
 * The arrays are fresh copies owned by the visitor.
 */
@FunctionalInterface
public interface EntryVisitor {
  /** Returns {@code true} to continue the scan, {@code false} to stop it. */
  boolean visit(byte[] key, byte[] value);
}
