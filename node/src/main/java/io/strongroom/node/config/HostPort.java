package io.strongroom.node.config;

/**
 * A {@code host:port} pair. IPv6 literals are written in brackets: {@code [::1]:7200}.
 *
 * @param host a host name or IP literal (without brackets)
 * @param port 0..65535; 0 asks the OS for a free port (tests)
 */
public record HostPort(String host, int port) {

  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
  }

  /** Parses {@code host:port}; the message says what is wrong with {@code text}. */
  public static HostPort parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected host:port, was empty");
    }
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException("expected host:port, was '" + text + "'");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("write an IPv6 address in brackets, as [::1]:7200, was '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, was '" + t.substring(colon + 1) + "' in '" + text + "'", e);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port + " in '" + text + "'");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
