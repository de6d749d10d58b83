package io.strongroom.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code strongroom} command: the server, the operator ceremonies and the client commands in
 * one executable jar. {@code ./strongroom} at the repository root builds and runs it.
 *
 * <p>Exit codes: 0 success, 1 the operation failed, 2 bad usage, 3 the command is not available
 * in this build yet.
 */
@Command(
    name = "strongroom",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Strongroom: a replicated secret store. Secrets are encrypted before they are replicated by "
          + "Raft; every request lands in a hash-chained audit log; the root key is split among key "
          + "holders, a quorum of whom must agree to unseal a node, mint a root token or break glass.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom dev                 start a local 3-node cluster to try things out",
      "  strongroom <command> --help    what a command does, with its options"
    },
    subcommands = {
      VersionCommand.class,
      NotYetAvailable.Dev.class,
      NotYetAvailable.Server.class,
      NotYetAvailable.Operator.class,
      NotYetAvailable.Kv.class,
      NotYetAvailable.Token.class,
      NotYetAvailable.Policy.class,
      NotYetAvailable.Audit.class,
      NotYetAvailable.BreakGlass.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // `strongroom` alone teaches rather than failing.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line; tests drive this without exiting the JVM. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setUsageHelpAutoWidth(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
