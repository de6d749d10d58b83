package io.strongroom.unseal;

/**
 * Receives one {@link CeremonyEvent} per ceremony step, in the order the steps happened on this
 * node. Called while the lifecycle holds its lock, so implementations must be quick and must not
 * call back into the lifecycle. The audit module commits these to the replicated log; if
 * {@link #emit} throws, the exception reaches the caller of the ceremony step (fail-closed), but a
 * step already taken is not undone.
 */
@FunctionalInterface
public interface AuditSink {
  void emit(CeremonyEvent event);

  /** A sink that drops every event (for tools that audit elsewhere). */
  static AuditSink discarding() {
    return e -> { };
  }
}
