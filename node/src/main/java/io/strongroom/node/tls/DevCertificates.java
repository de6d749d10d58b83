package io.strongroom.node.tls;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for {@code strongroom dev}: one CA and one certificate per
 * node, all EC P-256, in a directory of PEM files.
 *
 * <pre>
 * DIR/ca.pem, DIR/ca.key       the cluster CA (clients trust ca.pem: STRONGROOM_CACERT)
 * DIR/ID.pem, DIR/ID.key       node ID: subjectAltName IP:127.0.0.1 and DNS:localhost,
 *                              extendedKeyUsage serverAuth and clientAuth (it is both on Raft)
 * </pre>
 *
 * Private keys are written unencrypted, readable and writable by their owner only (0600). Opening a
 * directory that already holds a CA reuses it and every node certificate it signed that is still
 * valid for at least {@link #RENEW_BEFORE}; others are issued anew.
 *
 * <p>Development only: the CA key sits next to the certificates it signs.
 */
public final class DevCertificates {
  /** How long the CA is valid. */
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  /** How long a node certificate is valid. */
  static final Duration NODE_VALIDITY = Duration.ofDays(365);
  /** Node certificates expiring sooner than this are reissued when the directory is reopened. */
  static final Duration RENEW_BEFORE = Duration.ofDays(7);
  /** Allowance for clocks slightly behind this one. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  /** The files of one node's identity. */
  public record NodeFiles(Path certificate, Path privateKey) {}

  private final Path dir;
  private final X509Certificate ca;
  private final PrivateKey caKey;
  private final Clock clock;
  private final SecureRandom random;

  private DevCertificates(Path dir, X509Certificate ca, PrivateKey caKey, Clock clock, SecureRandom random) {
    this.dir = dir;
    this.ca = ca;
    this.caKey = caKey;
    this.clock = clock;
    this.random = random;
  }

  /** Opens the CA in {@code dir}, creating the directory and a new CA if there is none. */
  public static DevCertificates openOrCreate(Path dir) {
    return openOrCreate(dir, Clock.systemUTC(), new SecureRandom());
  }

  static DevCertificates openOrCreate(Path dir, Clock clock, SecureRandom random) {
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    Path caPem = dir.resolve("ca.pem");
    Path caKeyPem = dir.resolve("ca.key");
    if (Files.exists(caPem) && Files.exists(caKeyPem)) {
      X509Certificate ca = Pem.readCertificates(caPem).get(0);
      PrivateKey key = Pem.readPrivateKey(caKeyPem);
      if (!NodeTls.keyMatches(key, ca.getPublicKey())) {
        throw new TlsSetupException(caKeyPem, "this private key does not belong to the CA certificate in " + caPem);
      }
      return new DevCertificates(dir, ca, key, clock, random);
    }
    KeyPair pair = newKeyPair(random);
    Instant now = clock.instant();
    X500Name name = name("Strongroom dev CA " + Long.toHexString(random.nextLong() & 0xffffffffL));
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(name, serial(random), Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
      X509Certificate ca = sign(b, pair.getPrivate());
      Pem.writePrivateKey(caKeyPem, pair.getPrivate());
      Pem.writeCertificates(caPem, List.of(ca));
      return new DevCertificates(dir, ca, pair.getPrivate(), clock, random);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the dev CA: " + e, e);
    }
  }

  /** The CA certificate file clients trust. */
  public Path caCertificate() {
    return dir.resolve("ca.pem");
  }

  public X509Certificate ca() {
    return ca;
  }

  /**
   * The certificate and key of node {@code nodeId}: the existing ones when this CA signed them and
   * they stay valid for a while, otherwise newly issued.
   */
  public NodeFiles nodeCertificate(String nodeId) {
    return nodeCertificate(nodeId, List.of());
  }

  /**
   * As {@link #nodeCertificate(String)}, naming also {@code dnsNames} (for example the host of a
   * {@code raft_address} that is a name rather than 127.0.0.1). An existing certificate is reused
   * only if it names them all.
   */
  public NodeFiles nodeCertificate(String nodeId, List<String> dnsNames) {
    List<GeneralName> names = new java.util.ArrayList<>(List.of(new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
    dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
    GeneralNames sans = new GeneralNames(names.toArray(GeneralName[]::new));
    NodeFiles files = new NodeFiles(dir.resolve(nodeId + ".pem"), dir.resolve(nodeId + ".key"));
    if (!dnsNames.isEmpty() && Files.exists(files.certificate()) && !namesAll(files.certificate(), dnsNames)) {
      try {
        Files.delete(files.certificate()); // issue a new one below
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot replace " + files.certificate() + ": " + e, e);
      }
    }
    return issue(nodeId, "strongroom node " + nodeId, Optional.of(sans), KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
  }

  private static boolean namesAll(Path certificate, List<String> dnsNames) {
    try {
      java.util.Set<String> have = new java.util.HashSet<>();
      var sans = Pem.readCertificates(certificate).get(0).getSubjectAlternativeNames();
      if (sans != null) {
        sans.forEach(san -> have.add(String.valueOf(san.get(1))));
      }
      return have.containsAll(dnsNames);
    } catch (GeneralSecurityException | TlsSetupException e) {
      return false;
    }
  }

  /**
   * A certificate for an application to present to the client port under mutual TLS
   * ({@code require_client_cert}): extendedKeyUsage clientAuth only and no subjectAltName, so it
   * cannot pass for a node. Reused like node certificates; files {@code DIR/NAME.pem} and
   * {@code DIR/NAME.key}.
   */
  public NodeFiles clientCertificate(String name) {
    return issue(name, name, Optional.empty(), KeyPurposeId.id_kp_clientAuth);
  }

  private NodeFiles issue(String fileName, String commonName, Optional<GeneralNames> sans, KeyPurposeId... purposes) {
    if (!NODE_ID.matcher(Objects.requireNonNull(fileName, "name")).matches() || fileName.equals("ca")) {
      throw new IllegalArgumentException("name must be 1-63 letters, digits, '-' or '_' (and not 'ca'), was '" + fileName + "'");
    }
    NodeFiles files = new NodeFiles(dir.resolve(fileName + ".pem"), dir.resolve(fileName + ".key"));
    if (reusable(files)) {
      return files;
    }
    KeyPair pair = newKeyPair(random);
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(ca, serial(random), Date.from(now.minus(BACKDATE)), Date.from(now.plus(NODE_VALIDITY)), name(commonName), pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
              .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
      if (sans.isPresent()) {
        b.addExtension(Extension.subjectAlternativeName, false, sans.get());
      }
      X509Certificate cert = sign(b, caKey);
      Pem.writePrivateKey(files.privateKey(), pair.getPrivate());
      Pem.writeCertificates(files.certificate(), List.of(cert));
      return files;
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a dev certificate for " + commonName + ": " + e, e);
    }
  }

  private boolean reusable(NodeFiles files) {
    if (!Files.exists(files.certificate()) || !Files.exists(files.privateKey())) {
      return false;
    }
    try {
      X509Certificate cert = Pem.readCertificates(files.certificate()).get(0);
      cert.verify(ca.getPublicKey());
      cert.checkValidity(Date.from(clock.instant().plus(RENEW_BEFORE)));
      return NodeTls.keyMatches(Pem.readPrivateKey(files.privateKey()), cert.getPublicKey());
    } catch (GeneralSecurityException | TlsSetupException e) {
      return false; // another CA, expiring, unreadable: issue a new one
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey) throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign: " + e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Strongroom dev").addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE); // positive, at most 16 bytes (RFC 5280)
  }
}
