package io.strongroom.node.cli;

import picocli.CommandLine;

/** {@code -h/--help} for every command (without {@code --version}, which only the root has). */
final class HelpOption {
  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;
}
