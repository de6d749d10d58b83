package io.strongroom.node.cli;

import io.strongroom.node.dev.DelayProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strongroom dev delay-proxy}: simulated inter-region latency for a cluster on one machine. */
@Command(
    name = "delay-proxy",
    sortOptions = false,
    description = {
      "Relay Raft traffic between regions with a fixed one-way delay per region pair, for multi-region"
          + " rehearsals on one machine (development and testing only; deploy/local/multi-region.sh runs it).",
      "",
      "Each node's raft_address names a host (n3.strongroom.test:PORT) that each node's JVM resolves"
          + " through its own hosts file (-Djdk.net.hosts.file=FILE, printed by --hosts-for): nodes of its"
          + " region at their real address, the others at its region's proxy address. The proxy listens"
          + " there and relays to the real address, both ways, each byte held for the latency between the"
          + " two regions. Ratis' gRPC ignores HTTP proxies, hence names rather than a ProxySelector.",
      "",
      "Simulates a fixed delay on every Raft connection. Not: jitter, loss, bandwidth, the TCP handshake's"
          + " round trip. Clients talk to nodes directly. Serves until interrupted."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom dev delay-proxy --config delay-proxy.yaml",
      "  strongroom dev delay-proxy --config delay-proxy.yaml --hosts-for n3 > n3/hosts",
      "  strongroom dev delay-proxy --config delay-proxy.yaml --hosts-for-region eu-west > eu-west.hosts",
      "  java -Djdk.net.hosts.file=n3/hosts -jar strongroom.jar server --config n3/node.yaml"
    })
final class DelayProxyCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The proxy's configuration: regions (each region's proxy address), latency_ms (one way, per region pair a/b) and nodes"
          + " (id, region, host, ip, ports).")
  Path config;

  @Option(names = "--hosts-for", paramLabel = "NODE",
      description = "Print the hosts file for node NODE's JVM (-Djdk.net.hosts.file) and exit, instead of running the proxy.")
  String hostsFor;

  @Option(names = "--hosts-for-region", paramLabel = "REGION",
      description = "Print the hosts file for a client process standing in REGION and exit (its requests to other regions' nodes pay the delay).")
  String hostsForRegion;

  @Override
  public Integer call() throws IOException, InterruptedException {
    DelayProxy.Config c;
    try {
      c = DelayProxy.load(config);
      if (hostsFor != null || hostsForRegion != null) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(hostsFor != null ? c.hostsFile(hostsFor) : c.hostsFileForRegion(hostsForRegion));
        out.flush();
        return 0;
      }
    } catch (IllegalArgumentException e) {
      throw CliException.invalid(e.getMessage());
    }
    DelayProxy proxy = DelayProxy.start(c);
    PrintWriter out = spec.commandLine().getOut();
    for (DelayProxy.Route r : proxy.routes()) {
      out.printf("%-10s -> %-4s %-10s via %-21s %4d ms one way (to %s)%n",
          r.fromRegion(), r.to().id(), r.to().region(), r.listen(), r.delay().toMillis(), r.target());
    }
    out.println("delay proxy: " + proxy.routes().size() + " routes; serving until interrupted");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      proxy.close();
      stopped.countDown();
    }, "strongroom-delay-proxy-shutdown"));
    stopped.await();
    return 0;
  }
}
