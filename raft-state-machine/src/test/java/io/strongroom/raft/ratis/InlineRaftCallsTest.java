package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.grpc.server.GrpcServices;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteReplyProto;
import org.apache.ratis.proto.RaftProtos.RequestVoteRequestProto;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.thirdparty.io.grpc.ManagedChannel;
import org.apache.ratis.thirdparty.io.grpc.Server;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyChannelBuilder;
import org.apache.ratis.thirdparty.io.grpc.netty.NettyServerBuilder;
import org.apache.ratis.thirdparty.io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real gRPC server on loopback, built the way Ratis builds a node's server and then customized:
 * AppendEntries must reach its handler on the transport thread, a vote on gRPC's executor.
 */
class InlineRaftCallsTest {

  private final CompletableFuture<String> appendThread = new CompletableFuture<>();
  private final CompletableFuture<String> voteThread = new CompletableFuture<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new RecordingService());
    server = new InlineRaftCalls().customize(builder, EnumSet.allOf(GrpcServices.Type.class)).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void appendEntriesRunsOnTheTransportThreadAndVotesDoNot() throws Exception {
    RaftServerProtocolServiceGrpc.RaftServerProtocolServiceStub stub = RaftServerProtocolServiceGrpc.newStub(channel);
    StreamObserver<AppendEntriesRequestProto> appends = stub.appendEntries(new Ignoring<>());
    appends.onNext(AppendEntriesRequestProto.getDefaultInstance());
    stub.requestVote(RequestVoteRequestProto.getDefaultInstance(), new Ignoring<>());

    String append = appendThread.get(10, TimeUnit.SECONDS);
    String vote = voteThread.get(10, TimeUnit.SECONDS);
    appends.onCompleted();

    // gRPC names its shared executor's threads grpc-default-executor-N; the transport threads are
    // Netty event loops.
    assertThat(vote).startsWith("grpc-default-executor");
    assertThat(append).doesNotStartWith("grpc-default-executor").contains("ELG");
  }

  @Test
  void onlyTheServerServiceIsCustomized() {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    assertThat(new InlineRaftCalls().customize(builder, EnumSet.of(GrpcServices.Type.CLIENT))).isSameAs(builder);
    assertThat(InlineRaftCalls.INLINE_METHODS)
        .containsExactlyInAnyOrder(
            "ratis.grpc.RaftServerProtocolService/appendEntries", "ratis.grpc.RaftServerProtocolService/readIndex");
  }

  private final class RecordingService extends RaftServerProtocolServiceGrpc.RaftServerProtocolServiceImplBase {
    @Override
    public StreamObserver<AppendEntriesRequestProto> appendEntries(StreamObserver<AppendEntriesReplyProto> replies) {
      return new Ignoring<>() {
        @Override
        public void onNext(AppendEntriesRequestProto request) {
          appendThread.complete(Thread.currentThread().getName());
        }

        @Override
        public void onCompleted() {
          replies.onCompleted();
        }
      };
    }

    @Override
    public void requestVote(RequestVoteRequestProto request, StreamObserver<RequestVoteReplyProto> reply) {
      voteThread.complete(Thread.currentThread().getName());
      reply.onNext(RequestVoteReplyProto.getDefaultInstance());
      reply.onCompleted();
    }
  }

  private static class Ignoring<T> implements StreamObserver<T> {
    @Override
    public void onNext(T value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
