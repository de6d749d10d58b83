package io.strongroom.node.cli;

import io.strongroom.client.StrongroomClient;
import io.strongroom.client.TokenInfo;
import io.strongroom.client.TokenSpec;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom token ...}: create, look up, renew and revoke tokens. */
@Command(
    name = "token",
    description = {
      "Create, look up, renew and revoke tokens. Tokens are stored only as hashes; an accessor names a token",
      "for lookup, renewal and revocation without holding it. Revoking a token revokes every token it created."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom token create --policy app-read --ttl 1h --format json",
      "  strongroom token lookup                       # the token in STRONGROOM_TOKEN",
      "  strongroom token revoke ac.X5cN..."
    },
    subcommands = {TokenCommand.Create.class, TokenCommand.Lookup.class, TokenCommand.Renew.class, TokenCommand.Revoke.class})
final class TokenCommand {
  @Mixin HelpOption help;

  static void print(CommandSpec spec, Output.FormatOption format, TokenInfo t) {
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      t.token().ifPresent(v -> o.put("token", v));
      o.put("accessor", t.accessor());
      o.put("policies", t.policies());
      o.put("kind", t.kind());
      o.put("issued_at", Output.time(Instant.ofEpochMilli(t.issuedAtMs())));
      o.put("expires_at", t.expiresAtMs().map(ms -> Output.time(Instant.ofEpochMilli(ms))).orElse(null));
      o.put("max_expires_at", t.maxExpiresAtMs().map(ms -> Output.time(Instant.ofEpochMilli(ms))).orElse(null));
      o.put("renewable", t.renewable());
      o.put("num_uses", t.numUses());
      o.put("uses_remaining", t.usesRemaining());
      o.put("parent_accessor", t.parentAccessor().orElse(null));
      if (t.revoked() > 0) {
        o.put("revoked", t.revoked());
      }
      Output.json(out, o);
      return;
    }
    Output.Table table = Output.Table.keyValue();
    t.token().ifPresent(v -> table.row("token", v));
    table.row("accessor", t.accessor());
    table.row("policies", String.join(", ", t.policies()));
    table.row("kind", t.kind());
    table.row("expires", t.expiresAtMs().map(ms -> Output.time(Instant.ofEpochMilli(ms))).orElse("never"));
    table.row("renewable", t.renewable());
    if (t.numUses() > 0) {
      table.row("uses remaining", t.usesRemaining() + " of " + t.numUses());
    }
    t.parentAccessor().ifPresent(p -> table.row("parent", p));
    if (t.revoked() > 0) {
      table.row("revoked", t.revoked() + " token(s), descendants included");
    }
    table.print(out);
  }

  @Command(name = "create", sortOptions = false,
      description = "Create a child of the calling token. Its text is printed once: store it in a secret manager, not a file.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom token create --policy app-read --policy app-write --ttl 8h --renewable --format json"})
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Option(names = "--policy", paramLabel = "NAME", description = "A policy to attach (repeat; default: the caller's).")
    List<String> policies = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.Converter.class, description = "Lifetime before renewal (default: 24h).")
    Duration ttl = Duration.ZERO;

    @Option(names = "--explicit-max-ttl", paramLabel = "DURATION", converter = Durations.Converter.class, description = "A limit no renewal passes.")
    Duration explicitMaxTtl = Duration.ZERO;

    @Option(names = "--renewable", description = "Allow renewal.")
    boolean renewable;

    @Option(names = "--uses", paramLabel = "N", description = "How many requests it may make (default: unlimited).")
    int uses;

    @Option(names = "--orphan", description = "No parent: survives the caller's revocation (needs sudo on auth/token/create).")
    boolean orphan;

    @Option(names = "--display-name", paramLabel = "TEXT", description = "A label for people.")
    String displayName = "";

    @Override
    public Integer call() {
      TokenSpec s = TokenSpec.withPolicies(policies.toArray(String[]::new)).ttl(ttl).explicitMaxTtl(explicitMaxTtl)
          .renewable(renewable).numUses(uses).orphan(orphan).displayName(displayName);
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        print(spec, format, client.tokens().create(s));
      }
      return 0;
    }
  }

  /** The commands that act on one token, named by accessor or, without one, the caller's. */
  abstract static class OnToken implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACCESSOR", description = "The token's accessor (default: the calling token).")
    String accessor = "";

    abstract TokenInfo run(StrongroomClient client);

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        print(spec, format, run(client));
      }
      return 0;
    }
  }

  @Command(name = "lookup", sortOptions = false, description = "Show a token's record: the calling token's, or ACCESSOR's.")
  static final class Lookup extends OnToken {
    @Override
    TokenInfo run(StrongroomClient client) {
      return client.tokens().lookup(accessor);
    }
  }

  @Command(name = "renew", sortOptions = false, description = "Extend a renewable token (never past its maximum).")
  static final class Renew extends OnToken {
    @Option(names = "--increment", paramLabel = "DURATION", converter = Durations.Converter.class, description = "How far from now (default: its TTL).")
    Duration increment = Duration.ZERO;

    @Override
    TokenInfo run(StrongroomClient client) {
      return client.tokens().renew(accessor, increment);
    }
  }

  @Command(name = "revoke", sortOptions = false, description = "Revoke a token and every token it created, at once on every node.")
  static final class Revoke extends OnToken {
    @Override
    TokenInfo run(StrongroomClient client) {
      return client.tokens().revoke(accessor);
    }
  }
}
