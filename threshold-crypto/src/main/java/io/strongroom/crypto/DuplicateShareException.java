package io.strongroom.crypto;

/** The same share index was given more than once to one combine. */
public final class DuplicateShareException extends ThresholdCryptoException {
  private final int shareIndex;

  DuplicateShareException(int shareIndex) {
    super("share " + shareIndex + " was given more than once");
    this.shareIndex = shareIndex;
  }

  public int shareIndex() {
    return shareIndex;
  }
}
