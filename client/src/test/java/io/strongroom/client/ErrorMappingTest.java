package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.ErrorCode;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** frames.proto ErrorCode: "A client maps each to its own exception type". */
class ErrorMappingTest extends FakeClusterTest {

  private static final Map<ErrorCode, Class<? extends StrongroomException>> TABLE =
      new EnumMap<>(ErrorCode.class);

  static {
    TABLE.put(ErrorCode.ERROR_CODE_UNSPECIFIED, InternalException.class);
    TABLE.put(ErrorCode.SEALED, SealedException.class);
    TABLE.put(ErrorCode.UNINITIALIZED, UninitializedException.class);
    TABLE.put(ErrorCode.PERMISSION_DENIED, PermissionDeniedException.class);
    TABLE.put(ErrorCode.NOT_FOUND, NotFoundException.class);
    TABLE.put(ErrorCode.CAS_MISMATCH, CasMismatchException.class);
    TABLE.put(ErrorCode.INVALID_ARGUMENT, InvalidArgumentException.class);
    TABLE.put(ErrorCode.UNAVAILABLE, UnavailableException.class);
    TABLE.put(ErrorCode.NOT_LEADER, NotLeaderException.class);
    TABLE.put(ErrorCode.UNSUPPORTED_VERSION, UnsupportedVersionException.class);
    TABLE.put(ErrorCode.FRAME_TOO_LARGE, FrameTooLargeException.class);
    TABLE.put(ErrorCode.AUDIT_FAILED, AuditFailedException.class);
    TABLE.put(ErrorCode.ALREADY_INITIALIZED, AlreadyInitializedException.class);
    TABLE.put(ErrorCode.INTERNAL, InternalException.class);
  }

  static Stream<Arguments> everyCode() {
    return TABLE.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  static Stream<Arguments> finalCodes() {
    return everyCode().filter(a -> a.get()[0] != ErrorCode.UNAVAILABLE
        && a.get()[0] != ErrorCode.NOT_LEADER);
  }

  @Test
  void theTableCoversEveryWireCode() {
    assertThat(TABLE.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ErrorCode.values()).filter(c -> c != ErrorCode.UNRECOGNIZED).toList());
  }

  @ParameterizedTest
  @MethodSource("everyCode")
  void eachCodeMapsToItsType(ErrorCode code, Class<? extends StrongroomException> type) {
    StrongroomException e = Errors.toException(code, "message for " + code, "10.0.0.1:7400");

    assertThat(e).isExactlyInstanceOf(type).hasMessageContaining("message for " + code);
    assertThat(e.code()).isEqualTo(code);
  }

  @ParameterizedTest
  @MethodSource("finalCodes")
  void aNodeAnswerWithAFinalCodeThrowsItsTypeAfterOneAttempt(
      ErrorCode code, Class<? extends StrongroomException> type) {
    FakeNode node = node("n1").script((r, x) -> x.error(code, "told you: " + code));
    StrongroomClient client = client(node.address());

    assertThatThrownBy(() -> client.kv().delete("a"))
        .isExactlyInstanceOf(type)
        .hasMessageContaining("told you: " + code)
        .hasMessageContaining(node.address());
    assertThat(node.requests()).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("finalCodes")
  void asyncFormsFailWithTheSameTypes(ErrorCode code, Class<? extends StrongroomException> type) {
    FakeNode node = node("n1").script((r, x) -> x.error(code, "told you"));
    StrongroomClient client = client(node.address());

    assertThat(client.kv().putAsync("a", Map.of("k", "v")))
        .failsWithin(java.time.Duration.ofSeconds(5))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause().isExactlyInstanceOf(type);
  }

  @Test
  void retryableCodesEndAsUnavailableWithTheNodesAnswerAsCause() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.NOT_LEADER, "election"));
    StrongroomClient client = track(builder(node.address()).maxAttempts(2).build());

    assertThatThrownBy(() -> client.kv().delete("a"))
        .isInstanceOf(UnavailableException.class)
        .cause().isInstanceOf(NotLeaderException.class).hasMessageContaining("election");
  }

  @Test
  void notFoundIsAnEmptyResultForReads() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.NOT_FOUND, "no such path"));
    StrongroomClient client = client(node.address());

    assertThat(client.kv().get("a")).isEmpty();
    assertThat(client.kv().get("a", 7)).isEmpty();
    assertThat(client.kv().metadata("a")).isEmpty();
    assertThat(client.kv().list("a/")).isEmpty();
    assertThatThrownBy(() -> client.kv().undelete("a", 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void callersCanSwitchOnTheCode() {
    FakeNode node = node("n1").script((r, x) -> x.error(ErrorCode.SEALED, "sealed"));
    StrongroomClient client = client(node.address());

    String outcome;
    try {
      client.kv().put("a", Map.of("k", "v"));
      outcome = "written";
    } catch (StrongroomException e) {
      outcome = switch (e.code()) {
        case SEALED -> "page the key holders";
        default -> "other";
      };
    }
    assertThat(outcome).isEqualTo("page the key holders");
  }
}
