package io.strongroom.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev-mode CA: what it issues (RFC 5280 fields the TLS peers check), where, and with which file modes. */
class DevCertificatesTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  @TempDir Path dir;

  @Test
  void aNodeCertificateIsSignedByTheCaForLoopbackWithBothKeyUsages() throws Exception {
    DevCertificates pki = DevCertificates.openOrCreate(dir);
    DevCertificates.NodeFiles n1 = pki.nodeCertificate("n1");

    X509Certificate ca = Pem.readCertificates(pki.caCertificate()).get(0);
    X509Certificate cert = Pem.readCertificates(n1.certificate()).get(0);
    cert.verify(ca.getPublicKey());
    assertThat(ca.getBasicConstraints()).as("CA pathLen").isEqualTo(0);
    assertThat(cert.getBasicConstraints()).as("a node is no CA").isEqualTo(-1);
    assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(SAN_IP, "127.0.0.1"), List.of(SAN_DNS, "localhost"));
    assertThat(cert.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
    assertThat(cert.getSubjectX500Principal().getName()).contains("CN=strongroom node n1");
    assertThat(NodeTls.keyMatches(Pem.readPrivateKey(n1.privateKey()), cert.getPublicKey())).isTrue();
    assertThat(NodeTls.keyMatches(Pem.readPrivateKey(dir.resolve("ca.key")), cert.getPublicKey())).as("the CA key is not the node key").isFalse();
  }

  @Test
  void certificatesAreValidFromNowForTheirPeriod() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    DevCertificates pki = DevCertificates.openOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    X509Certificate cert = Pem.readCertificates(pki.nodeCertificate("n1").certificate()).get(0);

    assertThat(cert.getNotBefore().toInstant()).isBefore(now).isAfter(now.minus(Duration.ofHours(1)));
    assertThat(cert.getNotAfter().toInstant()).isEqualTo(now.plus(DevCertificates.NODE_VALIDITY).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(pki.ca().getNotAfter().toInstant()).isAfter(cert.getNotAfter().toInstant());
    cert.checkValidity(Date.from(now));
  }

  @Test
  void privateKeysAreOwnerOnlyAndCertificatesAreWorldReadable() throws Exception {
    DevCertificates pki = DevCertificates.openOrCreate(dir);
    DevCertificates.NodeFiles n1 = pki.nodeCertificate("n1");
    DevCertificates.NodeFiles app = pki.clientCertificate("app");

    for (Path key : List.of(dir.resolve("ca.key"), n1.privateKey(), app.privateKey())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as("%s", key).isEqualTo("rw-------");
      assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----"); // PKCS#8, as the client library reads it
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.caCertificate()))).isEqualTo("rw-r--r--");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca.pem", "ca.key", "n1.pem", "n1.key", "app.pem", "app.key");
    }
  }

  @Test
  void aClientCertificateCannotPassForANode() throws Exception {
    X509Certificate app = Pem.readCertificates(DevCertificates.openOrCreate(dir).clientCertificate("app").certificate()).get(0);

    assertThat(app.getSubjectAlternativeNames()).isNull();
    assertThat(app.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
  }

  @Test
  void reopeningTheDirectoryReusesTheCaAndTheNodeCertificates() throws Exception {
    DevCertificates first = DevCertificates.openOrCreate(dir);
    first.nodeCertificate("n1");
    String ca = Files.readString(first.caCertificate());
    String n1 = Files.readString(dir.resolve("n1.pem"));
    String n1Key = Files.readString(dir.resolve("n1.key"));

    DevCertificates again = DevCertificates.openOrCreate(dir);
    again.nodeCertificate("n1");

    assertThat(Files.readString(again.caCertificate())).isEqualTo(ca);
    assertThat(Files.readString(dir.resolve("n1.pem"))).isEqualTo(n1);
    assertThat(Files.readString(dir.resolve("n1.key"))).isEqualTo(n1Key);
  }

  @Test
  void aNodeCertificateNearItsEndOrFromAnotherCaIsReissued() throws Exception {
    Instant now = Instant.parse("2030-01-01T00:00:00Z");
    DevCertificates.openOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom()).nodeCertificate("n1");
    String original = Files.readString(dir.resolve("n1.pem"));

    Instant later = now.plus(DevCertificates.NODE_VALIDITY).minus(Duration.ofDays(1));
    DevCertificates.openOrCreate(dir, Clock.fixed(later, ZoneOffset.UTC), new SecureRandom()).nodeCertificate("n1");
    assertThat(Files.readString(dir.resolve("n1.pem"))).isNotEqualTo(original);

    Path other = Files.createDirectory(dir.resolve("other"));
    Files.copy(dir.resolve("n1.pem"), other.resolve("n1.pem"));
    Files.copy(dir.resolve("n1.key"), other.resolve("n1.key"));
    DevCertificates otherCa = DevCertificates.openOrCreate(other);
    X509Certificate reissued = Pem.readCertificates(otherCa.nodeCertificate("n1").certificate()).get(0);
    reissued.verify(otherCa.ca().getPublicKey());
  }

  @Test
  void namesThatWouldEscapeTheDirectoryOrReplaceTheCaAreRefused() {
    DevCertificates pki = DevCertificates.openOrCreate(dir);
    for (String bad : List.of("../n1", "a/b", "", "ca", ".hidden")) {
      assertThatThrownBy(() -> pki.nodeCertificate(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
