package io.strongroom.unseal;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a node's seal lifecycle and the only transitions allowed between them.
 *
 * <pre>
 *                    init                 k valid shares
 *   UNINITIALIZED ----------> SEALED ----------------------> UNSEALED
 *         |                   ^  |   (or the HSM, at start)     |
 *         |                   |  |                              |
 *         |                   +--|------------ seal ------------+
 *         |                      |                              |
 *         +----------------------+---------> CLOSED <-----------+
 *                           close (process exit; key material zeroed)
 * </pre>
 *
 * <p>A node always starts {@link #SEALED} (or {@link #UNINITIALIZED} before the cluster's first
 * init). Rekey, rotate and generate-root are ceremonies inside {@link #UNSEALED}; they do not
 * change the state. {@link #CLOSED} is final.
 */
public enum SealState {
  UNINITIALIZED,
  SEALED,
  UNSEALED,
  CLOSED;

  private Set<SealState> successors;

  static {
    UNINITIALIZED.successors = Collections.unmodifiableSet(EnumSet.of(SEALED, CLOSED));
    SEALED.successors = Collections.unmodifiableSet(EnumSet.of(UNSEALED, CLOSED));
    UNSEALED.successors = Collections.unmodifiableSet(EnumSet.of(SEALED, CLOSED));
    CLOSED.successors = Collections.unmodifiableSet(EnumSet.noneOf(SealState.class));
  }

  /** The states this one may move to. */
  public Set<SealState> successors() {
    return successors;
  }

  public boolean canMoveTo(SealState next) {
    return successors.contains(next);
  }
}
