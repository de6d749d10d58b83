package io.strongroom.bench.compare;

import java.net.URI;
import java.util.Locale;

/**
 * The load generator sends traffic to this machine only: every address it is given must be a
 * loopback one ({@code 127.0.0.0/8}, {@code localhost} or {@code [::1]}). Names are not resolved:
 * an address is accepted by its text alone.
 */
final class Loopback {
  private Loopback() {}

  /** Whether {@code host} (no port) is a loopback literal or {@code localhost}. */
  static boolean isLoopbackHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String o : octets) {
      if (!o.matches("\\d{1,3}") || Integer.parseInt(o) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Checks a comma-separated list of host:port addresses. */
  static void requireAddresses(String addresses) {
    if (addresses == null) {
      return;
    }
    for (String a : addresses.split(",")) {
      String s = a.strip();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      String host = colon > 0 ? s.substring(0, colon) : s;
      if (!isLoopbackHost(host)) {
        throw new IllegalArgumentException("only loopback addresses (127.x.y.z, localhost, [::1]) may be benchmarked, was " + s);
      }
    }
  }

  /** Checks an http URL such as {@code http://127.0.0.1:2379}. */
  static void requireUrl(String url) {
    URI u;
    try {
      u = URI.create(url.strip());
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u == null || u.getHost() == null || !isLoopbackHost(u.getHost())) {
      throw new IllegalArgumentException("only loopback URLs (http://127.x.y.z:port) may be benchmarked, was " + url);
    }
  }
}
