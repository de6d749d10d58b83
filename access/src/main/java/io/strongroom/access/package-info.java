/**
 * Access control as pure values and rules: who may do what ({@link io.strongroom.access.policy}),
 * with which token ({@link io.strongroom.access.token}), and the quorum-approved emergency access
 * that bypasses the usual chain ({@link io.strongroom.access.breakglass}).
 *
 * <p>Nothing in this module does I/O, starts a thread or reads a clock: time is always an argument
 * (leader time, epoch milliseconds) and randomness is always a {@code SecureRandom} argument of the
 * few edge methods that mint something ({@code Tokens.mint}, {@code Tokens.newAccessor},
 * {@code TokenSeal.seal}). Rule evaluation never draws randomness, so every replica applying the
 * same command reaches the same outcome. The one stateful class, {@code AuthBackoff}, is fed an
 * injected clock and lives on a single node.
 *
 * <p>The node stores the records this module defines through Raft, under the keys of
 * {@link io.strongroom.access.StoreKeys}, with compare-and-set. Record codecs are deterministic
 * (one encoding per value) and versioned; bad bytes raise {@link
 * io.strongroom.access.MalformedRecordException}. Bad input raises a subclass of the sealed
 * {@link io.strongroom.access.AccessException}; domain outcomes (refused, expired, not approved)
 * are result values.
 */
package io.strongroom.access;
