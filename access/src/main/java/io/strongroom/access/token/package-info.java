/**
 * Tokens: minting and hashing ({@link io.strongroom.access.token.Tokens},
 * {@link io.strongroom.access.token.TokenHash}), the stored
 * {@link io.strongroom.access.token.TokenRecord} and its codec, the pure lifetime rules of
 * {@link io.strongroom.access.token.TokenRules} (create, validity, renew, use counting, revoke),
 * the {@link io.strongroom.access.token.RevocationPlan} of a token tree, and the per-address
 * {@link io.strongroom.access.token.AuthBackoff} that slows down guessing.
 *
 * <p>The token text never reaches the store: the node keeps {@code token/<sha256 hex>} and looks
 * the token up by the hash of what the client presents.
 */
package io.strongroom.access.token;
