package io.strongroom.node.server;

import io.strongroom.crypto.Bytes;
import io.strongroom.raft.AppliedEntry;
import io.strongroom.raft.Command;
import io.strongroom.raft.CommandResult;
import io.strongroom.raft.LogEntry;
import io.strongroom.raft.ReplicatedState;
import io.strongroom.raft.RequestId;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.unseal.AlreadyInitializedException;
import io.strongroom.unseal.SealRecord;
import io.strongroom.unseal.SealStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The seal record as replicated state: {@link #store} proposes it through Raft and returns once it
 * is committed and applied; {@link #load} reads this replica's copy.
 *
 * <p>Every store is a compare-and-set against the record this node last saw (loaded, stored, or
 * heard about through {@link #seen}): the first store must find no record (so a second
 * {@code init} anywhere in the cluster is refused), and later ones must find the record they were
 * derived from (so two nodes changing the record at once cannot silently lose a change).
 */
final class ReplicatedSealStore implements SealStore {
  static final String KEY = "seal/record";

  private final RaftNode raft;
  private final SecureRandom random;
  private final Duration timeout;
  private volatile Bytes lastSeen;

  ReplicatedSealStore(RaftNode raft, SecureRandom random, Duration timeout) {
    this.raft = raft;
    this.random = random;
    this.timeout = timeout;
  }

  @Override
  public Optional<SealRecord> load() {
    Optional<Bytes> stored = raft.state().systemRecord(KEY);
    stored.ifPresent(b -> lastSeen = b);
    return stored.map(SealRecord::fromBytes);
  }

  /** Records that the replicated log delivered {@code value} (called before the lifecycle adopts it). */
  void seen(Bytes value) {
    lastSeen = value;
  }

  @Override
  public void store(SealRecord record) {
    Bytes value = record.toBytes();
    Bytes base = lastSeen;
    Command.Precondition precondition =
        base == null ? new Command.Precondition.Absent() : new Command.Precondition.Matches(ReplicatedState.sha256(base.toByteArray()));
    AppliedEntry applied;
    try {
      applied =
          raft.submit(new LogEntry(0, List.of(new Command.SystemPut(RequestId.random(random), KEY, value, precondition))))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterUnavailableException("interrupted while storing the seal record", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new ClusterUnavailableException("could not commit the seal record: no quorum reachable within " + timeout.toSeconds() + " s", e);
    }
    CommandResult.SystemPutDone done = (CommandResult.SystemPutDone) applied.results().get(0);
    if (!done.written()) {
      if (base == null) {
        throw new AlreadyInitializedException();
      }
      throw new ClusterUnavailableException("the seal record changed on another node at the same time; retry", null);
    }
    lastSeen = value;
  }
}
