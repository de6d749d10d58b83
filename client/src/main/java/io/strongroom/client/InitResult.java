package io.strongroom.client;

import java.util.List;
import java.util.Objects;

/**
 * What initializing the cluster returns: the unseal shares and the first root token. This is the
 * only time they are ever shown; hand each share to its holder and protect the token.
 *
 * <p>Immutable. {@link #toString()} redacts both the shares and the token.
 *
 * @param shares share texts, or hex envelopes sealed to each holder's public key
 * @param rootToken the initial root token
 */
public record InitResult(List<String> shares, String rootToken) {

  /** Copies the list and checks that nothing is null. */
  public InitResult {
    shares = List.copyOf(shares);
    Objects.requireNonNull(rootToken, "rootToken");
  }

  /** Counts only: shares and token are redacted. */
  @Override
  public String toString() {
    return "InitResult[shares=" + shares.size() + " redacted, rootToken=redacted]";
  }
}
