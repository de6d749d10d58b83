package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.access.breakglass.BreakGlassRequest;
import io.strongroom.access.breakglass.SealedToken;
import io.strongroom.access.breakglass.TokenSeal;
import io.strongroom.access.token.Token;
import io.strongroom.client.BreakGlassInfo;
import io.strongroom.client.InitResult;
import io.strongroom.client.InvalidArgumentException;
import io.strongroom.client.PermissionDeniedException;
import io.strongroom.client.StrongroomClient;
import io.strongroom.crypto.Approval;
import io.strongroom.crypto.ApprovalMessage;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderKeys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.unseal.ShareEnvelopes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.util.ExitUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Break-glass on a real cluster whose shares went to three registered holders (threshold 2):
 * one approval issues nothing; forged, replayed and foreign approvals are refused naming the
 * holder; the second valid approval issues a token sealed to the requester, which works, cannot be
 * renewed, and expires.
 */
class BreakGlassClusterTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private LocalCluster cluster;

  @BeforeAll
  static void noExit() {
    ExitUtils.disableSystemExit();
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static byte[] wire(HolderPrivateKeys k) {
    byte[] out = new byte[64];
    System.arraycopy(k.publicKeys().encryptionKey().toByteArray(), 0, out, 0, 32);
    System.arraycopy(k.publicKeys().signingKey().toByteArray(), 0, out, 32, 32);
    return out;
  }

  private static byte[] approve(String holder, BreakGlassInfo status, HolderPrivateKeys keys) {
    return Approval.sign(holder, ApprovalMessage.decode(Bytes.of(status.approvalMessage())), keys).toBytes().toByteArray();
  }

  @Test
  void kApprovalsIssueASealedTokenThatWorksAndExpiresAndBadApprovalsAreRefusedByName() throws Exception {
    List<HolderPrivateKeys> holders = List.of(HolderKeys.generate(RANDOM), HolderKeys.generate(RANDOM), HolderKeys.generate(RANDOM));
    HolderPrivateKeys requester = HolderKeys.generate(RANDOM);
    cluster = new LocalCluster(dir, 3).startAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    InitResult init = cluster.client(null).sys().init(3, 2, holders.stream().map(BreakGlassClusterTest::wire).toList());
    List<String> shares = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shares.add(ShareEnvelopes.open(init.shares().get(i), holders.get(i)));
    }
    for (String id : List.copyOf(cluster.configs.keySet())) {
      cluster.unseal(id, shares);
    }
    StrongroomClient root = cluster.client(init.rootToken());
    root.policies().write("incident", "{\"path\": {\"db/*\": {\"capabilities\": [\"read\"]}}}");
    root.kv().put("db/primary", Map.of("password", "s3cret"));

    StrongroomClient anyone = cluster.client(null);
    assertThatThrownBy(() -> anyone.breakGlass().open(List.of("incident"), Duration.ofHours(2), "too long", wire(requester)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("ttl");
    BreakGlassInfo opened = anyone.breakGlass().open(List.of("incident"), Duration.ofSeconds(4), "INC-1: primary down", wire(requester));
    assertThat(opened.threshold()).isEqualTo(2);
    assertThat(opened.holders()).containsOnlyKeys("holder-1", "holder-2", "holder-3");
    String id = opened.id();

    // k-1 approvals issue nothing
    BreakGlassInfo one = anyone.breakGlass().approve(id, approve("holder-1", opened, holders.get(0)));
    assertThat(one.approvals()).isEqualTo(1);
    assertThat(one.issued()).isFalse();
    assertThat(one.sealedToken()).isEmpty();
    // replayed: holder-1 again
    assertThatThrownBy(() -> anyone.breakGlass().approve(id, approve("holder-1", opened, holders.get(0))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("holder-1");
    // forged: the requester signs in holder-2's name
    assertThatThrownBy(() -> anyone.breakGlass().approve(id, approve("holder-2", opened, requester)))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("holder-2").hasMessageContaining("forged");
    // an approval of another request does not count here
    BreakGlassInfo other = anyone.breakGlass().open(List.of("incident"), Duration.ofMinutes(5), "INC-2", wire(requester));
    assertThatThrownBy(() -> anyone.breakGlass().approve(id, approve("holder-3", other, holders.get(2))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("holder-3");
    assertThat(anyone.breakGlass().status(id).approvals()).isEqualTo(1);

    // the k-th valid approval issues the token, sealed to the requester
    BreakGlassInfo issued = anyone.breakGlass().approve(id, approve("holder-3", opened, holders.get(2)));
    assertThat(issued.issued()).isTrue();
    assertThat(issued.approvers()).containsExactlyInAnyOrder("holder-1", "holder-3");
    Token token = TokenSeal.open(new SealedToken(Bytes.of(issued.sealedToken().orElseThrow())),
        BreakGlassRequest.fromBytes(Bytes.of(issued.request())), requester);
    StrongroomClient emergency = cluster.client(token.text());
    assertThat(emergency.kv().get("db/primary").orElseThrow().data()).containsEntry("password", "s3cret");
    assertThatThrownBy(() -> emergency.kv().put("db/primary", Map.of("password", "x"))).isInstanceOf(PermissionDeniedException.class);
    String accessor = issued.accessor().orElseThrow();
    assertThat(root.tokens().lookup(accessor).kind()).isEqualTo("break-glass");
    assertThat(root.tokens().lookup(accessor).renewable()).isFalse();
    assertThatThrownBy(() -> root.tokens().renew(accessor, Duration.ofHours(1))).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("renew");
    // a holder cannot open it: it is sealed to the requester
    assertThatThrownBy(() -> TokenSeal.open(new SealedToken(Bytes.of(issued.sealedToken().orElseThrow())),
        BreakGlassRequest.fromBytes(Bytes.of(issued.request())), holders.get(0))).isInstanceOf(RuntimeException.class);
    // and it expires
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThatThrownBy(() -> emergency.kv().get("db/primary")).isInstanceOf(PermissionDeniedException.class).hasMessageContaining("expired"));
    token.destroy();
  }
}
