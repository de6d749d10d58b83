package io.strongroom.node.cli;

import io.strongroom.node.config.ConfigException;
import io.strongroom.node.config.NodeConfig;
import io.strongroom.node.config.NodeConfigLoader;
import io.strongroom.node.server.NodeServer;
import io.strongroom.node.tls.TlsSetupException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strongroom server --config node.yaml}: runs one node until the process is told to stop. */
@Command(
    name = "server",
    description = {
      "Run a Strongroom node. It starts sealed (or uninitialized before the cluster's first init),"
          + " replicates the log either way, and serves clients once unsealed."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom server --config /etc/strongroom/node.yaml",
      "",
      "node.yaml names the node, its data dir, its Raft, client and HTTP addresses and every peer;",
      "see the README. SIGTERM or Ctrl-C stops the node and zeroes its keys."
    })
final class ServerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin HelpOption help;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The node's configuration (YAML).")
  Path config;

  @Override
  public Integer call() throws Exception {
    NodeConfig cfg;
    try {
      cfg = NodeConfigLoader.load(config);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("error: INVALID_ARGUMENT: " + e.getMessage());
      return 2;
    }
    NodeServer node;
    try {
      node = NodeServer.start(cfg);
    } catch (TlsSetupException e) {
      spec.commandLine().getErr().println("error: INVALID_ARGUMENT: " + config + ": tls: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "strongroom-shutdown"));
    stopped.await();
    return 0;
  }
}
