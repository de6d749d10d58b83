package io.strongroom.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.strongroom.client.InitResult;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.UnavailableException;
import io.strongroom.client.UnsealProgress;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.node.tls.DevCertificates;
import io.strongroom.node.tls.NodeTls;
import io.strongroom.node.tls.TlsSetupException;
import io.strongroom.raft.ratis.RaftNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes in this JVM with TLS configured, driven through the client library: TLS 1.3 on the
 * client port (mutual TLS when {@code require_client_cert}), mutually authenticated TLS between
 * Raft peers. Certificates come fresh from {@link DevCertificates} for every test.
 */
class TlsClusterTest {
  @TempDir Path dir;
  private LocalCluster cluster;
  private DevCertificates pki;
  private DevCertificates otherPki;

  @BeforeAll
  static void noSystemExit() {
    ExitUtils.disableSystemExit();
  }

  @BeforeEach
  void pki() {
    pki = DevCertificates.openOrCreate(dir.resolve("tls"));
    otherPki = DevCertificates.openOrCreate(dir.resolve("other-tls"));
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Optional<NodeConfig.Tls> tlsFor(String id, boolean requireClientCert) {
    DevCertificates.NodeFiles f = pki.nodeCertificate(id);
    return Optional.of(new NodeConfig.Tls(f.certificate(), f.privateKey(), pki.caCertificate(), requireClientCert));
  }

  private LocalCluster tlsCluster(int size, boolean requireClientCert, Consumer<StrongroomClient.Builder> clients) throws IOException {
    cluster = new LocalCluster(dir, size, id -> tlsFor(id, requireClientCert), clients);
    cluster.startAll();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leader().isPresent());
    return cluster;
  }

  /** A client that gives up quickly: for connections that must fail. */
  private StrongroomClient doomed(Consumer<StrongroomClient.Builder> setup) {
    return cluster.clientWith(
        b -> {
          setup.accept(b);
          b.retryDeadline(Duration.ofMillis(1500)).maxAttempts(3);
        },
        null);
  }

