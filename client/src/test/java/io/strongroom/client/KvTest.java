package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.Consistency;
import io.strongroom.protocol.v1.Request;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each KV operation sends the request frames.proto describes and maps the answer to records. */
class KvTest extends FakeClusterTest {

  private FakeNode node;
  private Kv kv;

  @BeforeEach
  void start() {
    node = node("n1");
    kv = client(node.address()).kv();
  }

  private Request last() {
    return node.requests().get(node.requests().size() - 1);
  }

  @Test
  void putWithAndWithoutCas() {
    VersionInfo written = kv.put("app/db", Map.of("user", "u", "password", "p"));

    assertThat(written).isEqualTo(new VersionInfo(
        1, Instant.ofEpochMilli(Responses.CREATED_MS), Optional.empty(), false));
    assertThat(last().getKvPut().getPath()).isEqualTo("app/db");
    assertThat(last().getKvPut().getDataMap()).containsOnly(
        Map.entry("user", "u"), Map.entry("password", "p"));
    assertThat(last().getKvPut().hasCas()).isFalse();
    assertThat(last().getConsistency()).isEqualTo(Consistency.LINEARIZABLE);

    kv.put("app/db", Map.of("k", "v"), 0);
    assertThat(last().getKvPut().hasCas()).isTrue();
    assertThat(last().getKvPut().getCas()).isZero();

    kv.put("app/db", Map.of("k", "v"), 7);
    assertThat(last().getKvPut().getCas()).isEqualTo(7);
  }

  @Test
  void getCurrentAndByVersion() {
    Secret current = kv.get("app/db").orElseThrow();
    assertThat(current.data()).containsOnly(Map.entry("path", "app/db"));
    assertThat(current.version().version()).isEqualTo(3);
    assertThat(last().getKvGet().getVersion()).isZero();

    Secret second = kv.get("app/db", 2).orElseThrow();
    assertThat(second.version().version()).isEqualTo(2);
    assertThat(last().getKvGet().getVersion()).isEqualTo(2);
  }

  @Test
  void patchSetsAndRemoves() {
    kv.patch("app/db", Map.of("a", "1"), List.of("b", "c"));
    assertThat(last().getKvPatch().getSetMap()).containsOnly(Map.entry("a", "1"));
    assertThat(last().getKvPatch().getRemoveList()).containsExactly("b", "c");
    assertThat(last().getKvPatch().hasCas()).isFalse();

    kv.patch("app/db", Map.of(), List.of("a"), 4);
    assertThat(last().getKvPatch().getCas()).isEqualTo(4);
  }

  @Test
  void deleteUndeleteDestroyCarryTheirVersions() {
    kv.delete("p");
    assertThat(last().getKvDelete().getVersionsList()).isEmpty();
    kv.delete("p", 1, 2);
    assertThat(last().getKvDelete().getVersionsList()).containsExactly(1L, 2L);
    kv.undelete("p", 2);
    assertThat(last().getKvUndelete().getVersionsList()).containsExactly(2L);
    kv.destroy("p", 1, 3);
    assertThat(last().getKvDestroy().getPath()).isEqualTo("p");
    assertThat(last().getKvDestroy().getVersionsList()).containsExactly(1L, 3L);
  }

  @Test
  void listKeys() {
    assertThat(kv.list("app/")).containsExactly("a", "b/");
    assertThat(last().getKvList().getPrefix()).isEqualTo("app/");
  }

  @Test
  void metadataGetPutDelete() {
    SecretMetadata meta = kv.metadata("app/db").orElseThrow();
    assertThat(meta.path()).isEqualTo("app/db");
    assertThat(meta.currentVersion()).isEqualTo(2);
    assertThat(meta.maxVersions()).isEqualTo(10);
    assertThat(meta.customMetadata()).containsOnly(Map.entry("owner", "team-a"));
    assertThat(meta.versions()).hasSize(2);
    assertThat(meta.versions().get(0).deleted())
        .contains(Instant.ofEpochMilli(Responses.CREATED_MS + 500));
    assertThat(meta.versions().get(0).live()).isFalse();
    assertThat(meta.versions().get(1).live()).isTrue();

    kv.putMetadata("app/db", MetadataUpdate.none()
        .withMaxVersions(5).withCasRequired(true)
        .withDeleteVersionAfter(Duration.ofHours(1))
        .withCustomMetadata(Map.of("owner", "team-b"), true));
    var put = last().getKvMetadataPut();
    assertThat(put.getMaxVersions()).isEqualTo(5);
    assertThat(put.getCasRequired()).isTrue();
    assertThat(put.getDeleteVersionAfterMs()).isEqualTo(3_600_000L);
    assertThat(put.getCustomMetadataMap()).containsOnly(Map.entry("owner", "team-b"));
    assertThat(put.getReplaceCustomMetadata()).isTrue();

    kv.putMetadata("app/db", MetadataUpdate.none());
    assertThat(last().getKvMetadataPut().hasMaxVersions()).isFalse();
    assertThat(last().getKvMetadataPut().hasCasRequired()).isFalse();
    assertThat(last().getKvMetadataPut().hasDeleteVersionAfterMs()).isFalse();

    kv.deleteMetadata("app/db");
    assertThat(last().getKvMetadataDelete().getPath()).isEqualTo("app/db");
  }

  @Test
  void staleReadsCarryTheBoundAndWritesStayLinearizable() {
    Kv stale = kv.staleReads(Duration.ofMillis(1500));

    stale.get("a");
    assertThat(last().getConsistency()).isEqualTo(Consistency.STALE);
    assertThat(last().getMaxStalenessMs()).isEqualTo(1500);
    stale.list("");
    assertThat(last().getConsistency()).isEqualTo(Consistency.STALE);

    stale.put("a", Map.of("k", "v"));
    assertThat(last().getConsistency()).isEqualTo(Consistency.LINEARIZABLE);
  }

  @Test
  void invalidArgumentsAreRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> kv.get("a", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be >= 1, was 0");
    assertThatThrownBy(() -> kv.put("a", Map.of(), -1))
        .hasMessage("cas must be >= 0, was -1");
    assertThatThrownBy(() -> kv.put("", Map.of())).hasMessage("path must not be empty");
    assertThatThrownBy(() -> kv.destroy("a")).hasMessageContaining("at least one version");
    assertThatThrownBy(() -> kv.staleReads(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void anAnswerOfTheWrongKindIsAProtocolViolation() {
    node.script((r, x) -> x.reply(io.strongroom.protocol.v1.Response.newBuilder()
        .setDone(io.strongroom.protocol.v1.Done.getDefaultInstance())));

    assertThatThrownBy(() -> kv.get("a")).isInstanceOf(InternalException.class)
        .hasMessageContaining("DONE");
  }
}
