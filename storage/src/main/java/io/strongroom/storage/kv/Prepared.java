package io.strongroom.storage.kv;

/**
 * What the edge decided for a change: a command to propose (and then apply everywhere), or an outcome
 * known without touching the replicated state (bad input, nothing to patch).
 */
public sealed interface Prepared {

  /** Propose this command through Raft, then {@link KvState#apply} it. */
  record Propose(KvCommand command) implements Prepared {}

  /** Reply with this result; nothing is proposed. */
  record Refuse(KvResult result) implements Prepared {}
}
