package io.strongroom.raft.ratis;

import io.strongroom.crypto.Bytes;

/**
 * Hears about applied changes that the node must react to beyond storing them (a new seal record
 * carries a rotated keyring every unsealed node must adopt). Called on Ratis' apply thread, in log
 * order: implementations must return quickly and never wait for another log entry.
 */
public interface StateListener {
  /** A system record was written by the entry just applied. */
  void systemRecordWritten(String key, Bytes value);

  /** The whole state was replaced (a snapshot from the leader was installed). */
  default void reloaded() {}

  StateListener NONE = (key, value) -> {};
}
