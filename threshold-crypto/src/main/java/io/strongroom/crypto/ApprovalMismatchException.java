package io.strongroom.crypto;

/** A correctly signed approval approves a different request than the one being authorized. */
public final class ApprovalMismatchException extends ThresholdCryptoException {
  private final String holder;

  ApprovalMismatchException(String holder, String field) {
    super("approval of holder '" + holder + "' is for a different request: " + field + " differs");
    this.holder = holder;
  }

  public String holder() {
    return holder;
  }
}
