package io.strongroom.raft.ratis;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Ratis' gRPC transport, unchanged but for one thing: a leader's log appenders are woken only when
 * they may have something to send.
 *
 * <p>Ratis' leader wakes every log appender whenever a commit index moves: its own, and each
 * follower's as the follower reports it (Ratis 3.3.0, {@code LeaderStateImpl.commitIndexChanged}).
 * A commit alone sends nothing: with no entries to send and no heartbeat due, the appender builds
 * no request and parks again, and the followers learn the commit with the next entries or
 * heartbeat. With one writer that is three wake-ups in four for each appender per write, each a
 * futex wake and a context switch on the leader (BENCHMARKS.md, item 27).
 *
 * <p>The appender here lets a wake-up through only when it could send: entries past the follower's
 * next index, a heartbeat due or requested, or no stream open yet (Ratis' own
 * {@code shouldSendAppendEntries}), or when it is no longer running. A dropped wake-up costs
 * nothing: the appender's own loop re-reads the same state on its timed wait, which never exceeds
 * the heartbeat interval, and stopping an appender interrupts its thread rather than signalling.
 *
 * <p>Selected by its class name as {@code raft.rpc.type}; Ratis instantiates it by reflection.
 */
public final class QuietAppendersRpc implements RpcType {

  /** For Ratis' reflection. */
  public QuietAppendersRpc() {}

  @Override
  public String name() {
    return QuietAppendersRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new Factory(parameters);
  }

  /** gRPC's factory, with quiet appenders. */
  static final class Factory extends GrpcFactory {
    Factory(Parameters parameters) {
      super(parameters);
    }

    @Override
    public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      return new QuietAppender(server, state, follower);
    }
  }

  /** gRPC's appender, woken only when it could send. */
  static final class QuietAppender extends GrpcLogAppender {
    QuietAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      super(server, state, follower);
    }

    /** Always while stopping; otherwise only with something to send. */
    @Override
    public void notifyLogAppender() {
      if (!isRunning() || shouldSendAppendEntries()) {
        super.notifyLogAppender();
      }
    }
  }
}
