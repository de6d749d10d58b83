package io.strongroom.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven validation of what the edge may put in an audit record: field, message, per case. */
class AuditRecordTest {
  static final String HMAC = "hmac-sha256:" + "0f".repeat(32);

  static AuditRecord rec(String requestId, String nodeId, String op, String outcome, String path, String accessor) {
    return new AuditRecord(requestId, nodeId, op, outcome, path, accessor);
  }

  @Test
  void acceptedShapes() {
    rec("0123456789abcdef0123456789abcdef", "n1", "kv.put", "ok", HMAC, HMAC);
    rec("6f1c1f3e-5a6b-4c3d-9e8f-0a1b2c3d4e5f", "node-eu_west.1", "sys.generate-root", "PERMISSION_DENIED", null, null);
    rec("r".repeat(128), "n".repeat(64), "o".repeat(64), "E" + "1".repeat(63), null, HMAC);
    rec("a:b.c_d-e", "N", "kv_v2.get", "X", null, null);
    assertThat(AuditRecord.OK).isEqualTo("ok");
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of(rec0("", "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], was 0 characters"),
        Arguments.of(rec0("r".repeat(129), "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], was 129 characters"),
        Arguments.of(rec0("req 1", "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], has ' ' at position 4 in 'req 1'"),
        Arguments.of(rec0("req\"1", "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], has '\"' at position 4 in 'req\"1'"),
        Arguments.of(rec0("req\n", "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], has '\\u000a' at position 4 in 'req\\u000a'"),
        Arguments.of(rec0("réq", "n1", "kv.put", "ok"), "request_id",
            "request_id must be 1..128 characters of [A-Za-z0-9._:-], has '\\u00e9' at position 2 in 'r\\u00e9q'"),
        Arguments.of(rec0("r", "n:1", "kv.put", "ok"), "node_id",
            "node_id must be 1..64 characters of [A-Za-z0-9._-], has ':' at position 2 in 'n:1'"),
        Arguments.of(rec0("r", "n".repeat(65), "kv.put", "ok"), "node_id",
            "node_id must be 1..64 characters of [A-Za-z0-9._-], was 65 characters"),
        Arguments.of(rec0("r", "n1", "KV.PUT", "ok"), "op",
            "op must be 1..64 characters of [a-z0-9._-], has 'K' at position 1 in 'KV.PUT'"),
        Arguments.of(rec0("r", "n1", "", "ok"), "op", "op must be 1..64 characters of [a-z0-9._-], was 0 characters"),
        Arguments.of(rec0("r", "n1", "kv.put", "Denied"), "outcome",
            "outcome must be 1..64 characters of [A-Z0-9_], has 'e' at position 2 in 'Denied'"),
        Arguments.of(rec0("r", "n1", "kv.put", "denied"), "outcome",
            "outcome must be 'ok' or an error code name (an upper-case letter, then [A-Z0-9_]), was 'denied'"),
        Arguments.of(rec0("r", "n1", "kv.put", "_DENIED"), "outcome",
            "outcome must be 'ok' or an error code name (an upper-case letter, then [A-Z0-9_]), was '_DENIED'"),
        Arguments.of(rec0("r", "n1", "kv.put", ""), "outcome",
            "outcome must be 'ok' or an error code name (an upper-case letter, then [A-Z0-9_]), was ''"),
        Arguments.of(rec0("r", "n1", "kv.put", "PERMISSION-DENIED"), "outcome",
            "outcome must be 1..64 characters of [A-Z0-9_], has '-' at position 11 in 'PERMISSION-DENIED'"),
        Arguments.of(hm("sha256:" + "0f".repeat(32), null), "path_hmac",
            "path_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, was 'sha256:"
                + "0f".repeat(32).substring(0, 57) + "...(71 characters)'"),
        Arguments.of(hm("", null), "path_hmac",
            "path_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, was ''"),
        Arguments.of(hm(null, "hmac-sha256:" + "0F".repeat(32)), "accessor_hmac",
            "accessor_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, was 'hmac-sha256:"
                + "0F".repeat(26) + "...(76 characters)'"),
        Arguments.of(hm(null, "hmac-sha256:" + "0f".repeat(31)), "accessor_hmac",
            "accessor_hmac must be null or 'hmac-sha256:' followed by 64 lower-case hex characters, was 'hmac-sha256:"
                + "0f".repeat(26) + "...(74 characters)'"));
  }

  private static Runnable rec0(String requestId, String nodeId, String op, String outcome) {
    return () -> rec(requestId, nodeId, op, outcome, null, null);
  }

  private static Runnable hm(String path, String accessor) {
    return () -> rec("r", "n1", "kv.get", "ok", path, accessor);
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("rejected")
  void rejectedWithTheFieldNamed(Runnable make, String field, String message) {
    assertThatThrownBy(make::run)
        .isInstanceOf(InvalidFieldException.class)
        .hasMessage(message)
        .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo(field);
  }
}
