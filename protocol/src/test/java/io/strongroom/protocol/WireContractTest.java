package io.strongroom.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Hello;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The wire numbers are a compatibility contract (frames.proto): renumbering breaks old clients. */
class WireContractTest {

  @Test
  void errorCodeNumbersNeverChange() {
    Map<String, Integer> numbers =
        Arrays.stream(ErrorCode.values())
            .filter(c -> c != ErrorCode.UNRECOGNIZED)
            .collect(Collectors.toMap(Enum::name, ErrorCode::getNumber));
    assertThat(numbers)
        .containsEntry("SEALED", 1)
        .containsEntry("UNINITIALIZED", 2)
        .containsEntry("PERMISSION_DENIED", 3)
        .containsEntry("NOT_FOUND", 4)
        .containsEntry("CAS_MISMATCH", 5)
        .containsEntry("INVALID_ARGUMENT", 6)
        .containsEntry("UNAVAILABLE", 7)
        .containsEntry("NOT_LEADER", 8)
        .containsEntry("UNSUPPORTED_VERSION", 9)
        .containsEntry("FRAME_TOO_LARGE", 10)
        .containsEntry("AUDIT_FAILED", 11)
        .containsEntry("ALREADY_INITIALIZED", 12)
        .containsEntry("INTERNAL", 13)
        .hasSize(14);
  }

  @Test
  void helloEncodingIsStable() {
    // field 1 varint 1, field 2 varint 1, field 3 "x": the proto3 wire format, byte for byte.
    byte[] wire = Hello.newBuilder().setMinVersion(1).setMaxVersion(1).setAgent("x").build().toByteArray();
    assertThat(wire).containsExactly(0x08, 0x01, 0x10, 0x01, 0x1a, 0x01, 'x');
  }
}
