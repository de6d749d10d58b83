package io.strongroom.raft.ratis;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ResourceUnavailableException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's own proposals, handed straight to its Ratis division: no gRPC call (and no TLS) from
 * this process to itself and no client sliding window, which on a 2-core machine cost about as much
 * CPU as the replication itself.
 *
 * <p>Ratis' client would retry a request whose leader stepped down under the same call id, and the
 * new leader's retry cache would answer it exactly once. A direct proposal has no such retry, so a
 * {@link NotLeaderException} (the leader stepped down, or lost the leadership just before the
 * proposal reached it) is ambiguous: the entry may or may not have been appended, and if appended
 * it may still commit under the next leader. Such an orphan is settled by this replica's own apply:
 *
 * <ul>
 *   <li>if this replica applies the entry (found by client id and call id), its results answer;
 *   <li>once this replica applies any entry of a later term than the one the proposal was made in,
 *       every entry of the earlier term that will ever commit has been applied (a new leader's
 *       entries follow all it kept of earlier terms), so the entry is lost and is sent again,
 *       through the {@code resend} path (Ratis' client, which finds the new leader).
 * </ul>
 *
 * <p>Refusals that happen before the entry is appended (the leader is handing over, is not ready
 * yet, or its queue is full) are sent again at once. So a proposal is appended at most once by this
 * path plus at most once by the resend, and never both committed: the resend happens only after
 * the first is known lost.
 *
 * <p>Whoever removes an orphan from {@code orphans} settles it, so an orphan is sent again at most
 * once even when the apply thread and Ratis' answer race.
 *
 * <p>This replica's apply of a proposal answers it, not Ratis' reply: an applied entry is
 * committed, and Ratis 3.3 can drop the reply of a leader stepping down at that moment (its pending
 * request is removed, then releasing the request's permit throws, so the reply is never set and the
 * step-down no longer finds it to fail it). Ratis' reply matters only for proposals not applied here.
 *
 * <p>Thread-safe. {@link #applied} runs on the apply thread and returns at once: completions run on
 * {@code replies}.
 */
final class LeaderProposals implements StrongroomStateMachine.AppliedListener {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderProposals.class);
  /** A proposal waiting for its answer; guarded by its own monitor. */
  private static final class Pending {
    final long term;
    final Message msg;
    final long deadlineNanos;
    final CompletableFuture<RaftClientReply> answer = new CompletableFuture<>();
    /** Set by this replica's apply of the entry, which answers it. */
    boolean applied;
    /** What Ratis answered the proposal, for the warning when nothing answered in time. */
    volatile String ratisAnswer = "nothing yet";
    /** Whether it went again through Ratis' client. */
    volatile boolean resent;

    Pending(long term, Message msg, long deadlineNanos) {
      this.term = term;
      this.msg = msg;
      this.deadlineNanos = deadlineNanos;
    }
  }

  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftPeerId self;
  /**
   * The high half of every direct proposer's client id ("SRDIRECT"), so that each replica can tell
   * a leader's own proposals, which only that leader answers, from proposals through Ratis' client
   * (random ids: a collision needs 64 random bits to match).
   */
  static final long DIRECT_MARK = 0x5352_4449_5245_4354L;

  private final ClientId clientId = ClientId.valueOf(new UUID(DIRECT_MARK, new SecureRandom().nextLong()));
  private final ByteString clientIdBytes = clientId.toByteString();
  private final AtomicLong callIds = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<Long, Pending> orphans = new ConcurrentHashMap<>();
  private final Executor replies;
  /** Sends a message through Ratis' client, which finds the leader: (message, deadline nanos). */
  private final Resend resend;
  /** The term of the last entry this replica applied. */
  private final LongSupplier lastAppliedTerm;

  /** The path for proposals that must go through the leader found by Ratis' client. */
  interface Resend {
    CompletableFuture<RaftClientReply> send(Message msg, long deadlineNanos);
  }

  LeaderProposals(RaftServer server, RaftGroupId groupId, RaftPeerId self, Executor replies, Resend resend, LongSupplier lastAppliedTerm) {
    this.server = server;
    this.groupId = groupId;
    this.self = self;
    this.replies = replies;
    this.resend = resend;
    this.lastAppliedTerm = lastAppliedTerm;
  }

  /**
   * Proposes {@code msg} to this server's division when it is the ready leader; empty otherwise
   * (the caller then sends it through Ratis' client).
   */
  Optional<CompletableFuture<RaftClientReply>> propose(Message msg, long deadlineNanos) {
    long term;
    RaftServer.Division division;
    try {
      division = server.getDivision(groupId);
      var info = division.getInfo();
      if (!info.isLeaderReady()) {
        return Optional.empty();
      }
      term = info.getCurrentTerm();
    } catch (IOException e) {
      return Optional.empty();
    }
    long callId = callIds.incrementAndGet();
    Pending p = new Pending(term, msg, deadlineNanos);
    pending.put(callId, p);
    p.answer.whenComplete((r, e) -> {
      pending.remove(callId);
      boolean orphaned = orphans.remove(callId) != null;
      if (e instanceof TimeoutException) {
        unanswered(callId, p, orphaned);
      }
    });
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(self)
        .setGroupId(groupId)
        .setCallId(callId)
        .setMessage(msg)
        .setType(RaftClientRequest.writeRequestType())
        .build();
    CompletableFuture<RaftClientReply> reply;
    try {
      reply = submit(division, request);
    } catch (IOException e) {
      pending.remove(callId);
      return Optional.empty(); // no division: the client path reports what is wrong
    }
    // Ratis completes the reply on its apply thread, after applied() answered a committed proposal:
    // only a proposal not applied here needs its reply, handled off that thread.
    reply.whenComplete((r, e) -> {
      p.ratisAnswer = e != null ? e.toString() : r.isSuccess() ? "success" : String.valueOf(r.getException());
      if (!isApplied(p)) {
        replies.execute(() -> answered(callId, p, r, e));
      }
    });
    return Optional.of(p.answer);
  }

  /**
   * How often {@link #expireOverdue} runs: a proposal fails at most this long after its deadline.
   * Proposals wait seconds, so a coarse sweep loses nothing.
   */
  static final long SWEEP_MILLIS = 50;

  /**
   * Fails every proposal past its deadline with a {@link TimeoutException}, as {@code orTimeout}
   * would. One sweep of the pending proposals every {@link #SWEEP_MILLIS} on a timer thread, not a
   * timer per proposal: with one writer the JDK's delay scheduler was woken for every Raft entry
   * (each new deadline became the head of its empty queue), 1.1 context switches per write on the
   * leader (BENCHMARKS.md, item 28).
   */
  void expireOverdue(long nowNanos) {
    for (Pending p : pending.values()) {
      if (nowNanos - p.deadlineNanos >= 0) {
        p.answer.completeExceptionally(new TimeoutException("no answer by the proposal's deadline"));
      }
    }
  }

  /** Runs {@link #expireOverdue} every {@link #SWEEP_MILLIS} on {@code timer} until it shuts down. */
  void sweepDeadlinesOn(ScheduledExecutorService timer) {
    timer.scheduleWithFixedDelay(() -> {
      try {
        expireOverdue(System.nanoTime());
      } catch (RuntimeException e) {
        LOG.warn("{}: failed to expire overdue proposals", self, e); // and sweeps again: a thrown task would stop the schedule
      }
    }, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** How many proposals wait for an answer. */
  int pendingCount() {
    return pending.size();
  }

  /**
   * Hands the request to the division on this thread. The server's own entry point does the same
   * on its client thread pool while this thread waits for it (two thread hand-offs per proposal,
   * and nothing done meanwhile); Ratis' divisions take client requests themselves.
   */
  private CompletableFuture<RaftClientReply> submit(RaftServer.Division division, RaftClientRequest request) throws IOException {
    if (division instanceof RaftClientAsynchronousProtocol direct) {
      return direct.submitClientRequestAsync(request);
    }
    return server.submitClientRequestAsync(request);
  }

  /**
   * A proposal reached its deadline unanswered: its caller times out, and a writer waiting on it
   * stops. Says where it stood, since nothing else will.
   */
  private void unanswered(long callId, Pending p, boolean orphaned) {
    String where;
    try {
      var division = server.getDivision(groupId);
      var info = division.getInfo();
      where = String.format("now term %d, %s, committed %d, applied %d", info.getCurrentTerm(), info.getCurrentRole(),
          division.getRaftLog().getLastCommittedIndex(), info.getLastAppliedIndex());
    } catch (IOException | RuntimeException e) {
      where = "division unavailable: " + e;
    }
    LOG.warn("{}: proposal {} of term {} got no answer by its deadline (Ratis answered: {}; applied here: {}; orphaned: {}; "
        + "sent again: {}; {})", self, callId, p.term, p.ratisAnswer, isApplied(p), orphaned, p.resent, where);
  }

  private static boolean isApplied(Pending p) {
    synchronized (p) {
      return p.applied;
    }
  }

  private void answered(long callId, Pending p, RaftClientReply reply, Throwable error) {
    Throwable failure = error != null ? error : reply.isSuccess() ? null : reply.getException();
    if (failure != null) {
      LOG.debug("{}: proposal {} (term {}) answered {}", self, callId, p.term, failure.toString());
    }
    if (failure == null) {
      // Success without this replica's apply: only when the answer is settled already (its results
      // were handed over, or it timed out), so this completes nothing.
      p.answer.complete(reply);
    } else if (refusedBeforeAppend(failure)) {
      sendAgain(p);
    } else if (RaftNode.causedBy(failure, NotLeaderException.class)) {
      synchronized (p) {
        if (p.applied) {
          return; // applied() answers it
        }
        orphans.put(callId, p);
      }
      if (lastAppliedTerm.getAsLong() > p.term && orphans.remove(callId, p)) {
        sendAgain(p); // a later term was applied before this answer came: the entry is lost
      }
    } else {
      p.answer.completeExceptionally(failure);
    }
  }

  private void sendAgain(Pending p) {
    if (p.answer.isDone()) {
      return;
    }
    LOG.debug("{}: a proposal of term {} goes again through the client", self, p.term);
    p.resent = true;
    resend.send(p.msg, p.deadlineNanos).whenComplete((again, e) -> {
      if (e != null) {
        p.answer.completeExceptionally(e);
      } else {
        p.answer.complete(again);
      }
    });
  }

  /** This proposer's Ratis client id. */
  ClientId clientId() {
    return clientId;
  }

  /** This proposer's Ratis client id, as it appears in the log. */
  ByteString clientIdBytes() {
    return clientIdBytes;
  }

  /** Only this replica answers its own direct proposals; everything else is answered everywhere. */
  @Override
  public boolean answers(ByteString proposer) {
    return proposer.equals(clientIdBytes) || !isDirect(proposer);
  }

  /** This replica's own direct proposals are answered from {@link #applied}, not Ratis' reply. */
  @Override
  public boolean takesResults(ByteString proposer) {
    return proposer.equals(clientIdBytes);
  }

  /** Whether {@code proposer} is some replica's direct proposer. */
  static boolean isDirect(ByteString proposer) {
    return proposer.size() == 16 && proposer.asReadOnlyByteBuffer().getLong() == DIRECT_MARK;
  }

  @Override
  public void applied(TermIndex at, ByteString proposer, long callId, ByteString results) {
    if (proposer.equals(clientIdBytes)) {
      Pending p = pending.get(callId);
      if (p != null) {
        RaftClientReply r = RaftClientReply.newBuilder()
            .setClientId(clientId)
            .setServerId(self)
            .setGroupId(groupId)
            .setCallId(callId)
            .setSuccess()
            .setMessage(Message.valueOf(results))
            .build();
        synchronized (p) {
          p.applied = true;
        }
        orphans.remove(callId, p); // an orphan whose entry committed after all
        replies.execute(() -> p.answer.complete(r));
      }
    }
    settleOrphansBefore(at.getTerm());
  }

  /** A new leader's first entry (a configuration entry) settles the orphans of earlier terms too. */
  @Override
  public void passed(TermIndex at) {
    settleOrphansBefore(at.getTerm());
  }

  /** Sends again every orphan proposed in a term before {@code term}: such entries will never commit. */
  private void settleOrphansBefore(long term) {
    if (orphans.isEmpty()) {
      return;
    }
    for (Map.Entry<Long, Pending> e : orphans.entrySet()) {
      Pending p = e.getValue();
      // Whoever removes an orphan settles it: this thread, or answered() racing with it.
      if (term > p.term && orphans.remove(e.getKey(), p)) {
        replies.execute(() -> sendAgain(p));
      }
    }
  }

  /** Whether Ratis refused the request before appending it, so sending it again cannot duplicate it. */
  private static boolean refusedBeforeAppend(Throwable e) {
    return RaftNode.handingOver(e) || RaftNode.causedBy(e, ResourceUnavailableException.class);
  }
}
