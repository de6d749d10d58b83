package io.strongroom.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.strongroom.protocol.v1.Consistency;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one logical call against the cluster: picks a node, sends, and retries until an answer, a
 * definitive error, the attempt limit, or the deadline.
 *
 * <p>Retry rules (the same for reads and writes, because every attempt of a call carries the same
 * {@code request_id}, which the cluster uses to apply a write at most once):
 * <ul>
 *   <li>transport failures (cannot connect, connection lost before or after sending, no answer in
 *       time): retry on another node, after backoff;
 *   <li>{@code NOT_LEADER} with a hint: retry at once on the hinted node; without a hint: retry on
 *       another node after backoff;
 *   <li>{@code UNAVAILABLE}: retry on another node after backoff;
 *   <li>every other error is the answer and is not retried.
 * </ul>
 *
 * <p>Thread-safe. The known leader is shared by all calls of one client.
 */
final class Caller {

  /** Where a call goes. */
  record Route(Consistency consistency, int maxStalenessMs, Address pinned) {
    static final Route LEADER = new Route(Consistency.LINEARIZABLE, 0, null);

    static Route stale(int maxStalenessMs) {
      return new Route(Consistency.STALE, maxStalenessMs, null);
    }

    static Route pinned(Address node) {
      return new Route(Consistency.LINEARIZABLE, 0, node);
    }

    boolean leaderRouted() {
      return pinned == null && consistency == Consistency.LINEARIZABLE;
    }
  }

  /** How many times other nodes must name a node that just failed before it is tried again. */
  private static final int STALE_HINTS = 3;

  private final Config config;
  private final Transport transport;
  private final SecureRandom random = new SecureRandom();
  private final Set<Call<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Address leader;

  Caller(Config config, Transport transport) {
    this.config = config;
    this.transport = transport;
  }

  /** The node believed to be the leader, or {@code null}. */
  Address leader() {
    return leader;
  }

  /**
   * Runs a call.
   *
   * @param op the operation's name, for messages
   * @param route where to send it
   * @param body sets the op field of the request
   * @param mapper turns a successful response into the result; may throw a StrongroomException
   */
  <T> CompletableFuture<T> call(
      String op, Route route, Consumer<Request.Builder> body, Function<Response, T> mapper) {
    if (transport.isClosed()) {
      return CompletableFuture.failedFuture(new IllegalStateException("client is closed"));
    }
    Request.Builder request = Request.newBuilder()
        .setRequestId(newRequestId())
        .setConsistency(route.consistency())
        .setMaxStalenessMs(route.maxStalenessMs());
    body.accept(request);
    Call<T> call = new Call<>(op, route, request, mapper);
    inFlight.add(call);
    call.result.whenComplete((r, e) -> inFlight.remove(call));
    call.attempt();
    return call.result;
  }

  /**
   * Fails every unfinished call; used by close, after the transport stopped (a retry scheduled on
   * the stopped event loop would never run).
   */
  void abandonAll() {
    for (Call<?> call : inFlight) {
      call.abandon();
    }
  }

