package io.strongroom.crypto;

/**
 * The key reconstructed from shares that all matched their commitments does not match the key
 * check value: the stored key set record itself is inconsistent (damaged or forged).
 */
public final class KeyCheckFailedException extends ThresholdCryptoException {
  KeyCheckFailedException(KeySetId keySet) {
    super("reconstructed key does not match the key check value of key set " + keySet);
  }
}
