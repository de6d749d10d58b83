package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.protocol.v1.Request;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each system operation sends the request frames.proto describes and maps the answer. */
class SysTest extends FakeClusterTest {

  private FakeNode node;
  private StrongroomClient client;

  @BeforeEach
  void start() {
    node = node("n1");
    client = client(node.address());
  }

  private Request last() {
    return node.requests().get(node.requests().size() - 1);
  }

  @Test
  void status() {
    Status status = client.sys().status();

    assertThat(status.initialized()).isTrue();
    assertThat(status.sealed()).isFalse();
    assertThat(status.nodeId()).isEqualTo("n1");
    assertThat(status.leader()).isEqualTo(Optional.of("n1"));
    assertThat(status.nodes()).containsExactly(new NodeStatus("n1", "127.0.0.1:1", "eu", "LEADER"));
    assertThat(status.commitIndex()).isEqualTo(7);
    assertThat(status.appliedIndex()).isEqualTo(6);
    assertThat(status.threshold()).isEqualTo(3);
    assertThat(status.shares()).isEqualTo(5);
    assertThat(status.version()).isEqualTo("0.1.0");
    assertThat(last().hasStatus()).isTrue();
  }

  @Test
  void initWithPlainAndHolderSealedShares() {
    client.sys().init(5, 3);
    assertThat(last().getInit().getShares()).isEqualTo(5);
    assertThat(last().getInit().getThreshold()).isEqualTo(3);
    assertThat(last().getInit().getHolderPublicKeysList()).isEmpty();

    client.sys().init(2, 2, List.of(new byte[] {1, 2}, new byte[] {3}));
    assertThat(last().getInit().getHolderPublicKeysList()).hasSize(2);
    assertThat(last().getInit().getHolderPublicKeys(1).toByteArray()).containsExactly(3);
  }

