package io.strongroom.node.cli;

import io.strongroom.client.Kv;
import io.strongroom.client.Secret;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.VersionInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code strongroom kv}: versioned secrets with KV v2 semantics. Every write makes a new version;
 * old versions can be read, soft-deleted, restored and destroyed.
 *
 * <p>Values given as {@code KEY=@FILE} or {@code KEY=-} are read from a file or standard input, so
 * they stay out of shell history and {@code ps}. Values are printed only by {@code kv get}.
 */
@Command(
    name = "kv",
    description = "Read and write versioned secrets: put, get, patch, delete, undelete, destroy, list, metadata.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  export STRONGROOM_ADDR=node1:7200 STRONGROOM_TOKEN=...",
      "  strongroom kv put app/db user=app password=@pw.txt",
      "  strongroom kv get --field password app/db"
    },
    subcommands = {
      KvCommand.Put.class,
      KvCommand.Get.class,
      KvCommand.Patch.class,
      KvCommand.Delete.class,
      KvCommand.Undelete.class,
      KvCommand.Destroy.class,
      KvCommand.ListKeys.class,
      KvMetadataCommand.class
    })
final class KvCommand {
  @Mixin HelpOption help;

  /** Parses {@code KEY=VALUE} arguments; {@code VALUE} may be {@code @FILE} or {@code -} (stdin). */
  static Map<String, String> keyValues(CommandSpec spec, List<String> args) {
    Map<String, String> out = new LinkedHashMap<>();
    boolean stdinUsed = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        // Never echo the argument: it may be a secret typed without its key.
        throw new CommandLine.ParameterException(spec.commandLine(),
            "data argument " + (i + 1) + " is not KEY=VALUE (it needs a non-empty key, then '=')");
      }
      String key = arg.substring(0, eq);
      String value = arg.substring(eq + 1);
      if (out.containsKey(key)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "key '" + key + "' is given twice");
      }
      if (value.equals("-")) {
        if (stdinUsed) {
          throw new CommandLine.ParameterException(spec.commandLine(),
              "only one value can be read from standard input ('-'); use KEY=@FILE for the others");
        }
        stdinUsed = true;
        value = Input.stdinText(Cli.context(spec), "value of '" + key + "'");
      } else if (value.startsWith("@")) {
        value = Input.fileText(Path.of(value.substring(1)), "value of '" + key + "'");
      }
      out.put(key, value);
    }
    return out;
  }

  static Map<String, Object> versionJson(VersionInfo v) {
    Map<String, Object> o = Output.object();
    o.put("version", v.version());
    o.put("created_time", Output.time(v.created()));
    o.put("deletion_time", v.deleted().map(Output::time).orElse(null));
    o.put("destroyed", v.destroyed());
    return o;
  }

  static void printWritten(PrintWriter out, Output.FormatOption format, String path, VersionInfo v) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("path", path);
      o.put("version", v.version());
      o.put("created_time", Output.time(v.created()));
      Output.json(out, o);
    } else {
      Output.Table.keyValue().row("path", path).row("version", v.version()).row("created_time", Output.time(v.created())).print(out);
    }
  }

  static void printDone(PrintWriter out, Output.FormatOption format, String path, String action, List<Long> versions) {
    printDone(out, format, path, action, versions,
        "Success: " + action + " " + (versions.isEmpty() ? "the current version" : "version(s) " + joined(versions)) + " of " + path);
  }

  static void printDone(
      PrintWriter out, Output.FormatOption format, String path, String action, List<Long> versions, String humanLine) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("path", path);
      o.put("action", action);
      o.put("versions", versions);
      Output.json(out, o);
    } else {
      out.println(humanLine);
      out.flush();
    }
  }

  static long[] checkedVersions(CommandSpec spec, List<Long> versions) {
    long[] out = new long[versions.size()];
    for (int i = 0; i < out.length; i++) {
      long v = versions.get(i);
      if (v < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--versions must be >= 1, was " + v);
      }
      out[i] = v;
    }
    return out;
  }

  private static String joined(List<Long> versions) {
    List<String> s = new ArrayList<>();
    versions.forEach(v -> s.add(String.valueOf(v)));
    return String.join(",", s);
  }

  static Kv kv(StrongroomClient client, Duration stale) {
    return stale == null ? client.kv() : client.kv().staleReads(stale);
  }

  @Command(
      name = "put",
      sortOptions = false,
      description = {
        "Write a new version of the secret at PATH, replacing all its keys.",
        "A VALUE of @FILE reads the file (exact bytes, UTF-8); '-' reads standard input (one trailing"
            + " newline dropped). Use them for real secrets: values typed on the command line stay in shell history."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom kv put app/db user=app password=@pw.txt",
        "  printf %%s \"$PW\" | strongroom kv put app/db password=-",
        "  strongroom kv put --cas 0 app/new k=v     # only if app/new has no version yet"
      })
  static final class Put implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path, e.g. app/db.")
    String path;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY=VALUE",
        description = "The secret's keys and values. VALUE may be @FILE or - (standard input).")
    List<String> pairs;

    @Option(names = "--cas", paramLabel = "N",
        description = "Check-and-set: write only if the current version is N (0: only if there is none yet).")
    Long cas;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      if (cas != null && cas < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--cas must be >= 0, was " + cas);
      }
      Map<String, String> data = keyValues(spec, pairs);
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        VersionInfo v = cas == null ? client.kv().put(path, data) : client.kv().put(path, data, cas);
        printWritten(Cli.out(spec), format, path, v);
      }
      return 0;
    }
  }

  @Command(
      name = "get",
      sortOptions = false,
      description = "Print a version of the secret at PATH (the current one by default): its data and version info.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom kv get app/db",
        "  strongroom kv get --version 2 --format json app/db",
        "  PW=$(strongroom kv get --field password app/db)"
      })
  static final class Get implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Option(names = "--version", paramLabel = "V", description = "Read version V instead of the current one.")
    Long version;

    @Option(names = "--field", paramLabel = "KEY",
        description = "Print only the value of KEY, raw, without a trailing newline (for scripts).")
    String field;

    @Option(names = "--stale", paramLabel = "DURATION", converter = Durations.Converter.class,
        description = "Accept an answer from any node at most DURATION behind the leader (faster; may miss the latest writes).")
    Duration stale;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      if (version != null && version < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--version must be >= 1, was " + version);
      }
      Secret secret;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        Kv kv = kv(client, stale);
        Optional<Secret> found = Cli.orNoSecret(path, () -> version == null ? kv.get(path) : kv.get(path, version));
        secret = found.orElseThrow(() -> version == null
            ? Cli.noSecret(path)
            : new CliException(io.strongroom.protocol.v1.ErrorCode.NOT_FOUND, "no secret at " + path + " version " + version));
      }
      PrintWriter out = Cli.out(spec);
      if (field != null) {
        String value = secret.get(field);
        if (value == null) {
          throw new CliException(io.strongroom.protocol.v1.ErrorCode.NOT_FOUND,
              "no key '" + field + "' in " + path + " version " + secret.version().version());
        }
        out.print(value);
        out.flush();
        return 0;
      }
      Map<String, String> data = new TreeMap<>(secret.data());
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("path", path);
        o.put("data", data);
        o.put("version", versionJson(secret.version()));
        Output.json(out, o);
      } else {
        VersionInfo v = secret.version();
        out.println("== Version ==");
        Output.Table.keyValue()
            .row("version", v.version())
            .row("created_time", Output.time(v.created()))
            .row("deletion_time", v.deleted().map(Output::time).orElse(null))
            .row("destroyed", v.destroyed())
            .print(out);
        out.println();
        out.println("== Data ==");
        Output.Table table = Output.Table.keyValue();
        data.forEach(table::row);
        table.print(out);
      }
      return 0;
    }
  }

  @Command(
      name = "patch",
      sortOptions = false,
      description = {
        "Write a new version of the secret at PATH from its current one, setting the given keys and"
            + " removing those named by --remove; other keys are kept.",
        "A VALUE of @FILE reads the file; '-' reads standard input."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom kv patch app/db password=@new-pw.txt",
        "  strongroom kv patch --remove legacy_key --cas 3 app/db"
      })
  static final class Patch implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE",
        description = "Keys to set. VALUE may be @FILE or - (standard input).")
    List<String> pairs = new ArrayList<>();

    @Option(names = "--remove", paramLabel = "KEY", split = ",", description = "Remove KEY (repeatable, or comma-separated).")
    List<String> remove = new ArrayList<>();

    @Option(names = "--cas", paramLabel = "N", description = "Check-and-set: patch only if the current version is N.")
    Long cas;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      if (pairs.isEmpty() && remove.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "nothing to patch: give KEY=VALUE arguments or --remove KEY");
      }
      if (cas != null && cas < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--cas must be >= 0, was " + cas);
      }
      Map<String, String> set = keyValues(spec, pairs);
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        VersionInfo v = Cli.orNoSecret(path,
            () -> cas == null ? client.kv().patch(path, set, remove) : client.kv().patch(path, set, remove, cas));
        printWritten(Cli.out(spec), format, path, v);
      }
      return 0;
    }
  }

  /** delete, undelete and destroy: a change to some versions of one secret. */
  abstract static class VersionsChange implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
    String path;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    abstract List<Long> versions();

    abstract void change(Kv kv, String path, long[] versions);

    abstract String done();

    @Override
    public Integer call() {
      long[] v = checkedVersions(spec, versions());
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        Cli.orNoSecret(path, () -> change(client.kv(), path, v));
      }
      printDone(Cli.out(spec), format, path, done(), versions());
      return 0;
    }
  }

  @Command(
      name = "delete",
      sortOptions = false,
      description = "Soft-delete versions of the secret at PATH (the current one by default). Deleted versions can be restored with undelete.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv delete app/db", "  strongroom kv delete --versions 1,2 app/db"})
  static final class Delete extends VersionsChange {
    @Option(names = "--versions", paramLabel = "V", split = ",", description = "Versions to delete, comma-separated (default: the current one).")
    List<Long> versions = new ArrayList<>();

    @Override
    List<Long> versions() {
      return versions;
    }

    @Override
    void change(Kv kv, String path, long[] versions) {
      kv.delete(path, versions);
    }

    @Override
    String done() {
      return "deleted";
    }
  }


  @Command(
      name = "undelete",
      sortOptions = false,
      description = "Restore soft-deleted versions of the secret at PATH.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv undelete --versions 3 app/db"})
  static final class Undelete extends VersionsChange {
    @Option(names = "--versions", paramLabel = "V", split = ",", required = true, description = "Versions to restore, comma-separated.")
    List<Long> versions;

    @Override
    List<Long> versions() {
      return versions;
    }

    @Override
    void change(Kv kv, String path, long[] versions) {
      kv.undelete(path, versions);
    }

    @Override
    String done() {
      return "undeleted";
    }
  }


  @Command(
      name = "destroy",
      sortOptions = false,
      description = "Destroy the data of versions of the secret at PATH for good. This cannot be undone.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv destroy --versions 1,2 app/db"})
  static final class Destroy extends VersionsChange {
    @Option(names = "--versions", paramLabel = "V", split = ",", required = true, description = "Versions to destroy, comma-separated.")
    List<Long> versions;

    @Override
    List<Long> versions() {
      return versions;
    }

    @Override
    void change(Kv kv, String path, long[] versions) {
      kv.destroy(path, versions);
    }

    @Override
    String done() {
      return "destroyed";
    }
  }


  @Command(
      name = "list",
      sortOptions = false,
      description = "List the keys directly under PREFIX; folders end with '/'. Prints nothing when there are none.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom kv list app/", "  strongroom kv list --format json app/"})
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "The folder to list, e.g. app/ (default: the top).")
    String prefix = "";

    @Option(names = "--stale", paramLabel = "DURATION", converter = Durations.Converter.class,
        description = "Accept an answer from any node at most DURATION behind the leader.")
    Duration stale;

    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      List<String> keys;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        keys = kv(client, stale).list(prefix);
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("prefix", prefix);
        o.put("keys", keys);
        Output.json(out, o);
      } else if (!keys.isEmpty()) {
        Output.Table table = new Output.Table("Keys");
        keys.forEach(table::row);
        table.print(out);
      }
      return 0;
    }
  }
}
