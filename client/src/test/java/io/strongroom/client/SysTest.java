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
}
