package io.strongroom.node.cli;

import io.strongroom.client.StrongroomClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How a command reaches the cluster: addresses, TLS trust, the token and a time limit. Each
 * option overrides its environment variable. The token has no option on purpose: a value on the
 * command line lands in shell history and in {@code ps}; it comes from {@code STRONGROOM_TOKEN}
 * or a file.
 */
final class ClientOptions {
  static final String ENV_ADDR = "STRONGROOM_ADDR";
  static final String ENV_TOKEN = "STRONGROOM_TOKEN";
  static final String ENV_CACERT = "STRONGROOM_CACERT";

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT[,...]",
      description = "Node client addresses, comma-separated, tried in order; the client finds the leader."
          + " Default: $" + ENV_ADDR + ".")
  String address;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      description = "Trust only the CA certificate(s) in this PEM file and use TLS. Default: $" + ENV_CACERT
          + " (plaintext when neither is set).")
  Path caCert;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the token from the first line of FILE. Default: $" + ENV_TOKEN
          + ". There is no token flag: its value would show in shell history and ps.")
  Path tokenFile;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description = "Give up after DURATION, retries and leader changes included (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  /** A client for the configured cluster; the caller closes it. */
  StrongroomClient connect(CliContext ctx) {
    return connect(ctx, Optional.empty());
  }

  /**
   * A client for the configured cluster, or for {@code fallbackAddress} alone when no address is
   * configured (a command aimed at one node with {@code --node}).
   */
  StrongroomClient connect(CliContext ctx, Optional<String> fallbackAddress) {
    Optional<String> configured = Optional.ofNullable(address).filter(a -> !a.isBlank()).or(() -> ctx.env(ENV_ADDR));
    List<String> addresses = configured.or(() -> fallbackAddress)
        .map(a -> Arrays.stream(a.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElseThrow(() -> CliException.invalid("no node address: set " + ENV_ADDR + "=host:port[,...] or pass --address"));
    if (addresses.isEmpty()) {
      throw CliException.invalid("no node address: set " + ENV_ADDR + "=host:port[,...] or pass --address");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw CliException.invalid("--timeout must be > 0, was " + Durations.format(timeout));
    }
    StrongroomClient.Builder builder = StrongroomClient.builder()
        .addresses(addresses)
        .retryDeadline(timeout)
        .requestTimeout(min(timeout, Duration.ofSeconds(5)))
        .connectTimeout(min(timeout, Duration.ofSeconds(3)));
    Optional<Path> ca = Optional.ofNullable(caCert).or(() -> ctx.env(ENV_CACERT).map(Path::of));
    ca.ifPresent(builder::trustCertificates);
    char[] token = token(ctx);
    try {
      builder.token(token);
    } finally {
      Arrays.fill(token, '\0');
    }
    return builder.build();
  }

  private char[] token(CliContext ctx) {
    if (tokenFile != null) {
      char[] t = Input.firstLine(tokenFile, "token file");
      // Strip surrounding whitespace without making a String of the token.
      int from = 0;
      int to = t.length;
      while (from < to && Character.isWhitespace(t[from])) {
        from++;
      }
      while (to > from && Character.isWhitespace(t[to - 1])) {
        to--;
      }
      char[] stripped = Arrays.copyOfRange(t, from, to);
      Arrays.fill(t, '\0');
      if (stripped.length == 0) {
        throw CliException.invalid("the token file " + tokenFile + " is empty");
      }
      return stripped;
    }
    return ctx.env(ENV_TOKEN).map(String::toCharArray).orElseGet(() -> new char[0]);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
