package io.strongroom.client;

import com.google.protobuf.ByteString;
import io.strongroom.protocol.v1.BreakGlassApproveRequest;
import io.strongroom.protocol.v1.BreakGlassOpenRequest;
import io.strongroom.protocol.v1.BreakGlassStatusRequest;
import io.strongroom.protocol.v1.Response.ResultCase;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Quorum-approved emergency access. Anyone may open a request (policies, a TTL of at most an
 * hour, a reason, and the X25519 public key the token will be sealed to); the key holders
 * registered at init approve it by signing its approval message with their holder keys; the
 * k-th valid approval makes the cluster issue a non-renewable token, sealed to the requester.
 * No token is needed for any of these calls. Blocking; thread-safe.
 */
public final class BreakGlass {
  private final Caller caller;
  private final Caller.Route route;

  BreakGlass(Caller caller, Caller.Route route) {
    this.caller = caller;
    this.route = route;
  }

  /** Opens a request; {@code requesterKey} is an X25519 public key (32 bytes) or a holder public key (64). */
  public BreakGlassInfo open(List<String> policies, Duration ttl, String reason, byte[] requesterKey) {
    Objects.requireNonNull(requesterKey, "requesterKey");
    BreakGlassOpenRequest.Builder b = BreakGlassOpenRequest.newBuilder().addAllPolicies(policies).setTtlMs(ttl.toMillis())
        .setReason(reason).setRequesterKey(ByteString.copyFrom(requesterKey));
    return call("break-glass request", r -> r.setBreakGlassOpen(b));
  }

  /** Submits one holder's signed approval ({@code io.strongroom.crypto.Approval#toBytes()}). */
  public BreakGlassInfo approve(String id, byte[] approval) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(approval, "approval");
    return call("break-glass approve", r -> r.setBreakGlassApprove(BreakGlassApproveRequest.newBuilder().setId(id).setApproval(ByteString.copyFrom(approval))));
  }

  /** The request's state; once issued it carries the sealed token. */
  public BreakGlassInfo status(String id) {
    Objects.requireNonNull(id, "id");
    return call("break-glass status", r -> r.setBreakGlassStatus(BreakGlassStatusRequest.newBuilder().setId(id)));
  }

  private BreakGlassInfo call(String op, java.util.function.Consumer<io.strongroom.protocol.v1.Request.Builder> body) {
    return caller.await(caller.call(op, route, body, r -> BreakGlassInfo.of(Wire.expect(r, ResultCase.BREAK_GLASS, op).getBreakGlass())));
  }

  @Override
  public String toString() {
    return "BreakGlass";
  }
}
