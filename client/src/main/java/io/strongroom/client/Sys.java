package io.strongroom.client;

import com.google.protobuf.ByteString;
import io.strongroom.protocol.v1.InitRequest;
import io.strongroom.protocol.v1.RotateRequest;
import io.strongroom.protocol.v1.SealRequest;
import io.strongroom.protocol.v1.StatusRequest;
import io.strongroom.protocol.v1.UnsealRequest;
import io.strongroom.protocol.v1.Response.ResultCase;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Cluster administration: status and the seal lifecycle (init, unseal, seal, key rotation).
 *
 * <p>From {@link StrongroomClient#sys()} calls go to the leader like every other call. Seal state
 * is per node, so a ceremony that must reach every node (unsealing each one, reading each one's
 * status) uses {@link #node(String)}, a view pinned to one node that never fails over.
 *
 * <p>Blocking and {@code ...Async} forms as in {@link Kv}. Thread-safe. Unseal shares are sent to
 * the node and never kept, logged or shown in messages.
 */
public final class Sys {

  private final Caller caller;
  private final Caller.Route route;

  Sys(Caller caller, Caller.Route route) {
    this.caller = caller;
    this.route = route;
  }

  /**
   * A view that talks only to the node at {@code address} (host:port), which need not be one of
   * the client's configured addresses: no leader redirect (a NOT_LEADER answer throws
   * {@link NotLeaderException}), retries only against that node.
   */
  public Sys node(String address) {
    return new Sys(caller, Caller.Route.pinned(Address.parse(address)));
  }

  /** The seal and replication state of the node that answers. */
  public Status status() {
    return caller.await(statusAsync());
  }

  /** Async form of {@link #status()}. */
  public CompletableFuture<Status> statusAsync() {
    return caller.call("sys status", route, r -> r.setStatus(StatusRequest.getDefaultInstance()),
        r -> Wire.status(Wire.expect(r, ResultCase.STATUS, "sys status").getStatus()));
  }

  /**
   * Initializes the cluster: makes a root key split into {@code shares} unseal shares of which
   * {@code threshold} unseal it, and a first root token. Throws
   * {@link AlreadyInitializedException} if the cluster is initialized.
   */
  public InitResult init(int shares, int threshold) {
    return caller.await(initAsync(shares, threshold, List.of()));
  }

  /**
   * Like {@link #init(int, int)}, with each share sealed to one holder's public key (one key per
   * share, in order; the arrays are copied).
   */
  public InitResult init(int shares, int threshold, List<byte[]> holderPublicKeys) {
    return caller.await(initAsync(shares, threshold, holderPublicKeys));
  }

  /** Async form of {@link #init(int, int, List)}; pass an empty list for plain shares. */
  public CompletableFuture<InitResult> initAsync(
      int shares, int threshold, List<byte[]> holderPublicKeys) {
    if (shares < 1 || shares > 255) {
      throw new IllegalArgumentException("shares must be in 1..255, was " + shares);
    }
    if (threshold < 1 || threshold > shares) {
      throw new IllegalArgumentException(
          "threshold must be in 1.." + shares + " (shares), was " + threshold);
    }
    if (!holderPublicKeys.isEmpty() && holderPublicKeys.size() != shares) {
      throw new IllegalArgumentException("need one holder public key per share (" + shares
          + "), got " + holderPublicKeys.size());
    }
    InitRequest.Builder body = InitRequest.newBuilder().setShares(shares).setThreshold(threshold);
    holderPublicKeys.forEach(k -> body.addHolderPublicKeys(ByteString.copyFrom(k)));
    return caller.call("sys init", route, r -> r.setInit(body),
        r -> Wire.init(Wire.expect(r, ResultCase.INIT, "sys init").getInit()));
  }

  /** Submits one unseal share; returns the progress, with {@code sealed=false} once unsealed. */
  public UnsealProgress unseal(CharSequence share) {
    return caller.await(unsealAsync(share));
  }

  /** Async form of {@link #unseal(CharSequence)}. */
  public CompletableFuture<UnsealProgress> unsealAsync(CharSequence share) {
    Objects.requireNonNull(share, "share");
    if (share.length() == 0) {
      throw new IllegalArgumentException("share must not be empty");
    }
    UnsealRequest body = UnsealRequest.newBuilder().setShare(share.toString()).build();
    return unsealCall("sys unseal", body);
  }

  /** Discards the shares submitted so far in the current unseal attempt. */
  public UnsealProgress unsealReset() {
    return caller.await(unsealResetAsync());
  }

  /** Async form of {@link #unsealReset()}. */
  public CompletableFuture<UnsealProgress> unsealResetAsync() {
    return unsealCall("sys unseal reset", UnsealRequest.newBuilder().setReset(true).build());
  }

  private CompletableFuture<UnsealProgress> unsealCall(String op, UnsealRequest body) {
    return caller.call(op, route, r -> r.setUnseal(body),
        r -> Wire.unseal(Wire.expect(r, ResultCase.UNSEAL, op).getUnseal()));
  }

  /** Seals the node (and with it the cluster's data operations until unsealed). */
  public void seal() {
    caller.await(sealAsync());
  }

  /** Async form of {@link #seal()}. */
  public CompletableFuture<Void> sealAsync() {
    return caller.call("sys seal", route, r -> r.setSeal(SealRequest.getDefaultInstance()),
        Kv::done);
  }

  /** Starts a new data key term; new writes use it, old data stays readable. */
  public void rotate() {
    caller.await(rotateAsync());
  }

  /** Async form of {@link #rotate()}. */
  public CompletableFuture<Void> rotateAsync() {
    return caller.call("sys rotate", route, r -> r.setRotate(RotateRequest.getDefaultInstance()),
        Kv::done);
  }

  @Override
  public String toString() {
    return route.pinned() == null ? "Sys[leader]" : "Sys[node=" + route.pinned() + "]";
  }
}