  @Test
  void initArgumentsAreChecked() {
    assertThatThrownBy(() -> client.sys().init(3, 4))
        .hasMessage("threshold must be in 1..3 (shares), was 4");
    assertThatThrownBy(() -> client.sys().init(0, 1)).hasMessage("shares must be in 1..255, was 0");
    assertThatThrownBy(() -> client.sys().init(3, 2, List.of(new byte[1])))
        .hasMessage("need one holder public key per share (3), got 1");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void unsealAndReset() {
    UnsealProgress progress = client.sys().unseal("share-1");
    assertThat(progress).isEqualTo(new UnsealProgress(true, 3, 5, 1, "n-1"));
    assertThat(last().getUnseal().getShare()).isEqualTo("share-1");
    assertThat(last().getUnseal().getReset()).isFalse();

    UnsealProgress reset = client.sys().unsealReset();
    assertThat(reset.progress()).isZero();
    assertThat(last().getUnseal().getReset()).isTrue();
    assertThat(last().getUnseal().getShare()).isEmpty();
  }

  @Test
  void sealAndRotate() {
    client.sys().seal();
    assertThat(last().hasSeal()).isTrue();
    client.sys().rotate();
    assertThat(last().hasRotate()).isTrue();
  }

  @Test
  void aPinnedViewTalksToItsNodeOnly() {
    FakeNode other = node("n2");

    assertThat(client.sys().node(other.address()).status().nodeId()).isEqualTo("n2");
    assertThat(client.sys().node(other.address()).unseal("s").progress()).isEqualTo(1);
    assertThat(node.requests()).isEmpty();
    assertThat(other.requests()).hasSize(2);
  }

  @Test
  void rekeyStepsSendTheirFieldsAndMapTheAnswers() {
    RekeyProgress started = client.sys().rekeyStart(4, 2, List.of(), true);
    assertThat(started).isEqualTo(new RekeyProgress(true, "rk-1", "AUTHORIZE", 3, 5, 0, 4, 2, false));
    assertThat(last().getRekeyInit().getShares()).isEqualTo(4);
    assertThat(last().getRekeyInit().getThreshold()).isEqualTo(2);
    assertThat(last().getRekeyInit().getRequireVerification()).isTrue();

    RekeyResult issued = client.sys().rekeySubmit("rk-1", "old-share");
    assertThat(issued).isInstanceOf(RekeyShares.class);
    RekeyShares shares = (RekeyShares) issued;
    assertThat(shares.shares()).containsExactly("new-share-1-SECRET", "new-share-2-SECRET");
    assertThat(shares.verificationPending()).isTrue();
    assertThat(shares.verificationNonce()).isEqualTo("vn-1");
    assertThat(shares.toString()).doesNotContain("SECRET");
    assertThat(last().getRekeySubmit().getNonce()).isEqualTo("rk-1");
    assertThat(last().getRekeySubmit().getShare()).isEqualTo("old-share");

    RekeyResult verified = client.sys().rekeyVerify("vn-1", "new-share");
    assertThat(verified).isEqualTo(new RekeyShares(List.of(), "ks-2", false, ""));
    assertThat(last().getRekeyVerify().getNonce()).isEqualTo("vn-1");

    client.sys().rekeyCancel();
    assertThat(last().hasRekeyCancel()).isTrue();
    assertThat(client.sys().rekeyStatus().nonce()).isEqualTo("rk-1");
    assertThat(last().hasRekeyStatus()).isTrue();
  }

  @Test
  void rekeyArgumentsAreChecked() {
    assertThatThrownBy(() -> client.sys().rekeyStart(3, 4, List.of(), false))
        .hasMessage("threshold must be in 1..3 (shares), was 4");
    assertThatThrownBy(() -> client.sys().rekeySubmit("", "s")).hasMessage("nonce must not be empty");
    assertThatThrownBy(() -> client.sys().rekeyVerify("n", "")).hasMessage("share must not be empty");
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void generateRootStepsSendTheirFieldsAndMapTheAnswers() {
    GenerateRootProgress p = client.sys().generateRootStart("otp-SECRET");
    assertThat(p).isEqualTo(new GenerateRootProgress(true, "gr-1", 3, 5, 0));
    assertThat(last().getGenerateRootInit().getOtp()).isEqualTo("otp-SECRET");

    client.sys().generateRootStartSealed(new byte[32]);
    assertThat(last().getGenerateRootInit().getRecipientPublicKey().size()).isEqualTo(32);
    assertThatThrownBy(() -> client.sys().generateRootStartSealed(new byte[5]))
        .hasMessageContaining("32 bytes (X25519) or 64");

    GenerateRootResult done = client.sys().generateRootSubmit("gr-1", "share");
    assertThat(done).isEqualTo(new EncodedRootToken("encoded-SECRET", "otp"));
    assertThat(done.toString()).doesNotContain("SECRET");
    assertThat(last().getGenerateRootSubmit().getNonce()).isEqualTo("gr-1");

    client.sys().generateRootCancel();
    assertThat(last().hasGenerateRootCancel()).isTrue();
    assertThat(client.sys().generateRootStatus().inProgress()).isTrue();
  }

  @Test
  void raftAdministration() {
    RaftMembership m = client.sys().raftPeers();
    assertThat(m.leader()).contains("n1");
    assertThat(m.peers()).containsExactly(new RaftPeer("n1", "127.0.0.1:2", "127.0.0.1:1", "eu", "LEADER", true));

    client.sys().raftAddPeer("n4", "10.0.0.4:7100", "10.0.0.4:7200", "us");
    assertThat(last().getRaftAddPeer().getId()).isEqualTo("n4");
    assertThat(last().getRaftAddPeer().getRaftAddress()).isEqualTo("10.0.0.4:7100");
    assertThat(last().getRaftAddPeer().getClientAddress()).isEqualTo("10.0.0.4:7200");
    assertThat(last().getRaftAddPeer().getRegion()).isEqualTo("us");
    assertThatThrownBy(() -> client.sys().raftAddPeer("n5", "nowhere", "10.0.0.5:7200", ""))
        .isInstanceOf(IllegalArgumentException.class);

    client.sys().raftRemovePeer("n4");
    assertThat(last().getRaftRemovePeer().getId()).isEqualTo("n4");
    client.sys().raftTransferLeadership("n2");
    assertThat(last().getRaftTransferLeadership().getTo()).isEqualTo("n2");
    assertThat(client.sys().raftSnapshot()).isEqualTo(99);
    assertThat(last().hasRaftSnapshot()).isTrue();
  }

  @Test
  void aSavedBackupIsCheckedAgainstItsHashAndARestoreSendsChunksThenCommits() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.util.List<Long> progress = new java.util.ArrayList<>();
    SnapshotInfo saved = client.sys().raftSnapshotSave(out, progress::add);
    assertThat(out.toByteArray()).isEqualTo(Responses.BACKUP);
    assertThat(saved.index()).isEqualTo(99);
    assertThat(saved.bytes()).isEqualTo(Responses.BACKUP.length);
    assertThat(progress).containsExactly((long) Responses.BACKUP.length);

    byte[] big = new byte[(1 << 20) + 5];
    SnapshotInfo restored = client.sys().raftSnapshotRestore(new java.io.ByteArrayInputStream(big), p -> {});
    assertThat(restored.records()).isEqualTo(7);
    assertThat(last().getRaftSnapshotRestore().getCommit()).isTrue();
    assertThat(last().getRaftSnapshotRestore().getChunks()).isEqualTo(3); // 512 KiB, 512 KiB, 5 bytes
    assertThat(last().getRaftSnapshotRestore().getSha256().size()).isEqualTo(32);
  }

  @Test
  void auditCallsPageThroughTheExportAndMapTheirAnswers() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.util.List<Long> pages = new java.util.ArrayList<>();
    assertThat(client.sys().auditExport(1, 0, out, pages::add)).isEqualTo(2);
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"entry\",\"seq\":1}\n{\"type\":\"entry\",\"seq\":2}\n");
    assertThat(pages).containsExactly(1L, 2L);
    assertThat(client.sys().auditHead()).isEqualTo(new AuditHead(9, "ab", "n1", "cd"));
    assertThat(client.sys().auditProve(3)).contains("inclusion");
    assertThat(last().getAuditProve().getSeq()).isEqualTo(3);
    client.sys().auditConsistency(10, 20);
    assertThat(last().getAuditProve().getToCheckpoint()).isEqualTo(20);
    assertThat(client.sys().auditPublicKey()).isEqualTo("ed25519:key");
    assertThat(client.sys().auditHash("app/db")).isEqualTo("hmac-sha256:6");
  }
}
