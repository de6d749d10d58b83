package io.strongroom.node.cli;

import io.strongroom.client.InitResult;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.Sys;
import io.strongroom.client.UnsealProgress;
import io.strongroom.crypto.HolderPublicKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strongroom operator}: the seal lifecycle ceremonies (init, unseal, seal, rotate, rekey,
 * generate-root) against the cluster, Raft administration, and the key holders' offline tools
 * (keygen, open-share, generate-root --decode).
 */
@Command(
    name = "operator",
    description = "Seal lifecycle ceremonies, key holder tools and cluster membership: keygen, init, unseal, seal, rotate,"
        + " open-share, generate-root, rekey, raft.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator keygen --out alice           # each holder, offline",
      "  strongroom operator init --key-shares 3 --key-threshold 2 \\",
      "      --holder-keys alice.pub,bob.pub,carol.pub",
      "  strongroom operator unseal --node node1:7200     # prompts for a share",
      "  strongroom operator raft list-peers"
    },
    subcommands = {
      KeygenCommand.class,
      OperatorCommand.Init.class,
      OperatorCommand.Unseal.class,
      OperatorCommand.Seal.class,
      OperatorCommand.Rotate.class,
      OpenShareCommand.class,
      GenerateRootCommand.class,
      RekeyCommand.class,
      RaftCommand.class
    })
final class OperatorCommand {
  @Mixin HelpOption help;

  @Command(
      name = "init",
      sortOptions = false,
      description = {
        "Initialize the cluster: make the root key, split it into --key-shares unseal shares of which"
            + " --key-threshold unseal a node, and mint the first root token. Needs no token.",
        "The shares and the root token are printed this one time only. With --holder-keys each share is"
            + " sealed to its holder's public key (an envelope only that holder can open with operator open-share)."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom operator init --key-shares 5 --key-threshold 3",
        "  strongroom operator init --key-shares 3 --key-threshold 2 --format json \\",
        "      --holder-keys alice.pub,bob.pub,carol.pub"
      })
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Option(names = "--key-shares", paramLabel = "N",
        description = "How many unseal shares to make (default: 5, or one per --holder-keys file).")
    Integer shares;

    @Option(names = "--key-threshold", paramLabel = "K", defaultValue = "3",
        description = "How many shares unseal a node (default: ${DEFAULT-VALUE}).")
    int threshold;

    @Option(names = "--holder-keys", paramLabel = "PUB", split = ",",
        description = "Holders' public key files (from operator keygen), comma-separated, one per share in order.")
    List<Path> holderKeys = new ArrayList<>();

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      int n = shares != null ? shares : holderKeys.isEmpty() ? 5 : holderKeys.size();
      if (!holderKeys.isEmpty() && holderKeys.size() != n) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--holder-keys names " + holderKeys.size() + " files but --key-shares is " + n + ": give one public key per share");
      }
      if (n < 1 || n > 255) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--key-shares must be in 1..255, was " + n);
      }
      if (threshold < 1 || threshold > n) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--key-threshold must be in 1.." + n + " (the number of shares), was " + threshold);
      }
      List<byte[]> keys = new ArrayList<>();
      for (Path p : holderKeys) {
        HolderPublicKeys k = HolderKeyFiles.readPublic(p);
        keys.add(HolderKeyFiles.wire(k));
      }
      InitResult result;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        result = client.sys().init(n, threshold, keys);
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("shares", result.shares());
        o.put("shares_sealed", !holderKeys.isEmpty());
        o.put("key_shares", n);
        o.put("key_threshold", threshold);
        o.put("root_token", result.rootToken());
        Output.json(out, o);
        return 0;
      }
      for (int i = 0; i < result.shares().size(); i++) {
        out.println(holderKeys.isEmpty()
            ? "Unseal share " + (i + 1) + ": " + result.shares().get(i)
            : "Share envelope " + (i + 1) + " (for " + holderKeys.get(i) + "): " + result.shares().get(i));
      }
      out.println();
      out.println("Root token: " + result.rootToken());
      out.println();
      out.println("Initialized with " + n + " shares and a threshold of " + threshold + ".");
      out.println("This is the only time the shares and the root token are shown. Hand each share to its holder;");
      out.println("every node starts sealed and needs " + threshold + " of them: strongroom operator unseal --node HOST:PORT.");
      out.println("Use the root token for setup only, then revoke it.");
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "unseal",
      sortOptions = false,
      description = {
        "Submit one unseal share to a node. Without SHARE the share is read at a prompt without echo;"
            + " '-' reads one line from standard input. Prints the node's progress, or 'unsealed'.",
        "Seal state is per node: run this against each node (--node) until it is unsealed."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom operator unseal --node node1:7200           # prompts",
        "  strongroom operator unseal --node node1:7200 - < share.txt",
        "  strongroom operator unseal --reset --node node1:7200   # start over"
      })
  static final class Unseal implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE",
        description = "The share text, or - for standard input. Omit it to be prompted (safer: stays out of shell history).")
    String share;

    @Option(names = "--reset", description = "Discard the shares submitted so far on this node and start over.")
    boolean reset;

    @Option(names = "--node", paramLabel = "HOST:PORT", description = "The node to unseal (default: the one the client reaches first).")
    String node;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      if (reset && share != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give either SHARE or --reset, not both");
      }
      CliContext ctx = Cli.context(spec);
      String text = reset ? null : readShare(ctx);
      UnsealProgress p;
      try (StrongroomClient client = connection.connect(ctx, Optional.ofNullable(node))) {
        Sys sys = node == null ? client.sys() : client.sys().node(node);
        p = reset ? sys.unsealReset() : sys.unseal(text);
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("sealed", p.sealed());
        o.put("threshold", p.threshold());
        o.put("shares", p.shares());
        o.put("progress", p.progress());
        o.put("nonce", p.nonce());
        Output.json(out, o);
      } else if (!p.sealed()) {
        out.println("unsealed");
        out.flush();
      } else {
        Output.Table.keyValue()
            .row("sealed", true)
            .row("threshold", p.threshold())
            .row("shares", p.shares())
            .row("progress", p.progress() + "/" + p.threshold())
            .row("nonce", p.nonce())
            .print(out);
      }
      return 0;
    }

    private String readShare(CliContext ctx) {
      return Input.share(ctx, share, "unseal share");
    }
  }

  @Command(
      name = "seal",
      sortOptions = false,
      description = "Seal a node: it forgets the root key and refuses every data operation until unsealed again."
          + " Seal state is per node.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator seal --node node2:7200"})
  static final class Seal implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Option(names = "--node", paramLabel = "HOST:PORT", description = "The node to seal (default: the leader).")
    String node;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec), Optional.ofNullable(node))) {
        (node == null ? client.sys() : client.sys().node(node)).seal();
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("sealed", true);
        o.put("node", node);
        Output.json(out, o);
      } else {
        out.println("sealed" + (node == null ? "" : " " + node));
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "rotate",
      sortOptions = false,
      description = "Start a new data key term: new writes are encrypted with a fresh key; existing data stays readable.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator rotate"})
  static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        client.sys().rotate();
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("rotated", true);
        Output.json(out, o);
      } else {
        out.println("rotated: new writes use a new data key term");
        out.flush();
      }
      return 0;
    }
  }
}
