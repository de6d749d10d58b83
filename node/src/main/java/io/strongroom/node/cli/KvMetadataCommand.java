package io.strongroom.node.cli;

import io.strongroom.client.MetadataUpdate;
import io.strongroom.client.SecretMetadata;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.VersionInfo;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom kv metadata}: the settings and version history of a secret path (no values). */
@Command(
    name = "metadata",
    description = "Read and change a secret path's settings and version history (never its values).",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom kv metadata get app/db",
      "  strongroom kv metadata put --max-versions 5 --cas-required true app/db"
    },
    subcommands = {KvMetadataCommand.Get.class, KvMetadataCommand.Put.class, KvMetadataCommand.Delete.class})
final class KvMetadataCommand {
  @Mixin HelpOption help;

  @Command(
      name = "get",
      sortOptions = false,
      description = "Print the metadata of PATH: current and oldest version, settings, custom metadata and each version's state.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv metadata get app/db", "  strongroom kv metadata get --format json app/db"})
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      SecretMetadata m;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        m = Cli.orNoSecret(path, () -> client.kv().metadata(path)).orElseThrow(() -> Cli.noSecret(path));
      }
      PrintWriter out = Cli.out(spec);
      Map<String, String> custom = new TreeMap<>(m.customMetadata());
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("path", m.path());
        o.put("current_version", m.currentVersion());
        o.put("oldest_version", m.oldestVersion());
        o.put("max_versions", m.maxVersions());
        o.put("cas_required", m.casRequired());
        o.put("delete_version_after", Durations.format(m.deleteVersionAfter()));
        o.put("created_time", Output.time(m.created()));
        o.put("updated_time", Output.time(m.updated()));
        o.put("custom_metadata", custom);
        List<Object> versions = new ArrayList<>();
        m.versions().forEach(v -> versions.add(KvCommand.versionJson(v)));
        o.put("versions", versions);
        Output.json(out, o);
        return 0;
      }
      Output.Table t = Output.Table.keyValue()
          .row("path", m.path())
          .row("current_version", m.currentVersion())
          .row("oldest_version", m.oldestVersion())
          .row("max_versions", m.maxVersions() == 0 ? "0 (cluster default)" : m.maxVersions())
          .row("cas_required", m.casRequired())
          .row("delete_version_after", m.deleteVersionAfter().isZero() ? "0s (never)" : Durations.format(m.deleteVersionAfter()))
          .row("created_time", Output.time(m.created()))
          .row("updated_time", Output.time(m.updated()));
      custom.forEach((k, v) -> t.row("custom." + k, v));
      t.print(out);
      out.println();
      Output.Table versions = new Output.Table("Version", "Created", "Deleted", "Destroyed");
      for (VersionInfo v : m.versions()) {
        versions.row(v.version(), Output.time(v.created()), v.deleted().map(Output::time).orElse("-"), v.destroyed());
      }
      versions.print(out);
      return 0;
    }
  }

  @Command(
      name = "put",
      sortOptions = false,
      description = "Change the settings of PATH. Settings not given are kept; custom metadata is merged unless --replace-custom.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom kv metadata put --max-versions 5 app/db",
        "  strongroom kv metadata put --cas-required true --delete-version-after 30d app/db",
        "  strongroom kv metadata put --custom owner=team-a --custom ticket=SEC-42 app/db"
      })
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Option(names = "--max-versions", paramLabel = "N", description = "Keep at most N versions (0: the cluster's default).")
    Integer maxVersions;

    @Option(names = "--cas-required", paramLabel = "true|false", arity = "1",
        description = "Whether every write to PATH must name the expected version with --cas.")
    Boolean casRequired;

    @Option(names = "--delete-version-after", paramLabel = "DURATION", converter = Durations.Converter.class,
        description = "Soft-delete each version this long after it is written, e.g. 1h, 30d (0: never).")
    Duration deleteVersionAfter;

    @Option(names = "--custom", paramLabel = "KEY=VALUE",
        description = "Custom metadata (not secret: shown by metadata get); repeatable.")
    Map<String, String> custom = new LinkedHashMap<>();

    @Option(names = "--replace-custom", description = "Replace all custom metadata with the --custom pairs given (none: clear it).")
    boolean replaceCustom;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      if (maxVersions == null && casRequired == null && deleteVersionAfter == null && custom.isEmpty() && !replaceCustom) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "nothing to change: give --max-versions, --cas-required, --delete-version-after, --custom or --replace-custom");
      }
      if (maxVersions != null && maxVersions < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--max-versions must be >= 0, was " + maxVersions);
      }
      MetadataUpdate update = MetadataUpdate.none();
      if (maxVersions != null) {
        update = update.withMaxVersions(maxVersions);
      }
      if (casRequired != null) {
        update = update.withCasRequired(casRequired);
      }
      if (deleteVersionAfter != null) {
        update = update.withDeleteVersionAfter(deleteVersionAfter);
      }
      if (!custom.isEmpty() || replaceCustom) {
        update = update.withCustomMetadata(custom, replaceCustom);
      }
      MetadataUpdate u = update;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        Cli.orNoSecret(path, () -> client.kv().putMetadata(path, u));
      }
      KvCommand.printDone(Cli.out(spec), format, path, "metadata updated", List.of(), "Success: updated the metadata of " + path);
      return 0;
    }
  }

  @Command(
      name = "delete",
      sortOptions = false,
      description = "Delete PATH for good: every version, its data and its metadata. This cannot be undone.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv metadata delete app/old"})
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        Cli.orNoSecret(path, () -> client.kv().deleteMetadata(path));
      }
      KvCommand.printDone(Cli.out(spec), format, path, "metadata deleted", List.of(), "Success: deleted " + path + " with all its versions and metadata");
      return 0;
    }
  }
}
