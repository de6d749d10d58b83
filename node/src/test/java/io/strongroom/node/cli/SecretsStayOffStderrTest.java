package io.strongroom.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strongroom.protocol.v1.ErrorCode;
import io.strongroom.protocol.v1.Request.OpCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret the CLI sends (token, value, share) appears on standard error, whatever the node
 * answers: a table of commands times every error code.
 */
class SecretsStayOffStderrTest {
  static final String TOKEN = "sr.TOKEN-SECRET-7f3a";
  static final String VALUE_ARG = "VALUE-SECRET-ARG-19";
  static final String VALUE_STDIN = "VALUE-SECRET-STDIN-42";
  static final String VALUE_FILE = "VALUE-SECRET-FILE-77";
  static final String SHARE = "srs1-SHARE-SECRET-5150";

  @TempDir Path dir;

  @Test
  void noSecretOnStderrForAnyErrorOfAnyCommand() throws IOException {
    Path file = dir.resolve("v.txt");
    Files.writeString(file, VALUE_FILE);
    List<String[]> commands = List.of(
        new String[] {"kv", "put", "app/db", "a=" + VALUE_ARG, "b=-", "c=@" + file},
        new String[] {"kv", "patch", "app/db", "a=" + VALUE_ARG, "b=-"},
        new String[] {"kv", "get", "app/db"},
        new String[] {"kv", "get", "--field", "a", "app/db"},
        new String[] {"operator", "unseal", SHARE},
        new String[] {"operator", "unseal", "-"},
        new String[] {"operator", "init", "--key-shares", "1", "--key-threshold", "1"},
        new String[] {"status"});
    List<String> secrets = List.of(TOKEN, VALUE_ARG, VALUE_STDIN, VALUE_FILE, SHARE);
    try (ScriptedNode node = ScriptedNode.start()) {
      for (ErrorCode code : ErrorCode.values()) {
        if (code == ErrorCode.UNRECOGNIZED || code == ErrorCode.ERROR_CODE_UNSPECIFIED
            || code == ErrorCode.UNAVAILABLE || code == ErrorCode.NOT_LEADER) {
          continue; // retried by the client until the deadline; covered by the unavailable tests
        }
        for (OpCase op : OpCase.values()) {
          node.answer(op, ScriptedNode.error(code, "refused: " + code));
        }
        for (String[] command : commands) {
          String stdin = command.length > 1 && command[1].equals("unseal") ? SHARE + "\n" : VALUE_STDIN + "\n";
          CliRunner.Result r = new CliRunner().env("STRONGROOM_ADDR", node.address()).env("STRONGROOM_TOKEN", TOKEN).stdin(stdin).run(command);
          assertThat(r.exit()).as(String.join(" ", command) + " with " + code).isEqualTo(1);
          assertThat(r.err()).as(String.join(" ", command) + " with " + code).matches("error: [A-Z_]+: [^\\n]*\\R");
          for (String s : secrets) {
            assertThat(r.err()).as(String.join(" ", command) + " with " + code).doesNotContain(s);
          }
        }
      }
    }
  }
}
