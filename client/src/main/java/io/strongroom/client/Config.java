package io.strongroom.client;

import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;

/** The checked, immutable settings a client runs with. */
record Config(
    List<Address> addresses,
    Token token,
    Duration requestTimeout,
    Duration retryDeadline,
    Duration connectTimeout,
    int maxAttempts,
    int maxFrameBytes,
    int ioThreads,
    SslContext ssl,
    Backoff backoff) {

  Config {
    addresses = List.copyOf(addresses);
  }

  @Override
  public String toString() {
    return "Config[addresses=" + addresses + ", token=" + token
        + ", requestTimeout=" + requestTimeout + ", retryDeadline=" + retryDeadline
        + ", connectTimeout=" + connectTimeout + ", maxAttempts=" + maxAttempts
        + ", maxFrameBytes=" + maxFrameBytes + ", tls=" + (ssl != null) + "]";
  }
}
