package io.strongroom.unseal;

import java.util.OptionalInt;

/**
 * A ceremony step was refused: a share that is malformed, wrong, a duplicate or from a previous key
 * set; a nonce that names no running ceremony; a second ceremony while one runs. A refused share
 * does not count, and the ceremony's progress is unchanged.
 *
 * <p>{@link #holderIndex()} names the share index (the holder's slot) at fault when it is known;
 * for a typo it is the index as typed, which is only a hint.
 */
public final class CeremonyException extends SealException {

  /** Why the step was refused. */
  public enum Reason {
    /** The share text does not parse or fails its checksum (a typo). */
    MALFORMED_SHARE,
    /** The share does not match its commitment, or its index is not in the key set. */
    WRONG_SHARE,
    /** The share belongs to a key set that a rekey replaced. */
    PREVIOUS_KEY_SET,
    /** The share belongs to a key set this cluster never had. */
    UNKNOWN_KEY_SET,
    /** Not raised since 0.1: a share submitted again is counted once. Kept so codes keep their places. */
    DUPLICATE_SHARE,
    /** No such ceremony is running, or the nonce names another attempt. */
    NO_CEREMONY,
    /** Another ceremony of this kind is already running. */
    CEREMONY_IN_PROGRESS,
    /** The request itself is invalid (share count, threshold, holder keys, token protection). */
    INVALID_REQUEST,
    /** The operation does not exist for this seal type (for example shares cannot unseal an HSM seal). */
    NOT_SUPPORTED
  }

  private final Reason reason;
  private final int holderIndex;

  CeremonyException(Reason reason, int holderIndex, String message) {
    super(message);
    this.reason = reason;
    this.holderIndex = holderIndex;
  }

  CeremonyException(Reason reason, String message) {
    this(reason, 0, message);
  }

  public Reason reason() {
    return reason;
  }

  /** The share index (holder slot) at fault, if known. */
  public OptionalInt holderIndex() {
    return holderIndex > 0 ? OptionalInt.of(holderIndex) : OptionalInt.empty();
  }
}
