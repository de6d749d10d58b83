package io.strongroom.node.cli;

import io.strongroom.client.StrongroomClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom policy ...}: path policies in Vault's JSON form. */
@Command(
    name = "policy",
    description = {
      "Write, read, list and delete path policies (Vault's JSON form). Capabilities: create, read, update, patch,",
      "delete, list, sudo, deny. 'app/*' matches everything under app/, 'app/+/db' one segment; the most specific",
      "path wins, deny always wins, and what no rule grants is denied. Built in: root (everything) and default."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  echo '{\"path\": {\"app/*\": {\"capabilities\": [\"read\", \"list\"]}}}' | strongroom policy write app-read -",
      "  strongroom policy read app-read",
      "  strongroom policy list"
    },
    subcommands = {PolicyCommand.Write.class, PolicyCommand.Read.class, PolicyCommand.List.class, PolicyCommand.Delete.class})
final class PolicyCommand {
  @Mixin HelpOption help;

  @Command(name = "write", sortOptions = false, description = "Create or replace policy NAME from FILE, or from stdin with -.")
  static final class Write implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "NAME", description = "Lower-case letters, digits, - _ and .")
    String name;

    @Parameters(index = "1", paramLabel = "FILE|-", description = "The policy document.")
    String file;

    @Override
    public Integer call() {
      CliContext ctx = Cli.context(spec);
      String json = file.equals("-") ? Input.stdinText(ctx, "policy") : Input.fileText(Path.of(file), "policy file");
      try (StrongroomClient client = connection.connect(ctx)) {
        client.policies().write(name, json);
      }
      PrintWriter out = Cli.out(spec);
      out.println("wrote policy " + name);
      out.flush();
      return 0;
    }
  }

  @Command(name = "read", sortOptions = false, description = "Print policy NAME (canonical JSON).")
  static final class Read implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      String json;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        json = client.policies().read(name).orElseThrow(() -> new CliException(io.strongroom.protocol.v1.ErrorCode.NOT_FOUND, "no policy " + name));
      }
      PrintWriter out = Cli.out(spec);
      out.println(json);
      out.flush();
      return 0;
    }
  }

  @Command(name = "list", sortOptions = false, description = "List policy names.")
  static final class List implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      java.util.List<String> names;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        names = client.policies().list();
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("policies", names);
        Output.json(out, o);
      } else {
        names.forEach(out::println);
        out.flush();
      }
      return 0;
    }
  }

  @Command(name = "delete", sortOptions = false, description = "Delete policy NAME; tokens holding it lose what it granted at once.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        client.policies().delete(name);
      }
      PrintWriter out = Cli.out(spec);
      out.println("deleted policy " + name);
      out.flush();
      return 0;
    }
  }
}
