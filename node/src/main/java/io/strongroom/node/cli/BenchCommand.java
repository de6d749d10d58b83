package io.strongroom.node.cli;

import io.strongroom.client.StrongroomClient;
import io.strongroom.node.bench.LoadGenerator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strongroom bench}: a closed-loop load test against a running cluster. */
@Command(
    name = "bench",
    sortOptions = false,
    description = {
      "Load-test a running cluster through the client library: CLIENTS logical clients each keep one"
          + " request in flight. Writes 1,000 keys under --prefix first (so reads hit), warms up, then"
          + " measures for --duration with a progress line each second, and prints throughput and"
          + " p50/p99/p99.9 latency. Needs a token allowed to write under the prefix."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom bench --clients 1 --op put --duration 20s",
      "  strongroom bench --clients 64 --op get --format json",
      "  strongroom bench --clients 16 --op mixed --value-size 1024",
      "  strongroom bench --clients 1 --op get --stale 5s --address near-node:7200   # bounded-staleness reads from one node"
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--clients", paramLabel = "N", defaultValue = "1", description = "Concurrent logical clients (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.Converter.class,
      description = "How long to measure (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "3s", converter = Durations.Converter.class,
      description = "Load before measuring, not counted (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--op", paramLabel = "put|get|mixed", defaultValue = "put",
      description = "put, get (linearizable reads) or mixed (90%% get, 10%% put); default: ${DEFAULT-VALUE}.")
  LoadGenerator.Op op;

  @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "256", description = "Bytes per value (default: ${DEFAULT-VALUE}).")
  int valueSize;

  @Option(names = "--prefix", paramLabel = "PATH", defaultValue = "bench", description = "Where the benchmark's keys live (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--stale", paramLabel = "DURATION", converter = Durations.Converter.class,
      description = "Reads accept an answer at most DURATION behind the leader, from the first address that can give one"
          + " (as kv get --stale); writes still go to the leader. Default: linearizable reads.")
  Duration stale;

  @Option(names = "--latency-log", paramLabel = "FILE",
      description = "Also write every measured request to FILE, one line each: ms from the start, latency in us, put or get."
          + " For finding what the slowest requests share.")
  java.nio.file.Path latencyLog;

  @Mixin Output.FormatOption format;
  @Mixin ClientOptions connection;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    PrintStream progress = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
    try (StrongroomClient client = connection.connect(Cli.context(spec), Optional.empty())) {
      LoadGenerator load = new LoadGenerator(KvCommand.kv(client, stale), op, clients, valueSize, prefix);
      progress.printf("bench: writing 1,000 keys under %s/ ...%n", prefix);
      load.prepare();
      progress.printf("bench: %s with %d clients%s, %s warm-up, then %s measured%n", op.name().toLowerCase(java.util.Locale.ROOT), clients,
          stale == null ? "" : ", reads at most " + Durations.format(stale) + " stale", warmup, duration);
      LoadGenerator.Result result = load.run(warmup, duration, progress);
      if (latencyLog != null) {
        load.writeLatencyLog(latencyLog);
      }
      Cli.out(spec).println(format.json() ? result.json() : result.table());
    }
    return 0;
  }
}
