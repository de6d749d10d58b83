/**
 * Linearizability checking of {@link io.strongroom.chaos.history.History histories}: is there one
 * instant within each operation's invocation and completion at which it took effect, such that,
 * in that order, the operations are a legal run of the object (Herlihy and Wing, "Linearizability:
 * a correctness condition for concurrent objects", TOPLAS 1990)?
 *
 * <p>Entry points: {@link io.strongroom.chaos.check.LinearizabilityChecker} with a
 * {@link io.strongroom.chaos.check.Model} ({@link io.strongroom.chaos.check.CasRegister} so far)
 * returns a {@link io.strongroom.chaos.check.CheckResult}, with a
 * {@link io.strongroom.chaos.check.Counterexample} per register that is not linearizable.
 * {@link io.strongroom.chaos.check.CheckHistoryMain} is the command line behind
 * {@code chaos-tests/bin/check-history}.
 *
 * <p>The search is Wing and Gong's ("Testing and verifying concurrent objects", JPDC 1993) with
 * Lowe's memoization of (linearized set, state) ("Testing for linearizability", CCPE 2017), as
 * Knossos and Porcupine implement it; Jepsen's semantics for {@code :fail} and {@code :info}.
 */
package io.strongroom.chaos.check;
