package io.strongroom.node.cli;

import io.strongroom.access.breakglass.BreakGlassRequest;
import io.strongroom.access.breakglass.SealedToken;
import io.strongroom.access.breakglass.TokenSeal;
import io.strongroom.access.token.Token;
import io.strongroom.client.BreakGlassInfo;
import io.strongroom.client.StrongroomClient;
import io.strongroom.crypto.Approval;
import io.strongroom.crypto.ApprovalMessage;
import io.strongroom.crypto.Bytes;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.HolderPublicKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom break-glass ...}: quorum-approved emergency access. */
@Command(
    name = "break-glass",
    description = {
      "Quorum-approved emergency access. Anyone may request a token (policies, a TTL of at most an hour, a reason,",
      "and the public key it will be sealed to); the key holders registered at init approve it by signing with",
      "their holder keys; the k-th approval makes the cluster issue a non-renewable token that only the requester",
      "can open. Every step is audited. No token is needed."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nThe flow:%n",
    footer = {
      "  strongroom operator keygen --name oncall                    # the requester's key pair",
      "  strongroom break-glass request --policy app-admin --ttl 15m --reason 'INC-123 db down' --requester-key oncall.pub",
      "  strongroom break-glass approve bg-... --key alice.key        # k holders, each on their own machine",
      "  strongroom break-glass claim bg-... --key oncall.key         # prints the token"
    },
    subcommands = {BreakGlassCommand.Request.class, BreakGlassCommand.Approve.class, BreakGlassCommand.Status.class, BreakGlassCommand.Claim.class})
final class BreakGlassCommand {
  @Mixin HelpOption help;

  static void print(CommandSpec spec, Output.FormatOption format, BreakGlassInfo s) {
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("id", s.id());
      o.put("policies", s.policies());
      o.put("ttl_ms", s.ttlMs());
      o.put("reason", s.reason());
      o.put("approvals", s.approvals());
      o.put("threshold", s.threshold());
      o.put("approvers", s.approvers());
      o.put("approvals_expire_at", Output.time(Instant.ofEpochMilli(s.approvalsExpireAtMs())));
      o.put("issued", s.issued());
      Output.json(out, o);
      return;
    }
    Output.Table t = Output.Table.keyValue();
    t.row("id", s.id());
    t.row("policies", String.join(", ", s.policies()));
    t.row("ttl", Durations.format(Duration.ofMillis(s.ttlMs())));
    t.row("reason", s.reason());
    t.row("approvals", s.approvals() + " of " + s.threshold() + (s.approvers().isEmpty() ? "" : " (" + String.join(", ", s.approvers()) + ")"));
    t.row("approvals close", Output.time(Instant.ofEpochMilli(s.approvalsExpireAtMs())));
    t.row("issued", s.issued() ? "yes: the requester runs break-glass claim" : "no");
    t.print(out);
  }

  @Command(name = "request", sortOptions = false, description = "Ask for emergency access; prints the request id to hand to the key holders.")
  static final class Request implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Option(names = "--policy", required = true, paramLabel = "NAME", description = "A policy the token gets (repeat).")
    List<String> policies = new ArrayList<>();

    @Option(names = "--ttl", required = true, paramLabel = "DURATION", converter = Durations.Converter.class, description = "The token's lifetime, at most 1h.")
    Duration ttl;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why: the holders read it, the audit log keeps it.")
    String reason;

    @Option(names = "--requester-key", required = true, paramLabel = "KEY.pub", description = "Your public key file (from operator keygen).")
    Path requesterKey;

    @Override
    public Integer call() {
      HolderPublicKeys keys = HolderKeyFiles.readPublic(requesterKey);
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        print(spec, format, client.breakGlass().open(policies, ttl, reason, HolderKeyFiles.wire(keys)));
      }
      return 0;
    }
  }

  @Command(name = "approve", sortOptions = false,
      description = "Approve request ID with your holder key: shows what you approve, signs it, and submits the signature.")
  static final class Approve implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "Your holder key file (NAME.key from operator keygen).")
    Path keyFile;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the key file's passphrase from the first line of FILE.")
    Path passphraseFile;

    @Override
    public Integer call() {
      CliContext ctx = Cli.context(spec);
      try (StrongroomClient client = connection.connect(ctx)) {
        BreakGlassInfo status = client.breakGlass().status(id);
        HolderPrivateKeys keys = HolderKeyFiles.open(ctx, keyFile, passphraseFile);
        try {
          byte[] mine = HolderKeyFiles.wire(keys.publicKeys());
          String holder = status.holders().entrySet().stream().filter(e -> Arrays.equals(e.getValue(), mine))
              .map(Map.Entry::getKey).findFirst()
              .orElseThrow(() -> CliException.invalid(keyFile + " is not one of this cluster's key holders"));
          ApprovalMessage message = ApprovalMessage.decode(Bytes.of(status.approvalMessage()));
          Approval approval = Approval.sign(holder, message, keys);
          print(spec, format, client.breakGlass().approve(id, approval.toBytes().toByteArray()));
        } finally {
          keys.destroy();
        }
      }
      return 0;
    }
  }

  @Command(name = "status", sortOptions = false, description = "Show request ID: what it asks for, who approved, whether the token was issued.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        print(spec, format, client.breakGlass().status(id));
      }
      return 0;
    }
  }

  @Command(name = "claim", sortOptions = false, description = "Open the issued token of request ID with your private key and print it.")
  static final class Claim implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "The requester's key file (the .key of --requester-key).")
    Path keyFile;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the key file's passphrase from the first line of FILE.")
    Path passphraseFile;

    @Override
    public Integer call() {
      CliContext ctx = Cli.context(spec);
      BreakGlassInfo status;
      try (StrongroomClient client = connection.connect(ctx)) {
        status = client.breakGlass().status(id);
      }
      byte[] sealed = status.sealedToken().orElseThrow(() -> CliException.invalid("request " + id + " has " + status.approvals()
          + " of " + status.threshold() + " approvals; no token was issued yet"));
      HolderPrivateKeys keys = HolderKeyFiles.open(ctx, keyFile, passphraseFile);
      Token token;
      try {
        token = TokenSeal.open(new SealedToken(Bytes.of(sealed)), BreakGlassRequest.fromBytes(Bytes.of(status.request())), keys);
      } finally {
        keys.destroy();
      }
      PrintWriter out = Cli.out(spec);
      try {
        if (format.json()) {
          Map<String, Object> o = Output.object();
          o.put("token", token.text());
          o.put("policies", status.policies());
          o.put("ttl_ms", status.ttlMs());
          Output.json(out, o);
        } else {
          out.println(token.text());
          out.flush();
        }
      } finally {
        token.destroy();
      }
      return 0;
    }
  }
}
