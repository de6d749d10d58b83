package io.strongroom.unseal;

import io.strongroom.crypto.KeySet;
import java.util.List;
import java.util.Objects;

/**
 * What init hands out, once: the shares and the first root token. The caller owns them, shows or
 * sends them, and drops them; the cluster keeps only the key set (commitments) and the token's hash.
 * {@link #toString()} shows neither shares nor token.
 *
 * @param type the seal type; for {@link SealType#PKCS11} the shares are recovery shares
 * @param keySet the public key set of the shares
 * @param sealedToHolders true if each share is an envelope sealed to its holder's public key
 *     ({@link ShareEnvelopes}), false if they are share texts in the clear
 * @param shares share {@code i} at position {@code i - 1}: a share text ({@code srs1-...}) or an
 *     envelope ({@code srse1-...})
 * @param rootToken the first root token ({@code sr.}...)
 */
public record InitResult(SealType type, KeySet keySet, boolean sealedToHolders, List<String> shares, String rootToken) {
  public InitResult {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(keySet, "keySet");
    shares = List.copyOf(shares);
    Objects.requireNonNull(rootToken, "rootToken");
  }

  @Override
  public String toString() {
    return "InitResult[type=" + type + ", keySet=" + keySet.id() + ", threshold=" + keySet.threshold()
        + ", shares=" + shares.size() + (sealedToHolders ? " sealed to holders" : " in the clear")
        + " (redacted), rootToken=redacted]";
  }
}
