package io.strongroom.crypto;

/** An approval names a holder that is not registered with the verifier. */
public final class UnknownHolderException extends ThresholdCryptoException {
  private final String holder;

  UnknownHolderException(String holder) {
    super("unknown holder '" + holder + "'");
    this.holder = holder;
  }

  public String holder() {
    return holder;
  }
}
