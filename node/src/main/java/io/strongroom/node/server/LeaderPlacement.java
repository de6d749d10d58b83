package io.strongroom.node.server;

import io.strongroom.client.Status;
import io.strongroom.client.StrongroomClient;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.raft.ratis.RaftNode;
import io.strongroom.unseal.SealLifecycle;
import io.strongroom.unseal.SealState;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leadership where it can serve: in the primary region, on an unsealed node.
 *
 * <p>Ratis does the moving. Every voter has a leader priority in the replicated Raft
 * configuration; a leader hands leadership to a caught-up voter of higher priority
 * ({@code LeaderStateImpl.checkPeersForYieldingLeader} in Ratis 3.3), and a voter refuses its vote
 * to a candidate of lower priority whose log is no longer than its own. This class, run about once
 * a second on every node but acting only on the leader, sets those priorities: 1 for the voters of
 * {@code primary_region} that are unsealed, 0 for every other member.
 *
 * <p>Why "unsealed": a node always restarts sealed, and a sealed leader refuses every write
 * (SEALED) until key holders unseal it. A fixed priority would hand leadership to a restarted
 * primary-region node as soon as it caught up, and stop writes. So the leader asks each
 * primary-region voter for its status (the client port's {@code status}, which needs no token) and
 * gives priority 1 only to those that answer unsealed; a node that does not answer (down,
 * restarting, cut off) drops to 0 at once, so it has 0 by the time it is back and sealed, and gets
 * 1 again once it is unsealed. Changes go through Raft ({@link RaftNode#setPriorities},
 * compare-and-set against the membership) and only when something differs.
 *
 * <p>Ratis 3.3 checks priorities only when its leader has been idle for election_max (its event
 * loop looks for a higher-priority voter only when a poll of its event queue times out), which
 * never happens under a steady write load; so a leader outside the primary region also asks for a
 * transfer to an eligible primary-region voter itself, with election_min as the time limit (Ratis
 * blocks writes while a transfer runs; they wait and go through, see {@code RaftNode.submit}).
 *
 * <p>And a sealed leader (elected while its region's nodes were down, or sealed by an operator)
 * hands leadership to an unsealed voter, preferring the primary region, whether or not a primary
 * region is configured.
 *
 * <p>{@code primary_region} must be the same on every node: a leader applies its own.
 */
final class LeaderPlacement implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderPlacement.class);
  static final int PRIMARY = 1;
  static final int OTHER = 0;
  /** After a transfer to the primary region failed, how long before the next try. */
  static final Duration TRANSFER_BACKOFF = Duration.ofSeconds(30);

  private final NodeConfig config;
  private final RaftNode raft;
  private final SealLifecycle seal;
  private final Supplier<Map<String, PeerBook.Entry>> addressBook;
  private final StrongroomClient probe;
  private final Duration probeTimeout;
  private final Duration transferTimeout;
  private volatile String lastPlacement = "";
  private volatile long transferFailedAt = System.nanoTime() - TRANSFER_BACKOFF.toNanos() - 1;

  /**
   * @param probe a client for status requests to other nodes (any address list: calls are pinned
   *     to one node each); closed with this object
   */
  LeaderPlacement(NodeConfig config, RaftNode raft, SealLifecycle seal, Supplier<Map<String, PeerBook.Entry>> addressBook,
      StrongroomClient probe, Duration probeTimeout) {
    this.config = config;
    this.raft = raft;
    this.seal = seal;
    this.addressBook = addressBook;
    this.probe = probe;
    this.probeTimeout = probeTimeout;
    this.transferTimeout = config.timeouts().request().multipliedBy(3);
  }

  /** One round: on the leader, sets the priorities and moves leadership off a sealed leader. */
  void tick() {
    if (!raft.isLeaderReady()) {
      return;
    }
    try {
      place();
    } catch (IOException | RuntimeException e) {
      // Another configuration change in progress, leadership lost meanwhile: the next tick retries.
      LOG.debug("leader placement round failed: {}", e.toString());
    }
  }

  private void place() throws IOException {
    Map<String, PeerBook.Entry> book = addressBook.get();
    List<RaftNode.Member> voters = raft.members().stream().filter(RaftNode.Member::voter).toList();
    SealState own = seal.state();
    boolean selfUnsealed = own == SealState.UNSEALED;
    boolean sealedLeader = own == SealState.SEALED;
    Optional<String> primary = config.primaryRegion();

    // Ask the voters whose seal state matters, all at once.
    Map<String, CompletableFuture<Boolean>> asked = new LinkedHashMap<>();
    for (RaftNode.Member m : voters) {
      if (m.id().equals(config.nodeId())) {
        continue;
      }
      boolean inPrimary = primary.isPresent() && primary.get().equals(region(book, m.id()));
      if (inPrimary || sealedLeader) {
        asked.put(m.id(), unsealed(book.get(m.id())));
      }
    }
    Map<String, Boolean> unsealed = new LinkedHashMap<>();
    unsealed.put(config.nodeId(), selfUnsealed);
    asked.forEach((id, f) -> unsealed.put(id, f.join()));

    Map<String, Integer> priorities = new LinkedHashMap<>();
    for (RaftNode.Member m : voters) {
      boolean eligible = primary.isPresent() && primary.get().equals(region(book, m.id())) && unsealed.getOrDefault(m.id(), false);
      priorities.put(m.id(), eligible ? PRIMARY : OTHER);
    }
    String placement = priorities.toString();
    if (raft.setPriorities(priorities)) {
      LOG.info("leader priorities set to {} (primary region {})", placement, primary.orElse("none"));
    } else if (!placement.equals(lastPlacement)) {
      LOG.debug("leader priorities already {}", placement);
    }
    lastPlacement = placement;

    if (!sealedLeader && priorities.getOrDefault(config.nodeId(), OTHER) == OTHER) {
      // Ratis yields to a higher priority only from its leader's idle loop: after election_max
      // with no event at all, which a steady stream of commits never leaves (LeaderStateImpl's
      // EventProcessor checks priorities only when its queue poll times out). So ask for it.
      Optional<String> preferred =
          voters.stream().map(RaftNode.Member::id).filter(id -> !id.equals(config.nodeId()) && priorities.get(id) == PRIMARY).findFirst();
      if (preferred.isPresent() && System.nanoTime() - transferFailedAt > TRANSFER_BACKOFF.toNanos()) {
        LOG.info("handing leadership to {}, an unsealed voter of the primary region {}", preferred.get(), primary.orElseThrow());
        try {
          raft.transferLeadership(preferred.get(), config.timeouts().electionMin());
        } catch (IOException e) {
          // Writes wait while a transfer runs: do not try again at once if this one did not work.
          transferFailedAt = System.nanoTime();
          LOG.info("leadership did not move to {} ({}); trying again in {} s at the earliest", preferred.get(), e.toString(), TRANSFER_BACKOFF.toSeconds());
        }
      }
    }
    if (sealedLeader) {
      Optional<String> target =
          voters.stream().map(RaftNode.Member::id)
              .filter(id -> !id.equals(config.nodeId()) && unsealed.getOrDefault(id, false))
              .sorted((a, b) -> Integer.compare(priorities.get(b), priorities.get(a)))
              .findFirst();
      if (target.isPresent()) {
        LOG.warn("this leader ({}) is sealed and refuses every write: handing leadership to unsealed voter {}", config.nodeId(), target.get());
        raft.transferLeadership(target.get(), transferTimeout);
      }
    }
  }

  private static String region(Map<String, PeerBook.Entry> book, String id) {
    PeerBook.Entry e = book.get(id);
    return e == null ? "" : e.region();
  }

  /** Whether the member answers its status as initialized and unsealed; false when it cannot be asked or does not answer in time. */
  private CompletableFuture<Boolean> unsealed(PeerBook.Entry entry) {
    if (entry == null || entry.clientAddress().isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    try {
      return probe.sys().node(entry.clientAddress()).statusAsync()
          .thenApply((Status s) -> s.initialized() && !s.sealed())
          .completeOnTimeout(false, probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .exceptionally(e -> false);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  @Override
  public void close() {
    probe.close();
  }
}
