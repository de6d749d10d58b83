package io.strongroom.client;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.Objects;

/**
 * Base of every failure the client reports: it carries the wire {@link ErrorCode} that classifies it.
 *
 * <p>Each code has its own subclass, so callers catch exactly what they handle:
 * <pre>{@code
 * try {
 *   client.kv().put("app/db", Map.of("password", pw), 3);
 * } catch (CasMismatchException e) {
 *   // someone else wrote version 4 first: re-read and retry
 * } catch (SealedException e) {
 *   // page an operator
 * }
 * }</pre>
 * or switch on {@link #code()}. The hierarchy is sealed: the set of subclasses is part of the API.
 *
 * <p>Messages are for people. They name nodes and values involved but never contain a token, a share
 * or a secret value. Instances are immutable and safe to share between threads.
 */
public abstract sealed class StrongroomException extends RuntimeException
    permits SealedException, UninitializedException, PermissionDeniedException, NotFoundException,
        CasMismatchException, InvalidArgumentException, UnavailableException, NotLeaderException,
        UnsupportedVersionException, FrameTooLargeException, AuditFailedException,
        AlreadyInitializedException, InternalException {

  private final ErrorCode code;

  StrongroomException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The code that classifies this failure; never {@code null}. */
  public ErrorCode code() {
    return code;
  }
}
