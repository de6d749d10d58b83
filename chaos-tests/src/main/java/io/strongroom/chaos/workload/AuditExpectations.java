package io.strongroom.chaos.workload;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the workloads did per storage path, for the audit check: acknowledged and indeterminate
 * writes, acknowledged reads. Thread-safe.
 */
public final class AuditExpectations {
  /** Counts for one path. */
  public record PathCounts(long ackedWrites, long indeterminateWrites, long ackedReads) {}

  private static final int ACKED_WRITES = 0;
  private static final int INDETERMINATE_WRITES = 1;
  private static final int ACKED_READS = 2;

  private final Map<String, AtomicLongArray> byPath = new ConcurrentHashMap<>();

  private AtomicLongArray of(String path) {
    return byPath.computeIfAbsent(path, p -> new AtomicLongArray(3));
  }

  public void ackedWrite(String path) {
    of(path).incrementAndGet(ACKED_WRITES);
  }

  public void indeterminateWrite(String path) {
    of(path).incrementAndGet(INDETERMINATE_WRITES);
  }

  public void ackedRead(String path) {
    of(path).incrementAndGet(ACKED_READS);
  }

  /** Every path touched, sorted. */
  public Map<String, PathCounts> snapshot() {
    Map<String, PathCounts> out = new TreeMap<>();
    byPath.forEach((p, a) -> out.put(p, new PathCounts(a.get(ACKED_WRITES), a.get(INDETERMINATE_WRITES), a.get(ACKED_READS))));
    return out;
  }
}
