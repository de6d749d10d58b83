package io.strongroom.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code strongroom version}: the build's version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the Strongroom version and the Java runtime.")
final class VersionCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    for (String line : lines()) {
      spec.commandLine().getOut().println(line);
    }
  }

  static String[] lines() {
    return new String[] {
      "strongroom " + io.strongroom.node.BuildInfo.version(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  /** Serves {@code strongroom --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines();
    }
  }
}
