package io.strongroom.crypto;

/** An approval's signature does not verify under its holder's registered signing key. */
public final class InvalidSignatureException extends ThresholdCryptoException {
  private final String holder;

  InvalidSignatureException(String holder) {
    super("signature of holder '" + holder + "' is not valid");
    this.holder = holder;
  }

  public String holder() {
    return holder;
  }
}
