package io.strongroom.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code strongroom} command: the server, the operator ceremonies and the client commands in
 * one executable jar. {@code ./strongroom} at the repository root builds and runs it.
 *
 * <p>Exit codes: 0 success, 1 the operation failed (one line {@code error: CODE: message} on
 * standard error), 2 bad usage, 3 the command is not available in this build yet.
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
      DevCommand.class,
      ServerCommand.class,
      BenchCommand.class,
      StatusCommand.class,
      OperatorCommand.class,
      KvCommand.class,
      TokenCommand.class,
      PolicyCommand.class,
      AuditCommand.class,
      BreakGlassCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  /** The command for the real process: its environment, standard input and console. */
  public Main() {
    this(CliContext.system());
  }

  Main(CliContext context) {
    this.context = context;
  }

  /** Where the commands read the environment, standard input and the console from. */
  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    // `strongroom` alone teaches rather than failing.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line; tests drive this without exiting the JVM. */
  public static CommandLine commandLine() {
    return commandLine(CliContext.system());
  }

  /**
   * Builds the command line over {@code context}. A failing command prints one line
   * {@code error: CODE: message} on standard error and exits with 1 (see {@link ErrorReporter}).
   */
  static CommandLine commandLine(CliContext context) {
    return new CommandLine(new Main(context))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setUsageHelpAutoWidth(true)
        .setExecutionExceptionHandler(new ErrorReporter());
  }

  /**
   * The JDK's shared pool for asynchronous stages has {@code cores - 1} threads, and with fewer than
   * two it runs no pool at all: every {@code *Async} stage without an executor (Ratis has some on
   * each append) starts a thread of its own. On a 2-core machine that was a thread created per Raft
   * entry, about 7% of a follower's CPU. The property must be set before the pool's class loads.
   */
  static void sizeTheCommonPool() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null) {
      System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
  }

  public static void main(String[] args) {
    sizeTheCommonPool();
    System.exit(commandLine().execute(args));
  }
}