  private ByteString newRequestId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return UnsafeByteOperations.unsafeWrap(id);
  }

  /** Blocks for {@code future}, rethrowing its failure as it is. */
  <T> T await(CompletableFuture<T> future) {
    if (transport.inEventLoop()) {
      throw new IllegalStateException("a blocking call on the client's I/O thread would deadlock;"
          + " use the ...Async method and compose on the future");
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the cluster");
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      // The exception was made on the I/O thread; record where the blocking caller waited.
      r.addSuppressed(new CallerStack());
      return r;
    }
    if (cause instanceof java.lang.Error e) {
      throw e;
    }
    return new InternalException("unexpected failure: " + cause, cause);
  }

  static boolean isCertificateFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof java.security.cert.CertificateException
          || c instanceof java.security.cert.CertPathValidatorException
          || c instanceof java.security.cert.CertPathBuilderException) {
        return true;
      }
    }
    return false;
  }

  /** Carries the blocking caller's stack on an exception made on the I/O thread. */
  private static final class CallerStack extends Exception {
    private static final long serialVersionUID = 1L;

    CallerStack() {
      super("the blocking call that waited for this answer");
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** The state of one logical call. Attempts run one after another, never concurrently. */
  private final class Call<T> {
    final String op;
    final Route route;
    final Request.Builder request;
    final Function<Response, T> mapper;
    final CompletableFuture<T> result = new CompletableFuture<>();
    final long startNanos = System.nanoTime();
    final long deadlineNanos = startNanos + config.retryDeadline().toNanos();
    final Set<Address> tried = Collections.synchronizedSet(new LinkedHashSet<>());
    volatile int attempts;
    int cursor;
    Address redirect;
    Address lastFailed;
    int staleHints;
    volatile Throwable lastFailure;

    Call(String op, Route route, Request.Builder request, Function<Response, T> mapper) {
      this.op = op;
      this.route = route;
      this.request = request;
      this.mapper = mapper;
    }

    void abandon() {
      result.completeExceptionally(new UnavailableException(
          op + " abandoned: client is closed", names(), attempts, lastFailure));
    }

    void attempt() {
      try {
        attempt0();
      } catch (RuntimeException e) {
        result.completeExceptionally(transport.isClosed()
            ? new UnavailableException(op + " abandoned: client is closed", names(), attempts, e)
            : e);
      }
    }

    private void attempt0() {
      if (result.isDone()) {
        return; // cancelled by the caller
      }
      if (transport.isClosed()) {
        result.completeExceptionally(new UnavailableException(
            op + " abandoned: client is closed", names(), attempts, lastFailure));
        return;
      }
      long remaining = deadlineNanos - System.nanoTime();
      if (remaining <= 0) {
        giveUp("deadline of " + config.retryDeadline().toMillis() + " ms exceeded");
        return;
      }
      Address target = pick();
      attempts++;
      tried.add(target);
      long connectTimeout = Math.min(config.connectTimeout().toNanos(), remaining);
      request.setTokenBytes(config.token().wire());
      transport.connection(target, connectTimeout)
          .thenCompose(connection -> connection.call(request, Math.min(
              config.requestTimeout().toNanos(), Math.max(1, deadlineNanos - System.nanoTime()))))
          .whenComplete((response, failure) -> {
            try {
              onOutcome(target, response, failure);
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          });
    }

    private Address pick() {
      if (route.pinned() != null) {
        return route.pinned();
      }
      if (redirect != null) {
        Address next = redirect;
        redirect = null;
        return next;
      }
      Address known = leader;
      // Stale reads go to the configured addresses in order, the first (the nearest) first: any
      // node may answer them, and sending them to a far leader would defeat their purpose.
      if (known != null && !known.equals(lastFailed) && route.consistency() != Consistency.STALE) {
        return known;
      }
      List<Address> all = config.addresses();
      for (int i = 0; i < all.size(); i++) {
        Address next = all.get(cursor++ % all.size());
        if (!next.equals(lastFailed) || all.size() == 1) {
          return next;
        }
      }
      return all.get(0);
    }

    private void onOutcome(Address target, Response response, Throwable failure) {
      if (failure != null) {
        Throwable cause = unwrap(failure);
        if (cause instanceof TransportException && isCertificateFailure(cause)) {
          // A certificate the client does not trust (or a node refusing ours) is configuration,
          // not weather: retrying until the deadline would only hide the reason.
          lastFailure = cause;
          giveUp("TLS certificate rejected talking to " + target + "; check the CA (--ca-cert / STRONGROOM_CACERT) and the client certificate");
        } else if (cause instanceof TransportException) {
          nodeFailed(target);
          retryAfterBackoff(cause);
        } else if (cause instanceof StrongroomException typed) {
          result.completeExceptionally(typed);
        } else {
          result.completeExceptionally(
              new InternalException(op + " failed on node " + target + ": " + cause, cause));
        }
        return;
      }
      if (response.hasError()) {
        StrongroomException typed = Errors.toException(response.getError(), target);
        ErrorCode code = response.getError().getCode();
        if (code == ErrorCode.NOT_LEADER && route.pinned() == null) {
          Address hint = parseHint(response.getError().getLeaderHint());
          // A follower may still name a leader that just died (until it notices): do not chase a
          // hint to the node that last failed; wait a little and ask around instead. But a node
          // that failed once (a refused connection, an answer given mid-election) may be the
          // leader after all: once the others have named it STALE_HINTS times, try it again.
          if (hint != null && !hint.equals(target) && hint.equals(lastFailed) && ++staleHints >= STALE_HINTS) {
            staleHints = 0;
            lastFailed = null;
            redirect = hint;
            retryAfterBackoff(typed);
          } else if (hint != null && !hint.equals(target) && !hint.equals(lastFailed)) {
            leader = hint;
            redirect = hint;
            lastFailure = typed;
            retryNow();
          } else {
            if (hint == null || hint.equals(target)) {
              nodeFailed(target);
            }
            retryAfterBackoff(typed);
          }
        } else if (code == ErrorCode.UNAVAILABLE
            || code == ErrorCode.SEALED && route.consistency() == Consistency.STALE && route.pinned() == null && config.addresses().size() > 1) {
          // A stale read may be served by any node: a sealed one sends it on to the next.
          nodeFailed(target);
          retryAfterBackoff(typed);
        } else {
          result.completeExceptionally(typed);
        }
        return;
      }
      if (route.leaderRouted()) {
        leader = target;
      }
      result.complete(mapper.apply(response));
    }

    private void nodeFailed(Address target) {
      lastFailed = target;
      if (target.equals(leader)) {
        leader = null;
      }
    }

    private Address parseHint(String hint) {
      if (hint == null || hint.isEmpty()) {
        return null;
      }
      try {
        return Address.parse(hint);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    private void retryNow() {
      if (attempts >= config.maxAttempts()) {
        giveUp("attempt limit of " + config.maxAttempts() + " reached");
        return;
      }
      schedule(0);
    }

    private void retryAfterBackoff(Throwable cause) {
      lastFailure = cause;
      if (attempts >= config.maxAttempts()) {
        giveUp("attempt limit of " + config.maxAttempts() + " reached");
        return;
      }
      long delay = config.backoff().delayNanos(attempts);
      if (System.nanoTime() + delay >= deadlineNanos) {
        giveUp("deadline of " + config.retryDeadline().toMillis() + " ms exceeded");
        return;
      }
      schedule(delay);
    }

    private void schedule(long delayNanos) {
      try {
        transport.group().schedule(this::attempt, delayNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        result.completeExceptionally(new UnavailableException(
            op + " abandoned: client is closed", names(), attempts, lastFailure));
      }
    }

    private void giveUp(String why) {
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
      String last = lastFailure == null ? "" : "; last error: " + lastFailure.getMessage();
      result.completeExceptionally(new UnavailableException(
          op + " failed after " + attempts + " attempt(s) in " + elapsedMs + " ms (" + why
              + "); nodes tried: " + names() + last,
          names(), attempts, lastFailure));
    }

    private List<String> names() {
      synchronized (tried) {
        List<String> names = new ArrayList<>(tried.size());
        tried.forEach(a -> names.add(a.toString()));
        return names;
      }
    }
  }
}
