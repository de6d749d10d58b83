package io.strongroom.raft;

import io.strongroom.storage.kv.KvResult;

/** What applying one {@link Command} produced; identical on every replica. */
public sealed interface CommandResult {

  /** The outcome of a {@link Command.KvWrite}. */
  record Kv(KvResult result) implements CommandResult {}

  /** The outcome of a {@link Command.SystemPut}: {@code written} is false when it was refused as present. */
  record SystemPutDone(boolean written) implements CommandResult {}
}
