package io.strongroom.node.ingress;

import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one decoded request. Called on a Netty event loop thread: it must not block; long work
 * completes the returned future later, from any thread. The ingress copies {@code call_id} into
 * the response, so implementations need not.
 *
 * <p>A future completed exceptionally becomes an {@code INTERNAL} error without the exception's
 * message (it might carry request data); domain failures should be answered as a Response with
 * an {@code Error}.
 */
@FunctionalInterface
public interface RequestHandler {
  CompletableFuture<Response> handle(Request request, Peer peer);

  /** Who sent the request: the remote address, and the TLS client certificate subject if any. */
  record Peer(String remoteAddress, String clientCertSubject) {}
}