  private void unsealEveryNode(InitResult init) {
    StrongroomClient anon = cluster.client(null);
    for (String id : cluster.configs.keySet()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> anon.sys().node(cluster.address(id)).status().initialized());
      UnsealProgress p = null;
      for (int i = 0; i < 3; i++) {
        p = anon.sys().node(cluster.address(id)).unseal(init.shares().get(i));
      }
      assertThat(p.sealed()).as("node %s after 3 shares", id).isFalse();
    }
  }

  @Test
  void initUnsealAndWritesWorkOverTlsAndReplicateToEveryNodeOverPeerTls() throws IOException {
    tlsCluster(3, false, b -> b.trustCertificates(pki.caCertificate()));
    InitResult init = cluster.client(null).sys().init(5, 3);
    unsealEveryNode(init);

    StrongroomClient client = cluster.client(init.rootToken());
    assertThat(client.kv().put("app/db", Map.of("password", "correct horse")).version()).isEqualTo(1);
    // Replication and the followers' read index both ride the Raft TLS connections.
    for (String id : cluster.configs.keySet()) {
      StrongroomClient one = cluster.client(init.rootToken(), cluster.address(id));
      assertThat(one.kv().get("app/db")).as("read on %s", id).hasValueSatisfying(s -> assertThat(s.data()).containsEntry("password", "correct horse"));
    }
  }

  @Test
  void plaintextAndWrongCaClientsFailCleanlyAndTheNodeKeepsServing() throws IOException {
    tlsCluster(3, false, b -> b.trustCertificates(pki.caCertificate()));
    String n1 = cluster.address("n1");

    StrongroomClient plaintext = doomed(b -> {});
    assertThatThrownBy(() -> plaintext.sys().node(n1).status()).isInstanceOf(UnavailableException.class);

    StrongroomClient otherCa = doomed(b -> b.trustCertificates(otherPki.caCertificate()));
    assertThatThrownBy(() -> otherCa.sys().node(n1).status())
        .isInstanceOf(UnavailableException.class)
        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);

    assertThat(cluster.client(null, n1).sys().status().nodeId()).as("n1 still serves TLS clients").isEqualTo("n1");
  }

  @Test
  void requireClientCertRefusesClientsWithoutACertificateFromTheCa() throws IOException {
    DevCertificates.NodeFiles app = pki.clientCertificate("app");
    DevCertificates.NodeFiles stranger = otherPki.clientCertificate("stranger");
    tlsCluster(1, true, b -> b.trustCertificates(pki.caCertificate()).clientCertificate(app.certificate(), app.privateKey()));

    assertThat(cluster.client(null).sys().status().nodeId()).isEqualTo("n1");

    StrongroomClient noCert = doomed(b -> b.trustCertificates(pki.caCertificate()));
    assertThatThrownBy(() -> noCert.sys().status()).isInstanceOf(UnavailableException.class);
    StrongroomClient wrongCert = doomed(b -> b.trustCertificates(pki.caCertificate()).clientCertificate(stranger.certificate(), stranger.privateKey()));
    assertThatThrownBy(() -> wrongCert.sys().status()).isInstanceOf(UnavailableException.class);

    assertThat(cluster.client(null).sys().status().nodeId()).as("still serving").isEqualTo("n1");
  }

  /**
   * The Raft port admits only cluster nodes: a Ratis client presenting n1's certificate can take a
   * read barrier, one presenting a certificate from another CA, or an application certificate from
   * the cluster's own CA (no peer name), cannot reach the group at all, so cannot propose entries.
   */
  @Test
  void theRaftPortRefusesEveryoneButClusterNodes() throws Exception {
    tlsCluster(3, false, b -> b.trustCertificates(pki.caCertificate()));
    List<String> hosts = List.of("127.0.0.1");
    DevCertificates.NodeFiles n1 = pki.nodeCertificate("n1");
    DevCertificates.NodeFiles foreignNode = otherPki.nodeCertificate("n1");
    DevCertificates.NodeFiles app = pki.clientCertificate("app");

    RaftNode.PeerTls member = NodeTls.load(new NodeConfig.Tls(n1.certificate(), n1.privateKey(), pki.caCertificate(), false)).peerTls(() -> hosts);
    try (RaftClient c = raftClient(member)) {
      RaftClientReply reply = c.io().sendReadOnly(Message.EMPTY, RaftPeerId.valueOf("n2"));
      assertThat(reply.isSuccess()).isTrue();
      assertThat(reply.getMessage().getContent().size()).as("n2's applied index, 8 bytes").isEqualTo(Long.BYTES);
    }

    // Each rogue trusts the cluster CA (so only the servers' verdict on its certificate matters).
    for (DevCertificates.NodeFiles rogue : List.of(foreignNode, app)) {
      Path rogueCa = rogue == foreignNode ? otherPki.caCertificate() : pki.caCertificate();
      RaftNode.PeerTls tls =
          new RaftNode.PeerTls(
              NodeTls.load(new NodeConfig.Tls(rogue.certificate(), rogue.privateKey(), rogueCa, false)).peerTls(() -> hosts).keyManager(), member.trustManager());
      try (RaftClient c = raftClient(tls)) {
        for (String id : cluster.configs.keySet()) {
          assertThatThrownBy(() -> c.io().sendReadOnly(Message.EMPTY, RaftPeerId.valueOf(id)))
              .as("%s on %s", rogue.certificate().getFileName(), id)
              .isInstanceOf(IOException.class)
              // Refused by TLS, not timed out. In TLS 1.3 the server judges the client's certificate
              // after the client's side of the handshake is done, so with BoringSSL the client sees
              // the server's fatal alert as a plain SSLException; with the JDK's TLS as a handshake one.
              .hasRootCauseInstanceOf(javax.net.ssl.SSLException.class)
              .rootCause().satisfiesAnyOf(
                  e -> assertThat(e).isInstanceOf(javax.net.ssl.SSLHandshakeException.class),
                  e -> assertThat(e).hasMessageContaining("fatal alert"));
        }
      }
    }
  }

  @Test
  void aKeyThatDoesNotMatchItsCertificateStopsTheNodeBeforeItStartsNamingTheFile() throws IOException {
    cluster = new LocalCluster(dir, 1, id -> tlsFor(id, false), b -> {});
    NodeConfig good = cluster.configs.get("n1");
    NodeConfig.Tls files = good.tls().orElseThrow();
    Path wrongKey = pki.nodeCertificate("n2").privateKey();
    NodeConfig bad =
        new NodeConfig(good.nodeId(), good.region(), good.zone(), good.dataDir(), good.raftAddress(), good.clientAddress(), good.httpAddress(), good.peers(),
            Optional.of(new NodeConfig.Tls(files.certFile(), wrongKey, files.caFile(), false)), good.seal(), good.profile());

    assertThatThrownBy(() -> NodeServer.start(bad))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageStartingWith(wrongKey + ": ")
        .hasMessageContaining("does not belong to the certificate in " + files.certFile());
    assertThat(good.dataDir()).as("nothing started, nothing written").doesNotExist();
  }

  private RaftClient raftClient(RaftNode.PeerTls tls) {
    List<RaftPeer> peers =
        cluster.configs.values().stream().map(c -> RaftPeer.newBuilder().setId(c.nodeId()).setAddress(c.raftAddress().toString()).build()).toList();
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    Parameters parameters = new Parameters();
    GrpcConfigKeys.TLS.setConf(
        parameters,
        GrpcTlsConfig.newBuilder()
            .setKeyManager(tls.keyManager())
            .setTrustManager(tls.trustManager())
            .setMutualTls(true)
            .setProtocols("TLSv1.3")
            .setSslProvider(SslProvider.JDK)
            .build());
    return RaftClient.newBuilder()
        .setRaftGroup(RaftGroup.valueOf(RaftNode.groupId(NodeServer.CLUSTER), peers))
        .setProperties(p)
        .setParameters(parameters)
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(5, TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build();
  }
}
