package io.strongroom.chaos.workload;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditJson;
import io.strongroom.audit.AuditPublicKey;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.AuditVerifier;
import io.strongroom.audit.ExportItem;
import io.strongroom.audit.VerificationResult;
import io.strongroom.chaos.harness.Cluster;
import io.strongroom.chaos.harness.NodeSpec;
import io.strongroom.client.AuditHead;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.StrongroomException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The audit check, after the faults healed and the load stopped:
 * <ol>
 *   <li>every node reports the same chain head (sequence number and hash); two nodes with the same
 *       sequence number and different hashes have diverged;</li>
 *   <li>the export from entry 1 verifies ({@link AuditVerifier}, with the cluster's public key);</li>
 *   <li>every acknowledged write has exactly one {@code kv.put} entry with outcome {@code ok}:
 *       per path, the count of such entries is at least the acknowledged writes and at most those
 *       plus the indeterminate ones (for the set's paths, written once each, that is exactly one per
 *       acknowledged add); no write request id appears twice; and every acknowledged read has a
 *       {@code kv.get} entry (a read retried after a lost answer may have two).</li>
 * </ol>
 * Paths appear in the log only as HMACs; the cluster computes them ({@code sys audit hash}).
 */
public final class AuditCheck {
  static final String WRITE_OP = "kv.put";
  static final String READ_OP = "kv.get";
  static final String NOT_FOUND = "NOT_FOUND";

  /**
   * @param heads the last heads read from each node
   * @param verification the verifier's verdict, or why it could not run
   * @param problems every failed expectation, one line each
   */
  public record Result(
      boolean headsConverged, Map<String, String> heads, boolean verified, String verification, long entries,
      long pathsChecked, long ackedWrites, long writesWithoutEntry, long writesWithExtraEntries, long readsWithoutEntry,
      List<String> problems) {
    public Result {
      heads = Map.copyOf(heads);
      problems = List.copyOf(problems);
    }

    public boolean valid() {
      return headsConverged && verified && problems.isEmpty();
    }

    public long anomalies() {
      return (headsConverged ? 0 : 1) + (verified ? 0 : 1) + problems.size();
    }

    public String report() {
      StringBuilder sb = new StringBuilder("audit: ").append(valid() ? "valid" : "INVALID").append(" - ")
          .append(entries).append(" entries; heads ").append(headsConverged ? "identical on every node " : "DIFFER ")
          .append(heads).append("; verify: ").append(verification).append("; ").append(pathsChecked).append(" paths, ")
          .append(ackedWrites).append(" acknowledged writes, ").append(writesWithoutEntry).append(" without an entry, ")
          .append(writesWithExtraEntries).append(" with extra entries, ").append(readsWithoutEntry)
          .append(" acknowledged reads without an entry\n");
      for (String p : problems.subList(0, Math.min(problems.size(), 50))) {
        sb.append("  ").append(p).append('\n');
      }
      if (problems.size() > 50) {
        sb.append("  ... and ").append(problems.size() - 50).append(" more\n");
      }
      return sb.toString();
    }
  }

  /** The comparison of expectations with the log, without the cluster (for tests). */
  public record Comparison(long ackedWrites, long writesWithoutEntry, long writesWithExtraEntries, long readsWithoutEntry,
      List<String> problems) {}

  private AuditCheck() {}

  /** Runs the whole check against the cluster and writes the export to {@code exportFile}. */
  public static Result run(Cluster cluster, AuditExpectations expectations, Path exportFile, Consumer<String> log)
      throws IOException, InterruptedException {
    StrongroomClient admin = cluster.admin();
    // 1. Heads: poll until every member reports the same head (checkpoints move it every ~10 s).
    Map<String, String> heads = new LinkedHashMap<>();
    boolean converged = false;
    String divergence = null;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && !converged && divergence == null) {
      heads.clear();
      Map<Long, String> hashBySeq = new HashMap<>();
      boolean allAnswered = true;
      for (String id : cluster.members()) {
        try {
          AuditHead h = admin.sys().node(NodeSpec.of(id).clientAddress()).auditHead();
          heads.put(id, h.seq() + ":" + h.hash());
          String other = hashBySeq.putIfAbsent(h.seq(), h.hash());
          if (other != null && !other.equals(h.hash())) {
            divergence = "nodes report different hashes for entry " + h.seq() + ": " + heads;
          }
        } catch (StrongroomException e) {
          heads.put(id, "unanswered: " + e.getMessage());
          allAnswered = false;
        }
      }
      converged = allAnswered && divergence == null && heads.values().stream().distinct().count() == 1;
      if (!converged) {
        Thread.sleep(300);
      }
    }
    List<String> problems = new ArrayList<>();
    if (divergence != null) {
      problems.add("DIVERGED: " + divergence);
    }
    log.accept("audit heads " + (converged ? "converged: " : "did not converge: ") + heads);

    // 2. Export and verify.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    admin.sys().auditExport(1, 0, out, seq -> {});
    byte[] export = out.toByteArray();
    Files.write(exportFile, export);
    String publicKey = admin.sys().auditPublicKey();
    VerificationResult verdict;
    String verification;
    boolean verified;
    try (InputStream in = new ByteArrayInputStream(export)) {
      verdict = AuditVerifier.forKeys(AuditPublicKey.parse(publicKey)).verify(in);
      verified = verdict instanceof VerificationResult.Valid;
      verification = verdict instanceof VerificationResult.Valid v
          ? "valid (" + v.entries() + " entries, " + v.checkpoints() + " checkpoints, head " + v.headSeq() + ")"
          : "INVALID: " + ((VerificationResult.Invalid) verdict).reason();
    } catch (RuntimeException e) {
      verified = false;
      verification = "unreadable export: " + e.getMessage();
    }
    List<AuditEntry> entries = entries(export);

    // 3. Per path, through the HMACs the cluster computes.
    Map<String, AuditExpectations.PathCounts> expected = expectations.snapshot();
    Map<String, String> hmacs = hmacs(admin, expected.keySet());
    Comparison c = compare(expected, hmacs, entries);
    problems.addAll(c.problems());
    return new Result(converged, heads, verified, verification, entries.size(), expected.size(), c.ackedWrites(),
        c.writesWithoutEntry(), c.writesWithExtraEntries(), c.readsWithoutEntry(), problems);
  }

  static List<AuditEntry> entries(byte[] export) throws IOException {
    List<AuditEntry> entries = new ArrayList<>();
    try (AuditJson.Reader r = AuditJson.reader(new ByteArrayInputStream(export))) {
      ExportItem item;
      while ((item = r.next()) != null) {
        if (item instanceof ExportItem.EntryLine e) {
          entries.add(e.entry());
        }
      }
    }
    return entries;
  }

  private static Map<String, String> hmacs(StrongroomClient admin, java.util.Set<String> paths) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(32); // each hash request is itself audited through Raft: batch them
    try {
      Map<String, Future<String>> futures = new LinkedHashMap<>();
      for (String p : paths) {
        futures.put(p, pool.submit(() -> admin.sys().auditHash(p)));
      }
      Map<String, String> out = new HashMap<>();
      for (Map.Entry<String, Future<String>> e : futures.entrySet()) {
        try {
          out.put(e.getKey(), e.getValue().get());
        } catch (java.util.concurrent.ExecutionException ex) {
          throw new IllegalStateException("cannot get the audit HMAC of " + e.getKey() + ": " + ex.getCause(), ex.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Compares what the workloads did per path with the audit entries. */
  public static Comparison compare(Map<String, AuditExpectations.PathCounts> expected, Map<String, String> hmacByPath,
      List<AuditEntry> entries) {
    Map<String, long[]> byHmac = new HashMap<>();
    Map<String, Long> writeRequestIds = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (AuditEntry e : entries) {
      AuditRecord r = e.record();
      if (r.pathHmac() == null) {
        continue;
      }
      if (READ_OP.equals(r.operation()) && (AuditRecord.OK.equals(r.outcome()) || NOT_FOUND.equals(r.outcome()))) {
        // a read of a path with no version yet is answered NOT_FOUND (the client's empty result)
        byHmac.computeIfAbsent(r.pathHmac(), h -> new long[2])[1]++;
        continue;
      }
      if (!AuditRecord.OK.equals(r.outcome())) {
        continue;
      }
      if (WRITE_OP.equals(r.operation())) {
        byHmac.computeIfAbsent(r.pathHmac(), h -> new long[2])[0]++;
        Long earlier = writeRequestIds.putIfAbsent(r.requestId(), e.seq());
        if (earlier != null) {
          problems.add("write request " + r.requestId() + " is audited twice, entries " + earlier + " and " + e.seq());
        }
      }
    }
    long acked = 0;
    long missing = 0;
    long extra = 0;
    long readsMissing = 0;
    for (Map.Entry<String, AuditExpectations.PathCounts> e : expected.entrySet()) {
      String path = e.getKey();
      AuditExpectations.PathCounts want = e.getValue();
      String hmac = hmacByPath.get(path);
      if (hmac == null) {
        problems.add(path + ": no HMAC");
        continue;
      }
      long[] have = byHmac.getOrDefault(hmac, new long[2]);
      acked += want.ackedWrites();
      if (have[0] < want.ackedWrites()) {
        missing += want.ackedWrites() - have[0];
        problems.add(path + ": " + want.ackedWrites() + " acknowledged writes but " + have[0] + " kv.put entries");
      } else if (have[0] > want.ackedWrites() + want.indeterminateWrites()) {
        extra += have[0] - want.ackedWrites() - want.indeterminateWrites();
        problems.add(path + ": " + have[0] + " kv.put entries for " + want.ackedWrites() + " acknowledged and "
            + want.indeterminateWrites() + " indeterminate writes");
      }
      if (have[1] < want.ackedReads()) {
        readsMissing += want.ackedReads() - have[1];
        problems.add(path + ": " + want.ackedReads() + " acknowledged reads but " + have[1] + " kv.get entries");
      }
    }
    return new Comparison(acked, missing, extra, readsMissing, problems);
  }
}
