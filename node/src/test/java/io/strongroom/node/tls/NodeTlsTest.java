package io.strongroom.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strongroom.node.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup checks of a node's TLS files: each failure names the file and never quotes a key. */
class NodeTlsTest {
  @TempDir Path dir;
  private DevCertificates pki;
  private DevCertificates.NodeFiles n1;
  private DevCertificates.NodeFiles n2;

  @BeforeEach
  void pki() {
    pki = DevCertificates.openOrCreate(dir.resolve("pki"));
    n1 = pki.nodeCertificate("n1");
    n2 = pki.nodeCertificate("n2");
  }

  private NodeConfig.Tls tls(Path cert, Path key, Path ca) {
    return new NodeConfig.Tls(cert, key, ca, false);
  }

  @Test
  void goodFilesLoadAndDescribeOnlyTheCertificate() throws Exception {
    NodeTls tls = NodeTls.load(tls(n1.certificate(), n1.privateKey(), pki.caCertificate()));

    assertThat(tls.toString()).contains("CN=strongroom node n1", "client certificates optional").doesNotContain("PRIVATE");
    assertThat(tls.keyReadableByOthers()).isFalse();
    assertThat(tls.clientServerContext().isServer()).isTrue();
    assertThat(tls.peerTls(() -> List.of("127.0.0.1")).toString()).doesNotContain("PRIVATE");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedNamingTheKeyFile() {
    assertThatThrownBy(() -> NodeTls.load(tls(n1.certificate(), n2.privateKey(), pki.caCertificate())))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageContaining(n2.privateKey().toString())
        .hasMessageContaining("does not belong to the certificate")
        .satisfies(e -> assertThat(((TlsSetupException) e).file()).isEqualTo(n2.privateKey()));
  }

  /** Table: a broken file in each of the three places; the message names that file. */
  @Test
  void unreadableOrNonPemFilesAreNamed() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    Path missing = dir.resolve("missing.pem");
    record Case(NodeConfig.Tls tls, Path expected, String reason) {}
    List<Case> cases =
        List.of(
            new Case(tls(garbage, n1.privateKey(), pki.caCertificate()), garbage, "cannot read PEM certificates"),
            new Case(tls(empty, n1.privateKey(), pki.caCertificate()), empty, "no PEM certificate"),
            new Case(tls(missing, n1.privateKey(), pki.caCertificate()), missing, "no such file"),
            new Case(tls(n1.certificate(), n1.certificate(), pki.caCertificate()), n1.certificate(), "expected a PEM private key"),
            new Case(tls(n1.certificate(), empty, pki.caCertificate()), empty, "no PEM private key"),
            new Case(tls(n1.certificate(), garbage, pki.caCertificate()), garbage, "not a readable PEM private key"),
            new Case(tls(n1.certificate(), n1.privateKey(), n1.privateKey()), n1.privateKey(), "expected only PEM certificates"),
            new Case(tls(n1.certificate(), n1.privateKey(), missing), missing, "no such file"));
    for (Case c : cases) {
      assertThatThrownBy(() -> NodeTls.load(c.tls()))
          .as("%s", c)
          .isInstanceOf(TlsSetupException.class)
          .hasMessageStartingWith(c.expected() + ": ")
          .hasMessageContaining(c.reason())
          .hasMessageNotContaining("not base64"); // never the file's contents
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedNamingTheCertificateFile() {
    DevCertificates other = DevCertificates.openOrCreate(dir.resolve("other"));
    DevCertificates.NodeFiles foreign = other.nodeCertificate("n1");

    assertThatThrownBy(() -> NodeTls.load(tls(foreign.certificate(), foreign.privateKey(), pki.caCertificate())))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageStartingWith(foreign.certificate() + ": ")
        .hasMessageContaining("is not signed by the CA in " + pki.caCertificate());
  }

  @Test
  void aCertificateMustNameTheNodesRaftHost() {
    NodeTls tls = NodeTls.load(tls(n1.certificate(), n1.privateKey(), pki.caCertificate()));
    tls.requireNames("127.0.0.1");
    tls.requireNames("localhost");

    assertThatThrownBy(() -> tls.requireNames("10.1.2.3"))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageStartingWith(n1.certificate() + ": ")
        .hasMessageContaining("does not name this node's Raft host '10.1.2.3'");
  }

  @Test
  void anExpiredCertificateIsRefused() {
    Instant then = Instant.parse("2020-01-01T00:00:00Z");
    DevCertificates old = DevCertificates.openOrCreate(dir.resolve("old"), Clock.fixed(then, ZoneOffset.UTC), new SecureRandom());
    DevCertificates.NodeFiles n = old.nodeCertificate("n1");
    NodeConfig.Tls files = tls(n.certificate(), n.privateKey(), old.caCertificate());

    assertThatThrownBy(() -> NodeTls.load(files, then.plus(DevCertificates.NODE_VALIDITY).plus(Duration.ofDays(1))))
        .isInstanceOf(TlsSetupException.class)
        .hasMessageStartingWith(n.certificate() + ": ")
        .hasMessageContaining("expired on");
    assertThat(NodeTls.load(files, then)).isNotNull();
  }

  private PeerTrustManager peerTrust(java.util.function.Supplier<List<String>> hosts) {
    return (PeerTrustManager) NodeTls.load(tls(n1.certificate(), n1.privateKey(), pki.caCertificate())).peerTls(hosts).trustManager();
  }

  @Test
  void peerTrustAcceptsOnlyCertificatesNamingAMember() throws Exception {
    PeerTrustManager loopback = peerTrust(() -> List.of("127.0.0.1"));
    X509Certificate[] node = Pem.readCertificates(n2.certificate()).toArray(new X509Certificate[0]);
    X509Certificate[] app = Pem.readCertificates(pki.clientCertificate("app").certificate()).toArray(new X509Certificate[0]);

    assertThat(loopback.namesAPeer(node[0])).isTrue();
    assertThat(peerTrust(() -> List.of("LOCALHOST")).namesAPeer(node[0])).as("DNS names compare case-insensitively").isTrue();
    assertThat(peerTrust(() -> List.of("10.0.0.1", "node.example")).namesAPeer(node[0])).isFalse();
    assertThat(loopback.namesAPeer(app[0])).isFalse();
    loopback.checkClientTrusted(node, "ECDHE_ECDSA");
    assertThatThrownBy(() -> loopback.checkClientTrusted(app, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("names none of the members [127.0.0.1]");
    assertThatThrownBy(() -> peerTrust(() -> List.of("10.0.0.1")).checkClientTrusted(node, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not a cluster node");
  }

  @Test
  void membersAreReadAtEachHandshake() throws Exception {
    List<String> members = new java.util.concurrent.CopyOnWriteArrayList<>(List.of("10.0.0.1"));
    PeerTrustManager trust = peerTrust(() -> members);
    X509Certificate[] node = Pem.readCertificates(n2.certificate()).toArray(new X509Certificate[0]);
    assertThatThrownBy(() -> trust.checkClientTrusted(node, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);

    members.add("127.0.0.1"); // a peer added at run time
    trust.checkClientTrusted(node, "ECDHE_ECDSA");
  }

  /** A node waiting to join knows no member: it takes node-like certificates from the CA, never application ones. */
  @Test
  void withNoMembersKnownOnlyNodeCertificatesFromTheCaAreAccepted() throws Exception {
    PeerTrustManager joining = peerTrust(List::of);
    X509Certificate[] node = Pem.readCertificates(n2.certificate()).toArray(new X509Certificate[0]);
    X509Certificate[] app = Pem.readCertificates(pki.clientCertificate("app").certificate()).toArray(new X509Certificate[0]);
    X509Certificate[] foreign = Pem.readCertificates(DevCertificates.openOrCreate(dir.resolve("other")).nodeCertificate("n2").certificate()).toArray(new X509Certificate[0]);

    joining.checkClientTrusted(node, "ECDHE_ECDSA");
    assertThatThrownBy(() -> joining.checkClientTrusted(app, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class).hasMessageContaining("no node certificate");
    assertThatThrownBy(() -> joining.checkClientTrusted(foreign, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
  }
}
