package io.strongroom.node.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.raft.ratis.RaftNode;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A node's TLS identity, loaded once at startup from the {@code tls} section of node.yaml: its
 * certificate chain and private key, and the cluster CA.
 *
 * <p>Every check that can fail does so in {@link #load}, naming the file: unreadable or non-PEM
 * files, a private key that does not belong to the certificate, a certificate outside its validity
 * period. From then on the same identity serves two hops:
 *
 * <ul>
 *   <li>client port ({@link #clientServerContext()}): TLS 1.3 only; clients must present a
 *       certificate from the CA when {@code require_client_cert}, otherwise a certificate is
 *       optional (and verified when presented);
 *   <li>Raft ({@link #peerTls}): TLS 1.3, mutually authenticated, both sides requiring a
 *       certificate from the CA that names a peer of the cluster (see {@link PeerTrustManager}).
 * </ul>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the certificate, never the key.
 */
public final class NodeTls {
  /** Protects the in-memory key store only; it never reaches a file. Not a secret. */
  private static final char[] IN_MEMORY = "in-memory".toCharArray();

  private final NodeConfig.Tls files;
  private final List<X509Certificate> chain;
  private final PrivateKey key;
  private final List<X509Certificate> cas;

  private NodeTls(NodeConfig.Tls files, List<X509Certificate> chain, PrivateKey key, List<X509Certificate> cas) {
    this.files = files;
    this.chain = chain;
    this.key = key;
    this.cas = cas;
  }

  /**
   * Reads and checks the files named by {@code tls}.
   *
   * @throws TlsSetupException naming the file at fault
   */
  public static NodeTls load(NodeConfig.Tls tls) {
    return load(tls, Instant.now());
  }

  static NodeTls load(NodeConfig.Tls tls, Instant now) {
    List<X509Certificate> chain = Pem.readCertificates(tls.certFile());
    PrivateKey key = Pem.readPrivateKey(tls.keyFile());
    List<X509Certificate> cas = Pem.readCertificates(tls.caFile());
    X509Certificate leaf = chain.get(0);
    checkValid(tls.certFile(), leaf, now);
    for (X509Certificate ca : cas) {
      checkValid(tls.caFile(), ca, now);
    }
    if (!keyMatches(key, leaf.getPublicKey())) {
      throw new TlsSetupException(tls.keyFile(), "this private key does not belong to the certificate in " + tls.certFile());
    }
    if (!issuedBy(chain, cas)) {
      throw new TlsSetupException(
          tls.certFile(), "certificate " + leaf.getSubjectX500Principal().getName() + " is not signed by the CA in " + tls.caFile() + "; peers would refuse this node");
    }
    return new NodeTls(tls, chain, key, cas);
  }

  /** Whether {@code chain} (leaf first, intermediates after) leads to one of {@code cas}. */
  private static boolean issuedBy(List<X509Certificate> chain, List<X509Certificate> cas) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!signedBy(chain.get(i), chain.get(i + 1))) {
        return false;
      }
    }
    X509Certificate top = chain.get(chain.size() - 1);
    return cas.stream().anyMatch(ca -> ca.equals(top) || signedBy(top, ca));
  }

  private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
    try {
      cert.verify(issuer.getPublicKey());
      return cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /**
   * Checks that this node's certificate names {@code raftHost} (its Raft address as the peers know
   * it) in its subjectAltName: peers verify that name when they connect, and refuse otherwise.
   *
   * @throws TlsSetupException naming the certificate file
   */
  public void requireNames(String raftHost) {
    boolean named;
    try {
      named = new PeerTrustManager(caTrust(), () -> List.of(raftHost)).namesAPeer(certificate());
    } catch (java.security.cert.CertificateParsingException e) {
      named = false;
    }
    if (!named) {
      throw new TlsSetupException(
          files.certFile(), "certificate " + certificate().getSubjectX500Principal().getName() + " does not name this node's Raft host '" + raftHost
              + "' in its subjectAltName; peers would refuse this node");
    }
  }

  /** Whether the key file may be read by other users (the node warns: it should be 0600). */
  public boolean keyReadableByOthers() {
    return Pem.readableByOthers(files.keyFile());
  }

  /** Whether clients must present a certificate from the CA. */
  public boolean requireClientCert() {
    return files.requireClientCert();
  }

  /** The node certificate (leaf). */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * BoringSSL where it loads (netty-tcnative ships in the node's jar), the JDK's TLS otherwise: the
   * same TLS 1.3 for less CPU per record. {@code -Dstrongroom.tls.provider=JDK} forces the JDK's.
   */
  static final SslProvider CLIENT_PORT_PROVIDER =
      !"JDK".equalsIgnoreCase(System.getProperty("strongroom.tls.provider", ""))
              && OpenSsl.isAvailable() && SslProvider.isTlsv13Supported(SslProvider.OPENSSL)
          ? SslProvider.OPENSSL
          : SslProvider.JDK;

  /** The server context for the client port: TLS 1.3 only, this node's certificate, client certificates per config. */
  public SslContext clientServerContext() {
    try {
      return SslContextBuilder.forServer(keyManagers()[0])
          .sslProvider(CLIENT_PORT_PROVIDER)
          .protocols("TLSv1.3")
          .trustManager(caTrust())
          .clientAuth(files.requireClientCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
          .build();
    } catch (SSLException e) {
      throw new TlsSetupException(files.certFile(), "cannot set up TLS for the client port: " + e.getMessage(), e);
    }
  }

  /**
   * Mutual TLS for every Raft connection: this node's certificate in both directions; a peer is
   * accepted when its certificate chains to the CA and, on connections it opens, its
   * subjectAltName names one of {@code peerHosts} (the hosts of the members' Raft addresses, read
   * at each handshake; see {@link PeerTrustManager}).
   */
  public RaftNode.PeerTls peerTls(Supplier<? extends Collection<String>> peerHosts) {
    return new RaftNode.PeerTls(keyManagers()[0], new PeerTrustManager(caTrust(), peerHosts));
  }

  private KeyManager[] keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("node", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, IN_MEMORY);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsSetupException(files.keyFile(), "cannot use this key with its certificate: " + e.getClass().getSimpleName(), e);
    }
  }

  private X509ExtendedTrustManager caTrust() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsSetupException(files.caFile(), "cannot use these CA certificates: " + e.getClass().getSimpleName(), e);
    }
  }

  private static void checkValid(Path file, X509Certificate cert, Instant now) {
    try {
      cert.checkValidity(Date.from(now));
    } catch (CertificateExpiredException e) {
      throw new TlsSetupException(file, "certificate " + cert.getSubjectX500Principal().getName() + " expired on " + cert.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw new TlsSetupException(file, "certificate " + cert.getSubjectX500Principal().getName() + " is not valid before " + cert.getNotBefore().toInstant());
    }
  }

  /** Proves possession: a signature by {@code key} over a fresh challenge verifies with {@code pub}. */
  static boolean keyMatches(PrivateKey key, PublicKey pub) {
    if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          case "Ed448" -> "Ed448";
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(pub);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    X509Certificate leaf = certificate();
    return "NodeTls[" + leaf.getSubjectX500Principal().getName() + ", valid until " + leaf.getNotAfter().toInstant()
        + ", client certificates " + (files.requireClientCert() ? "required" : "optional") + "]";
  }
}
