package io.strongroom.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.audit.AuditEntry;
import io.strongroom.audit.AuditRecord;
import io.strongroom.audit.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditCheckTest {
  private static final String HA = "hmac-sha256:" + "a".repeat(64);
  private static final String HB = "hmac-sha256:" + "b".repeat(64);
  private final List<AuditEntry> entries = new ArrayList<>();

  private void entry(String requestId, String op, String outcome, String path) {
    entries.add(new AuditEntry(entries.size() + 1, 1, 0, new AuditRecord(requestId, "n1", op, outcome, path, null), Hash.ZERO));
  }

  private AuditCheck.Comparison compare(AuditExpectations expected) {
    return AuditCheck.compare(expected.snapshot(), Map.of("a", HA, "b", HB), entries);
  }

  @Test
  void oneEntryPerAcknowledgedWriteAndReadsWithOkOrNotFound() {
    AuditExpectations x = new AuditExpectations();
    x.ackedWrite("a");
    x.ackedRead("a");
    x.ackedRead("b");
    entry("r1", "kv.put", "ok", HA);
    entry("r2", "kv.get", "ok", HA);
    entry("r2", "kv.get", "ok", HA); // a retried read may be audited twice
    entry("r3", "kv.get", "NOT_FOUND", HB);
    entry("r4", "kv.put", "CAS_MISMATCH", HB);
    AuditCheck.Comparison c = compare(x);
    assertThat(c.problems()).isEmpty();
    assertThat(c.ackedWrites()).isEqualTo(1);
  }

  @Test
  void aMissingEntryForAnAcknowledgedWriteIsReported() {
    AuditExpectations x = new AuditExpectations();
    x.ackedWrite("a");
    x.ackedWrite("a");
    entry("r1", "kv.put", "ok", HA);
    AuditCheck.Comparison c = compare(x);
    assertThat(c.writesWithoutEntry()).isEqualTo(1);
    assertThat(c.problems()).singleElement().asString().contains("2 acknowledged writes but 1 kv.put entries");
  }

  @Test
  void indeterminateWritesMayOrMayNotHaveAnEntryButNoMore() {
    AuditExpectations x = new AuditExpectations();
    x.ackedWrite("b");
    x.indeterminateWrite("b");
    entry("r1", "kv.put", "ok", HB);
    assertThat(compare(x).problems()).isEmpty();
    entry("r2", "kv.put", "ok", HB);
    assertThat(compare(x).problems()).isEmpty();
    entry("r3", "kv.put", "ok", HB);
    assertThat(compare(x).writesWithExtraEntries()).isEqualTo(1);
  }

  @Test
  void aWriteRequestAuditedTwiceIsReported() {
    AuditExpectations x = new AuditExpectations();
    x.ackedWrite("a");
    x.indeterminateWrite("a");
    entry("same", "kv.put", "ok", HA);
    entry("same", "kv.put", "ok", HA);
    assertThat(compare(x).problems()).singleElement().asString().contains("audited twice");
  }

  @Test
  void anAcknowledgedReadWithoutAnEntryIsReported() {
    AuditExpectations x = new AuditExpectations();
    x.ackedRead("a");
    entry("r1", "kv.get", "UNAVAILABLE", HA);
    assertThat(compare(x).readsWithoutEntry()).isEqualTo(1);
  }
}
