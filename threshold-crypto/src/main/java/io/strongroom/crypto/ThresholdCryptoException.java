package io.strongroom.crypto;

/**
 * Base of every failure this module reports for bad input: a malformed share, a share of another
 * key set, a wrong passphrase, a bad signature. The subclasses are the complete list, so a caller
 * can switch over them; none is thrown for a bug or an environment failure.
 *
 * <p>Messages name the value or the holder at fault and never contain secret material. Crypto
 * failures say only "decryption failed" (plus which share, where that is known) or, for a key file,
 * "wrong passphrase or corrupted key file". Classify by type, never by message text.
 *
 * <p>When one of these is thrown nothing has changed: no partial result is returned and every
 * temporary copy of secret material has been zeroed.
 */
public abstract sealed class ThresholdCryptoException extends RuntimeException
    permits InvalidThresholdException,
        ShareFormatException,
        WrongKeySetException,
        DuplicateShareException,
        ShareMismatchException,
        InsufficientSharesException,
        KeyCheckFailedException,
        DecryptionFailedException,
        MalformedDataException,
        UnknownHolderException,
        InvalidSignatureException,
        ApprovalMismatchException,
        ApprovalExpiredException {

  ThresholdCryptoException(String message) {
    super(message);
  }
}
