package io.strongroom.node.cli;

import io.strongroom.node.dev.DevCluster;
import io.strongroom.node.tls.TlsSetupException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strongroom dev}: a local multi-process cluster, initialized and unsealed, until Ctrl-C. */
@Command(
    name = "dev",
    description = {
      "Start a local cluster for development: each node is its own process on 127.0.0.1, so you can"
          + " kill one and watch the rest carry on. Unless --no-init, it is initialized with 5 unseal"
          + " shares (threshold 3) and every node is unsealed. Prints export lines (also written to"
          + " DIR/dev.env) for STRONGROOM_ADDR, STRONGROOM_TOKEN, STRONGROOM_UNSEAL_SHARES and"
          + " STRONGROOM_NODE_PIDS, then serves until interrupted and stops every node it started.",
      "",
      "Clients and Raft peers speak TLS 1.3: a dev CA and one certificate per node (127.0.0.1,"
          + " localhost) are made in DIR/tls/, and dev.env exports STRONGROOM_CACERT=DIR/tls/ca.pem."
          + " --no-tls runs a new cluster in plaintext, for debugging.",
      "",
      "Nodes start small and quick (-Xmx384m, the serial collector, the client compiler only)."
          + " STRONGROOM_NODE_JAVA_OPTS replaces those options, e.g. with a production JVM's for a"
          + " benchmark: STRONGROOM_NODE_JAVA_OPTS='-Xms1g -Xmx1g -XX:+UseG1GC'.",
      "",
      "Development only: dev.env holds the root token and the unseal shares in the clear, and"
          + " DIR/tls/ca.key can sign certificates the cluster trusts."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  ./strongroom dev                          3 nodes in a new temporary directory",
      "  ./strongroom dev --data-dir dev-cluster   keep the data; run again to restart the same nodes",
      "  source dev-cluster/dev.env && ./strongroom kv put app/db password=hunter2",
      "  kill -9 <a pid from STRONGROOM_NODE_PIDS>, then: ./strongroom server --config DIR/n2/node.yaml",
      "  ./strongroom dev delay-proxy --config delay-proxy.yaml   simulated inter-region latency (see its --help)"
    },
    subcommands = {DelayProxyCommand.class})
final class DevCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Nodes in a new cluster (1..9; default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where nodes keep config, data and logs (default: a new temporary directory).")
  Path dataDir;

  @Option(names = "--no-init", description = "Leave a new cluster uninitialized (try `strongroom operator init` yourself).")
  boolean noInit;

  @Option(names = "--no-tls", description = "Plaintext client and Raft traffic for a new cluster (debugging only; a reused DIR keeps its setting).")
  boolean noTls;

  @Override
  public Integer call() throws Exception {
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("strongroom-dev-");
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
    DevCluster cluster;
    try {
      cluster = DevCluster.start(dir, nodes, !noInit, !noTls, out);
    } catch (IllegalArgumentException | IllegalStateException | TlsSetupException e) {
      spec.commandLine().getErr().println("error: UNAVAILABLE: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("strongroom dev: stopping every node");
                  cluster.close();
                  stopped.countDown();
                },
                "strongroom-dev-shutdown"));
    spec.commandLine().getOut().print(cluster.envLines());
    spec.commandLine().getOut().flush();
    out.println("strongroom dev: serving; the lines above are in " + cluster.dir().resolve("dev.env") + ". Ctrl-C stops every node.");
    stopped.await();
    return 0;
  }
}
