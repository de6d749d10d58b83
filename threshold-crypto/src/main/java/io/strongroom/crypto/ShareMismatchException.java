package io.strongroom.crypto;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more shares do not match the commitments recorded when the key was split: the holders of
 * {@link #shareIndices()} hold a wrong or damaged share (or an index the key set does not have).
 * Thrown before anything is reconstructed.
 */
public final class ShareMismatchException extends ThresholdCryptoException {
  private final List<Integer> shareIndices;

  ShareMismatchException(KeySetId keySet, List<Integer> shareIndices) {
    super(message(keySet, shareIndices));
    this.shareIndices = List.copyOf(shareIndices);
  }

  /** The indices of the bad shares, ascending; never empty. */
  public List<Integer> shareIndices() {
    return shareIndices;
  }

  private static String message(KeySetId keySet, List<Integer> indices) {
    String list = indices.stream().map(String::valueOf).collect(Collectors.joining(", "));
    return indices.size() == 1
        ? "share " + list + " does not match its commitment in key set " + keySet
        : "shares " + list + " do not match their commitments in key set " + keySet;
  }
}
