package io.strongroom.node.cli;

import io.strongroom.node.ingress.ClientIngress;
import io.strongroom.protocol.v1.Error;
import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Request;
import io.strongroom.protocol.v1.Response;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real TCP endpoint that answers like a node from a script: one answer per request kind
 * ({@link Request.OpCase}); anything unscripted gets INTERNAL. Records every request it got.
 */
final class ScriptedNode implements AutoCloseable {
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<Request.OpCase, Function<Request, Response>> script = new ConcurrentHashMap<>();
  private final ClientIngress ingress;

  private ScriptedNode(String nodeId) throws IOException {
    this.ingress = ClientIngress.start(nodeId, "127.0.0.1", 0, Optional.empty(), ClientIngress.DEFAULT_MAX_FRAME_BYTES, 1, (request, peer) -> {
      requests.add(request);
      Function<Request, Response> answer = script.get(request.getOpCase());
      return CompletableFuture.completedFuture(answer == null
          ? error(ErrorCode.INTERNAL, "unscripted request " + request.getOpCase())
          : answer.apply(request));
    });
  }

  static ScriptedNode start() throws IOException {
    return new ScriptedNode("n1");
  }

  ScriptedNode answer(Request.OpCase op, Response response) {
    script.put(op, r -> response);
    return this;
  }

  ScriptedNode answer(Request.OpCase op, Function<Request, Response> answer) {
    script.put(op, answer);
    return this;
  }

  String address() {
    return "127.0.0.1:" + ingress.port();
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The one request of kind {@code op} received; fails if there was not exactly one. */
  Request only(Request.OpCase op) {
    List<Request> matching = requests.stream().filter(r -> r.getOpCase() == op).toList();
    if (matching.size() != 1) {
      throw new AssertionError("expected one " + op + " request, got " + matching.size() + " of " + requests.size());
    }
    return matching.get(0);
  }

  static Response error(ErrorCode code, String message) {
    return Response.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
  }

  @Override
  public void close() {
    ingress.close();
  }
}
