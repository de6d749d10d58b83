package io.strongroom.unseal;

/**
 * The hardware security module (auto-unseal seal) could not wrap or unwrap the root key: token
 * missing, wrong PIN, key missing, or a wrapped root key that does not decrypt. The message names
 * the step and never contains key material.
 */
public final class HsmException extends SealException {
  HsmException(String message) {
    super(message);
  }

  HsmException(String message, Throwable cause) {
    super(message, cause);
  }
}
