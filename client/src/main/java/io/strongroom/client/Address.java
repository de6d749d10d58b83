package io.strongroom.client;

import java.util.Objects;

/** A node's client address. {@code host:port}, or {@code [v6-literal]:port}. */
record Address(String host, int port) {

  Address {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, was " + port);
    }
  }

  /** Parses {@code host:port} or {@code [v6]:port}; whitespace around it is ignored. */
  static Address parse(String text) {
    Objects.requireNonNull(text, "address");
    String s = text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("address must be host:port, was '" + s + "'");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException("IPv6 address must be [host]:port, was '" + s + "'");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, was '" + s + "'", e);
    }
    return new Address(host, port);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
