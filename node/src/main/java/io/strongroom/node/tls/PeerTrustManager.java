package io.strongroom.node.tls;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust for Raft connections. Every certificate must chain to the cluster CA (the JDK's PKIX trust
 * manager decides, and, on connections this node opens, gRPC has it verify that the certificate
 * names the address dialled). On connections a peer opens to this node, the certificate must also
 * name one of the cluster's members in its subjectAltName, by the host of its Raft address.
 *
 * <p>Why the second check: the same CA may also sign application client certificates for the
 * client port (with {@code require_client_cert}). Without it, any such application could open a
 * Raft connection and propose entries. Names are compared literally (IP to IP, DNS name to DNS
 * name, case-insensitively, with a leading {@code *.} wildcard for one label); nothing is resolved.
 *
 * <p>The members are read at each handshake, so peers added at run time are admitted once their
 * configuration commits. A node that knows no member yet (one waiting to be added to a running
 * cluster) cannot tell peers from others by name; it then admits any certificate from the CA that
 * looks like a node's: a subjectAltName, and an extendedKeyUsage (if any) that allows TLS server
 * use. Application certificates (clientAuth only, as {@link DevCertificates} issues them) fail.
 *
 * <p>Thread-safe.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private final X509ExtendedTrustManager ca;
  private final Supplier<? extends Collection<String>> peerHosts;

  /** @param peerHosts the hosts of the members' Raft addresses, read at each handshake */
  PeerTrustManager(X509ExtendedTrustManager ca, Supplier<? extends Collection<String>> peerHosts) {
    this.ca = ca;
    this.peerHosts = peerHosts;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    ca.checkClientTrusted(chain, authType);
    requirePeer(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    ca.checkClientTrusted(chain, authType, socket);
    requirePeer(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    ca.checkClientTrusted(chain, authType, engine);
    requirePeer(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    ca.checkServerTrusted(chain, authType);
    requirePeer(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    ca.checkServerTrusted(chain, authType, socket);
    requirePeer(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    // gRPC sets endpoint identification (HTTPS) on its engines: the JDK checks the certificate
    // names the member this node dialled. The configuration may not list that member yet (the
    // leader catches a new peer up before the change commits), so no member check here.
    ca.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return ca.getAcceptedIssuers();
  }

  private void requirePeer(X509Certificate[] chain) throws CertificateException {
    Set<String> hosts = hosts();
    if (hosts.isEmpty()) {
      if (!looksLikeANode(chain[0])) {
        throw new CertificateException(
            "certificate " + chain[0].getSubjectX500Principal().getName() + " is from the cluster CA but is no node certificate"
                + " (needs a subjectAltName and TLS server use): not a cluster node");
      }
    } else if (!namesAPeer(chain[0], hosts)) {
      throw new CertificateException(
          "certificate " + chain[0].getSubjectX500Principal().getName() + " is from the cluster CA but names none of the members "
              + hosts.stream().sorted().toList() + " in its subjectAltName: not a cluster node");
    }
  }

  private Set<String> hosts() {
    Set<String> hosts = new java.util.HashSet<>();
    for (String h : peerHosts.get()) {
      hosts.add(h.toLowerCase(Locale.ROOT));
    }
    return hosts;
  }

  /** Whether {@code cert} names one of the current members. */
  boolean namesAPeer(X509Certificate cert) throws CertificateParsingException {
    return namesAPeer(cert, hosts());
  }

  private static boolean namesAPeer(X509Certificate cert, Set<String> hosts) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans == null) {
      return false;
    }
    for (List<?> san : sans) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
      for (String host : hosts) {
        if (type == SAN_IP && isIpLiteral(host) && sameAddress(value, host)) {
          return true;
        }
        if (type == SAN_DNS && !isIpLiteral(host) && dnsMatches(value, host)) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean looksLikeANode(X509Certificate cert) throws CertificateParsingException {
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    List<String> purposes = cert.getExtendedKeyUsage();
    return sans != null && !sans.isEmpty() && (purposes == null || purposes.contains(SERVER_AUTH));
  }

  private static boolean isIpLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  private static boolean sameAddress(String a, String b) {
    try {
      // Both are literals (checked by the caller for b; SAN IP entries always are): no lookup happens.
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean dnsMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(host);
  }
}
