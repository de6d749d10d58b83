package io.strongroom.node.cli;

import io.strongroom.crypto.DecryptionFailedException;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.crypto.MalformedDataException;
import io.strongroom.unseal.ShareEnvelopes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom operator open-share}: a holder opens the envelope init or rekey sealed to them. */
@Command(
    name = "open-share",
    sortOptions = false,
    description = {
      "Open a share envelope (srse1-...) sealed to your public key and print the share text to submit"
          + " with operator unseal. Offline: nothing is sent anywhere.",
      "Without --passphrase-file the key file's passphrase is asked for at a prompt without echo."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator open-share srse1-AbC... --key alice.key",
      "  strongroom operator open-share - --key alice.key < envelope.txt \\",
      "      | strongroom operator unseal --node node1:7200 -"
    })
final class OpenShareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "ENVELOPE", description = "The share envelope, or - to read it from standard input.")
  String envelope;

  @Option(names = "--key", required = true, paramLabel = "KEYFILE", description = "Your key file (NAME.key from operator keygen).")
  Path key;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the key file's passphrase from the first line of FILE.")
  Path passphraseFile;

  @Mixin Output.FormatOption format;

  @Override
  public Integer call() {
    CliContext ctx = Cli.context(spec);
    String text = envelope.equals("-") ? Input.stdinLine(ctx, "share envelope") : envelope;
    try {
      ShareEnvelopes.decode(text); // check the envelope before asking for a passphrase
    } catch (IllegalArgumentException | MalformedDataException e) {
      throw CliException.invalid("not a share envelope: " + e.getMessage());
    }
    String share;
    HolderPrivateKeys keys = HolderKeyFiles.open(ctx, key, passphraseFile);
    try {
      share = ShareEnvelopes.open(text, keys);
    } catch (DecryptionFailedException e) {
      throw CliException.invalid("cannot open the envelope with " + key + ": it was sealed to another holder's key, or changed");
    } finally {
      keys.destroy();
    }
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("share", share);
      Output.json(out, o);
    } else {
      out.println(share);
      out.flush();
    }
    return 0;
  }
}
