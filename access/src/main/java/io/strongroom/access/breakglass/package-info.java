/**
 * Break-glass: emergency access granted by a quorum of key holders, each approving with an
 * Ed25519 signature that anyone can verify offline against the holders' public keys.
 *
 * <p>The flow, with who does what:
 * <ol>
 *   <li>A requester (at the edge) makes a {@link io.strongroom.access.breakglass.BreakGlassRequest}:
 *       policies, a TTL of at most one hour, a reason, their X25519 public key, and a random nonce
 *       from the edge. Its id and digest are derived from its content. The node stores
 *       {@link io.strongroom.access.breakglass.BreakGlassState#open} under
 *       {@code breakglass/<id>}.</li>
 *   <li>Each holder checks the request and signs
 *       {@link io.strongroom.access.breakglass.BreakGlassRequest#approvalMessage()} with
 *       threshold-crypto's {@link io.strongroom.crypto.Approval#sign}; the node applies
 *       {@link io.strongroom.access.breakglass.BreakGlass#approve}, which refuses unknown holders,
 *       forged signatures, replays and expired approvals by name.</li>
 *   <li>Once the threshold is reached, the edge mints a token, seals it to the requester's key
 *       ({@link io.strongroom.access.breakglass.TokenSeal#seal}) and applies
 *       {@link io.strongroom.access.breakglass.BreakGlass#issue}, which yields the token record
 *       (kind break-glass, orphan, non-renewable, TTL as requested) and the state holding the
 *       sealed token. The token itself is never stored.</li>
 *   <li>The requester fetches the sealed token and opens it with their private key
 *       ({@link io.strongroom.access.breakglass.TokenSeal#open}, {@code break-glass claim}).</li>
 * </ol>
 */
package io.strongroom.access.breakglass;
