package io.strongroom.raft.ratis;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallExecutorSupplier;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;

/**
 * Runs the two hot Raft calls a node serves, AppendEntries and ReadIndex, on the gRPC transport
 * thread that decoded them instead of handing every message to gRPC's shared executor.
 *
 * <p>Both handlers only check the term, enqueue the entries for Ratis' log worker (or register a
 * read) and return a future; the fsync and the reply happen on Ratis' own threads. The hand-off
 * saved is one thread wake-up per AppendEntries on every follower and per ReadIndex on the leader.
 * gRPC still serializes the callbacks of each call. Every other call (votes, snapshot chunks that
 * write files, the client and admin services) keeps gRPC's executor, so nothing that may block on
 * disk for long runs on a transport thread. Those threads serve the Raft server alone ({@link
 * RaftNode#SERVER_EVENT_LOOPS}): a follower stepping down from leadership inside AppendEntries
 * waits for its log appenders, whose replies arrive on the client channels' event loops.
 */
final class InlineRaftCalls implements GrpcServices.Customizer, ServerCallExecutorSupplier {

  static final Set<String> INLINE_METHODS =
      Set.of(
          RaftServerProtocolServiceGrpc.getAppendEntriesMethod().getFullMethodName(),
          RaftServerProtocolServiceGrpc.getReadIndexMethod().getFullMethodName());

  private static final Executor ON_CALLING_THREAD = Runnable::run;

  @Override
  public NettyServerBuilder customize(NettyServerBuilder builder, EnumSet<GrpcServices.Type> types) {
    return types.contains(GrpcServices.Type.SERVER) ? builder.callExecutor(this) : builder;
  }

  /** The executor for {@code call}, or null for gRPC's default. */
  @Override
  public <ReqT, RespT> Executor getExecutor(ServerCall<ReqT, RespT> call, Metadata headers) {
    return INLINE_METHODS.contains(call.getMethodDescriptor().getFullMethodName()) ? ON_CALLING_THREAD : null;
  }
}
