package io.strongroom.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Commands whose implementation arrives with a later issue. Each is listed in {@code --help} so
 * the shape of the tool is visible, and answers with exit code 3 and a one-line reason instead of
 * pretending to work.
 */
final class NotYetAvailable {
  static final int EXIT_NOT_AVAILABLE = 3;

  private NotYetAvailable() {}

  abstract static class Base implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched java.util.List<String> ignored;

    abstract String arrivesWith();

    @Override
    public Integer call() {
      spec.commandLine()
          .getErr()
          .println(spec.qualifiedName() + ": not available yet in this build (arrives with " + arrivesWith() + ")");
      return EXIT_NOT_AVAILABLE;
    }
  }

  @Command(name = "dev", description = "Start a local 3-node cluster in dev mode (unsealed, in-memory root token).")
  static final class Dev extends Base {
    @Override
    String arrivesWith() {
      return "the cluster";
    }
  }

  @Command(name = "server", description = "Run a Strongroom node: strongroom server --config node.yaml")
  static final class Server extends Base {
    @Override
    String arrivesWith() {
      return "the cluster";
    }
  }

  @Command(name = "token", description = "Create, look up, renew and revoke tokens.")
  static final class Token extends Base {
    @Override
    String arrivesWith() {
      return "access control";
    }
  }

  @Command(name = "policy", description = "Write, read, list and delete path policies.")
  static final class Policy extends Base {
    @Override
    String arrivesWith() {
      return "access control";
    }
  }

  @Command(name = "audit", description = "Export and verify the hash-chained audit log; hash a value for searching.")
  static final class Audit extends Base {
    @Override
    String arrivesWith() {
      return "the audit log";
    }
  }

  @Command(name = "break-glass", description = "Request, approve and redeem quorum-approved emergency access.")
  static final class BreakGlass extends Base {
    @Override
    String arrivesWith() {
      return "access control";
    }
  }
}
