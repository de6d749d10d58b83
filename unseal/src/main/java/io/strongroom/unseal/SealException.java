package io.strongroom.unseal;

/**
 * Base of the few environment and authorization failures of the seal lifecycle. Domain outcomes
 * (progress, completion) are result values; these exceptions say that a call could not be taken at
 * all, or that a submitted share was refused. The subclasses are the complete list, so callers
 * switch on the type, never on the message.
 *
 * <p>Messages name the states, holder indices and key set ids involved, and never contain share
 * material, key material or tokens. When one is thrown, nothing persistent has changed.
 */
public abstract sealed class SealException extends RuntimeException
    permits SealedException, IllegalTransitionException, AlreadyInitializedException, CeremonyException,
        HsmException {

  SealException(String message) {
    super(message);
  }

  SealException(String message, Throwable cause) {
    super(message, cause);
  }
}
