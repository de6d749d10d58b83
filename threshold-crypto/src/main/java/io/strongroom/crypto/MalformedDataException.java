package io.strongroom.crypto;

/**
 * Bytes that should hold one of this module's binary formats (key file, sealed share, key set
 * record, approval) are truncated, of an unknown version, or otherwise not well formed; also an
 * argument value outside what a format can carry (an over-long request id, say).
 */
public final class MalformedDataException extends ThresholdCryptoException {
  MalformedDataException(String message) {
    super(message);
  }
}
