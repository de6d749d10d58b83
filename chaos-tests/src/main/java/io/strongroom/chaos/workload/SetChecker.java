package io.strongroom.chaos.workload;

import io.strongroom.chaos.history.Edn;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Checks the set workload: every acknowledged add is in the final read (else it is a lost write),
 * nothing is there that was never added, and adds that ended {@code :fail} are absent.
 * Indeterminate adds may go either way; how many survived is reported.
 */
public final class SetChecker {
  private SetChecker() {}

  /**
   * @param lost acknowledged adds missing from the final read
   * @param unexpected elements in the final read that no add attempted
   * @param failedPresent adds that ended {@code :fail} yet are present
   * @param recovered indeterminate adds that turned out present
   */
  public record Result(
      boolean finalReadDone, long attempted, long acknowledged, long indeterminate, long finalSize,
      SortedSet<Long> lost, SortedSet<Long> unexpected, SortedSet<Long> failedPresent, long recovered) {
    public boolean valid() {
      return finalReadDone && lost.isEmpty() && unexpected.isEmpty() && failedPresent.isEmpty();
    }

    public long anomalies() {
      return (finalReadDone ? 0 : 1) + lost.size() + unexpected.size() + failedPresent.size();
    }

    public String report() {
      if (!finalReadDone) {
        return "set: NO final read succeeded; acknowledged adds cannot be checked\n";
      }
      return "set: " + (valid() ? "valid" : "INVALID") + " - " + attempted + " adds attempted, " + acknowledged
          + " acknowledged, " + indeterminate + " indeterminate (" + recovered + " of them present), final read "
          + finalSize + " elements" + (lost.isEmpty() ? "" : "; LOST acknowledged adds: " + abbreviate(lost))
          + (unexpected.isEmpty() ? "" : "; never-added elements present: " + abbreviate(unexpected))
          + (failedPresent.isEmpty() ? "" : "; failed adds present: " + abbreviate(failedPresent)) + "\n";
    }

    private static String abbreviate(SortedSet<Long> s) {
      return s.size() <= 20 ? s.toString() : s.stream().limit(20).toList() + " ... (" + s.size() + ")";
    }
  }

  /** Checks the set events of {@code events} (adds and the final {@code read-set}). */
  public static Result check(List<RunLog.Event> events, Optional<? extends SortedSet<Long>> finalRead) {
    TreeSet<Long> attempted = new TreeSet<>();
    TreeSet<Long> acked = new TreeSet<>();
    TreeSet<Long> info = new TreeSet<>();
    TreeSet<Long> failed = new TreeSet<>();
    for (RunLog.Event e : events) {
      if (e.isNemesis() || !e.f().equals("add")) {
        continue;
      }
      long element = ((Edn.Int) e.value()).value().longValueExact();
      switch (e.type()) {
        case "invoke":
          attempted.add(element);
          break;
        case "ok":
          acked.add(element);
          break;
        case "info":
          info.add(element);
          break;
        case "fail":
          failed.add(element);
          break;
        default:
          throw new IllegalArgumentException("unknown event type " + e.type());
      }
    }
    if (finalRead.isEmpty()) {
      return new Result(false, attempted.size(), acked.size(), info.size(), 0, new TreeSet<>(), new TreeSet<>(),
          new TreeSet<>(), 0);
    }
    SortedSet<Long> seen = finalRead.get();
    TreeSet<Long> lost = new TreeSet<>(acked);
    lost.removeAll(seen);
    TreeSet<Long> unexpected = new TreeSet<>(seen);
    unexpected.removeAll(attempted);
    TreeSet<Long> failedPresent = new TreeSet<>(failed);
    failedPresent.retainAll(seen);
    long recovered = info.stream().filter(seen::contains).count();
    return new Result(true, attempted.size(), acked.size(), info.size(), seen.size(), lost, unexpected, failedPresent,
        recovered);
  }
}
