package io.strongroom.node.cli;

import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.unseal.RootTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strongroom operator generate-root}: only {@code --decode} works in this build (offline);
 * starting the ceremony arrives with the cluster wiring.
 */
@Command(
    name = "generate-root",
    sortOptions = false,
    description = {
      "Mint a new root token with a quorum of unseal shares. The ceremony itself is not available yet in"
          + " this build (it arrives with the cluster wiring); --decode works now, offline.",
      "--decode turns the encoded token the ceremony hands out into the root token, with the one-time pad"
          + " (--otp) you started it with, or with your key file (--key) if it was sealed to your public key."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator generate-root --decode ENCODED --otp OTP",
      "  strongroom operator generate-root --decode ENCODED --key alice.key"
    })
final class GenerateRootCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--decode", paramLabel = "ENCODED", description = "The encoded root token to decode, or - for standard input.")
  String encoded;

  @Option(names = "--otp", paramLabel = "OTP", description = "The one-time pad the ceremony was started with, or - for standard input.")
  String otp;

  @Option(names = "--key", paramLabel = "KEYFILE", description = "Your key file, when the token was sealed to your public key.")
  Path key;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the key file's passphrase from the first line of FILE.")
  Path passphraseFile;

  @Mixin Output.FormatOption format;

  @Override
  public Integer call() {
    if (encoded == null) {
      spec.commandLine().getErr().println(spec.qualifiedName()
          + ": not available yet in this build (arrives with the cluster wiring); only --decode works, offline");
      return NotYetAvailable.EXIT_NOT_AVAILABLE;
    }
    if ((otp == null) == (key == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--decode needs exactly one of --otp or --key");
    }
    if (passphraseFile != null && key == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--passphrase-file goes with --key");
    }
    if ("-".equals(encoded) && "-".equals(otp)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "only one of --decode and --otp can read standard input");
    }
    CliContext ctx = Cli.context(spec);
    String enc = "-".equals(encoded) ? Input.stdinLine(ctx, "encoded root token").strip() : encoded.strip();
    String token;
    if (otp != null) {
      String pad = "-".equals(otp) ? Input.stdinLine(ctx, "one-time pad").strip() : otp.strip();
      token = RootTokens.decodeOtp(enc, pad);
    } else {
      HolderPrivateKeys keys = HolderKeyFiles.open(ctx, key, passphraseFile);
      try {
        token = RootTokens.openSealed(enc, keys);
      } finally {
        keys.destroy();
      }
    }
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("root_token", token);
      Output.json(out, o);
    } else {
      out.println(token);
      out.flush();
    }
    return 0;
  }
}
