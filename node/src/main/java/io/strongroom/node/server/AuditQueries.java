package io.strongroom.node.server;

import com.google.protobuf.ByteString;
import io.strongroom.audit.AuditChain;
import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditJson;
import io.strongroom.audit.Checkpoint;
import io.strongroom.audit.ConsistencyProof;
import io.strongroom.audit.Hash;
import io.strongroom.audit.InclusionProof;
import io.strongroom.protocol.v1.AuditExportChunk;
import io.strongroom.protocol.v1.AuditExportRequest;
import io.strongroom.protocol.v1.AuditHead;
import io.strongroom.protocol.v1.AuditProof;
import io.strongroom.protocol.v1.AuditProveRequest;
import io.strongroom.raft.AuditLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of the replicated audit chain: export pages, the head, proofs. */
final class AuditQueries {
  /** Entries per export page when the caller names no size: a few hundred KiB of JSON. */
  static final int DEFAULT_PAGE = 1000;
  static final int MAX_PAGE = 5000;
  /** Proofs read every entry up to the checkpoint; beyond this many, refuse rather than stall the node. */
  static final long MAX_PROOF_ENTRIES = 5_000_000;

  private final AuditLog.Reader log;
  private final String nodeId;

  AuditQueries(AuditLog.Reader log, String nodeId) {
    this.log = log;
    this.nodeId = nodeId;
  }

  AuditExportChunk export(AuditExportRequest req) {
    long from = Math.max(1, req.getFrom());
    long head = log.chain().size();
    long to = req.getTo() == 0 ? head : Math.min(req.getTo(), head);
    if (req.getTo() != 0 && req.getTo() < from) {
      throw new IllegalArgumentException("--to " + req.getTo() + " is before --from " + from);
    }
    int page = req.getMaxEntries() == 0 ? DEFAULT_PAGE : Math.min(req.getMaxEntries(), MAX_PAGE);
    long last = Math.min(to, from + page - 1);
    Map<Long, Checkpoint> checkpoints = new HashMap<>();
    log.checkpoints(from, cp -> {
      if (cp.seq() > last) {
        return false;
      }
      checkpoints.put(cp.seq(), cp);
      return true;
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] next = {from};
    try (AuditJson.Writer w = AuditJson.writer(out)) {
      log.entries(from, e -> {
        if (e.seq() > last) {
          return false;
        }
        try {
          w.writeEntry(e);
          Checkpoint cp = checkpoints.get(e.seq());
          if (cp != null) {
            w.writeCheckpoint(cp);
          }
        } catch (IOException x) {
          throw new UncheckedIOException(x);
        }
        next[0] = e.seq() + 1;
        return true;
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuditExportChunk.newBuilder().setJsonl(ByteString.copyFrom(out.toByteArray()))
        .setNext(next[0]).setDone(next[0] > to).build();
  }

  AuditHead head() {
    AuditChain chain = log.chain();
    return AuditHead.newBuilder().setSeq(chain.size()).setHash(chain.head().hex()).setNodeId(nodeId)
        .setTreeRoot(chain.root().hex()).build();
  }

  AuditProof prove(AuditProveRequest req) {
    Checkpoint latest = log.latestCheckpoint()
        .orElseThrow(() -> new IllegalStateException("no audit checkpoint has been committed yet; try again in a few seconds"));
    if (req.getToCheckpoint() != 0) {
      Checkpoint first = checkpointAt(req.getSeq());
      Checkpoint second = checkpointAt(req.getToCheckpoint());
      if (second.seq() < first.seq()) {
        throw new IllegalArgumentException("the second checkpoint (" + second.seq() + ") is older than the first (" + first.seq() + ")");
      }
      return AuditProof.newBuilder().setJson(AuditJson.toJson(ConsistencyProof.of(first, second, leafHashes(second.seq())))).build();
    }
    long seq = req.getSeq();
    if (seq < 1 || seq > latest.seq()) {
      throw new IllegalArgumentException("entry " + seq + " is not covered by the latest checkpoint (1.." + latest.seq() + ")");
    }
    AuditEntry entry = log.entry(seq).orElseThrow(() -> new IllegalStateException("entry " + seq + " is missing"));
    return AuditProof.newBuilder().setJson(AuditJson.toJson(InclusionProof.of(entry, latest, leafHashes(latest.seq())))).build();
  }

  private Checkpoint checkpointAt(long seq) {
    Checkpoint[] found = new Checkpoint[1];
    log.checkpoints(seq, cp -> {
      if (cp.seq() == seq) {
        found[0] = cp;
      }
      return false;
    });
    if (found[0] == null) {
      throw new IllegalArgumentException("there is no checkpoint at " + seq + " (audit export lists them)");
    }
    return found[0];
  }

  private List<Hash> leafHashes(long size) {
    if (size > MAX_PROOF_ENTRIES) {
      throw new IllegalArgumentException("a proof over " + size + " entries is more than this node computes online (" + MAX_PROOF_ENTRIES + ")");
    }
    List<Hash> hashes = new ArrayList<>((int) size);
    log.entries(1, e -> {
      if (e.seq() > size) {
        return false;
      }
      hashes.add(e.hash());
      return true;
    });
    return hashes;
  }
}
