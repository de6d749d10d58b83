package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Every client and operator command teaches: a description, each option, and examples. */
class HelpTest {
  /** The command families this suite covers; server and dev have their own tests. */
  static final List<String> FAMILIES = List.of("status", "kv", "operator", "dev", "server", "bench");

  static Stream<String> commands() {
    List<String> out = new ArrayList<>();
    CommandLine root = Main.commandLine();
    for (String family : FAMILIES) {
      CommandLine sub = root.getSubcommands().get(family);
      out.add(family);
      walk(sub, out);
    }
    return out.stream();
  }

  private static void walk(CommandLine cl, List<String> out) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      Object command = sub.getCommand();
      if (command instanceof CommandLine.HelpCommand || command instanceof VersionCommand) {
        continue;
      }
      String path = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^strongroom ", "");
      if (!out.contains(path)) {
        out.add(path);
      }
      walk(sub, out);
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpDescribesEveryOptionAndGivesExamples(String command) {
    String[] words = command.split(" ");
    String[] args = java.util.Arrays.copyOf(words, words.length + 1);
    args[words.length] = "--help";
    CliRunner.Result r = new CliRunner().run(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("Usage: strongroom " + command).contains("Examples:");

    CommandSpec spec = Main.commandLine().getCommandSpec();
    for (String w : words) {
      spec = spec.subcommands().get(w).getCommandSpec();
    }
    assertThat(spec.usageMessage().description()).as("description of " + command).isNotEmpty();
    // picocli formats these texts: a stray % (a shell example's `date +%F`) makes it print them raw,
    // with a warning on stderr, instead of the text the author meant.
    Stream.of(spec.usageMessage().description(), spec.usageMessage().footer(), spec.usageMessage().header()).flatMap(java.util.Arrays::stream)
        .forEach(text -> assertThatCode(() -> String.format(text)).as(command + ": a format string picocli can render: " + text)
            .doesNotThrowAnyException());
    for (OptionSpec o : spec.options()) {
      assertThat(r.out()).as(command + " --help names " + o.longestName()).contains(o.longestName());
      assertThat(o.description()).as(command + " " + o.longestName() + " is explained").isNotEmpty();
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      assertThat(r.out()).contains(p.paramLabel());
      assertThat(p.description()).as(command + " " + p.paramLabel() + " is explained").isNotEmpty();
    }
  }

  @org.junit.jupiter.api.Test
  void theTreeHasTheCommandsOfTheIssues() {
    assertThat(commands()).contains(
        "status", "kv", "kv put", "kv get", "kv patch", "kv delete", "kv undelete", "kv destroy", "kv list",
        "kv metadata", "kv metadata get", "kv metadata put", "kv metadata delete",
        "operator", "operator keygen", "operator init", "operator unseal", "operator seal", "operator rotate",
        "operator open-share", "operator generate-root", "operator rekey",
        "operator raft", "operator raft list-peers", "operator raft add-peer", "operator raft remove-peer",
        "operator raft transfer-leadership", "operator raft snapshot", "operator raft snapshot take");
  }
}
