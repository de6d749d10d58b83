package io.strongroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/**
 * TLS 1.3 with a private CA, hostname (IP SAN) verification, and mutual TLS. The test PKI is in
 * src/test/resources/tls (see make-certs.sh there).
 */
class TlsTest extends FakeClusterTest {

  private static Path tls(String name) {
    try {
      return Path.of(TlsTest.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private FakeNode tlsNode(ClientAuth clientAuth) throws SSLException {
    SslContextBuilder server = SslContextBuilder
        .forServer(tls("server.pem").toFile(), tls("server.key").toFile())
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3")
        .clientAuth(clientAuth);
    if (clientAuth != ClientAuth.NONE) {
      server.trustManager(tls("ca.pem").toFile());
    }
    SslContext ssl = server.build();
    return track(FakeNode.startTls("tls", ssl));
  }

  @Test
  void talksTls13ToANodeSignedByTheTrustedCa() throws Exception {
    FakeNode node = tlsNode(ClientAuth.NONE);
    StrongroomClient client = track(builder(node.address())
        .trustCertificates(tls("ca.pem")).build());

    assertThat(client.sys().status().nodeId()).isEqualTo("tls");
    assertThat(client.toString()).contains("tls=true");
  }

  @Test
  void refusesANodeSignedByAnotherCa() throws Exception {
    FakeNode node = tlsNode(ClientAuth.NONE);
    StrongroomClient client = track(builder(node.address())
        .trustCertificates(tls("other-ca.pem"))
        .retryDeadline(Duration.ofSeconds(5)).build());

    assertThatThrownBy(() -> client.sys().status())
        .isInstanceOfSatisfying(UnavailableException.class, e -> {
          assertThat(e.attempts()).as("a rejected certificate is not retried").isEqualTo(1);
          assertThat(e.getMessage()).contains("TLS certificate rejected");
        })
        .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void mutualTlsPresentsTheClientCertificate() throws Exception {
    FakeNode node = tlsNode(ClientAuth.REQUIRE);
    StrongroomClient client = track(builder(node.address())
        .trustCertificates(tls("ca.pem"))
        .clientCertificate(tls("client.pem"), tls("client.key")).build());

    assertThat(client.sys().status().nodeId()).isEqualTo("tls");
  }

  @Test
  void mutualTlsWithoutAClientCertificateIsRefused() throws Exception {
    FakeNode node = tlsNode(ClientAuth.REQUIRE);
    StrongroomClient client = track(builder(node.address())
        .trustCertificates(tls("ca.pem"))
        .retryDeadline(Duration.ofMillis(500)).build());

    assertThatThrownBy(() -> client.sys().status()).isInstanceOf(UnavailableException.class);
    assertThat(node.requests()).isEmpty();
  }

  @Test
  void plainTcpAgainstATlsNodeFails() throws Exception {
    FakeNode node = tlsNode(ClientAuth.NONE);
    StrongroomClient client = track(builder(node.address())
        .retryDeadline(Duration.ofMillis(500)).build());

    assertThatThrownBy(() -> client.sys().status()).isInstanceOf(UnavailableException.class);
    assertThat(node.requests()).isEmpty();
  }
}
