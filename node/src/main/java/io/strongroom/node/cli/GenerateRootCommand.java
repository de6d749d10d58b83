package io.strongroom.node.cli;

import io.strongroom.client.EncodedRootToken;
import io.strongroom.client.GenerateRootProgress;
import io.strongroom.client.GenerateRootResult;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.Sys;
import io.strongroom.crypto.HolderPrivateKeys;
import io.strongroom.unseal.RootTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * {@code strongroom operator generate-root}: mint a root token with a quorum of unseal shares. One
 * command, one step: {@code --generate-otp} (offline), {@code --init}, submit a share (the
 * default), {@code --status}, {@code --cancel}, {@code --decode} (offline).
 */
@Command(
    name = "generate-root",
    sortOptions = false,
    description = {
      "Mint a new root token with a quorum of unseal shares. Needs no token: the shares are the authorization.",
      "The requester makes a one-time pad (--generate-otp) or uses a holder key pair, and starts the ceremony"
          + " with --init --otp OTP or --init --holder-key PUB. Holders then submit shares with the nonce --init"
          + " printed. The token leaves the node only encrypted for the requester: --decode turns it into the"
          + " root token, offline, with the pad (--otp) or the private key file (--key).",
      "Progress is kept in the memory of one node: send every step to the same node (--node)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator generate-root --generate-otp > otp.txt",
      "  strongroom operator generate-root --node node1:7200 --init --otp - < otp.txt",
      "  strongroom operator generate-root --node node1:7200 --nonce NONCE     # prompts for a share",
      "  strongroom operator generate-root --decode ENCODED --otp - < otp.txt",
      "  strongroom operator generate-root --node node1:7200 --init --holder-key alice.pub",
      "  strongroom operator generate-root --decode ENCODED --key alice.key",
      "  strongroom operator generate-root --node node1:7200 --status"
    })
final class GenerateRootCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE",
      description = "An unseal share to submit, or - for standard input. Omit it to be prompted (safer: stays out of shell history).")
  String share;

  @Option(names = "--generate-otp", description = "Print a new one-time pad for --init --otp, offline. Keep it secret.")
  boolean generateOtp;

  @Option(names = "--init", description = "Start the ceremony; the token will be encrypted with --otp or sealed to --holder-key.")
  boolean init;

  @Option(names = "--otp", paramLabel = "OTP",
      description = "The one-time pad (from --generate-otp), with --init or --decode; - reads it from standard input.")
  String otp;

  @Option(names = "--holder-key", paramLabel = "PUB", description = "With --init: seal the token to this public key file instead of a pad.")
  Path holderKey;

  @Option(names = "--nonce", paramLabel = "NONCE", description = "The ceremony's nonce (printed by --init and --status), to submit SHARE.")
  String nonce;

  @Option(names = "--status", description = "Show the progress of the ceremony on the node.")
  boolean status;

  @Option(names = "--cancel", description = "Cancel the ceremony on the node.")
  boolean cancel;

  @Option(names = "--decode", paramLabel = "ENCODED", description = "The encoded root token to decode, offline, or - for standard input.")
  String encoded;

  @Option(names = "--key", paramLabel = "KEYFILE", description = "With --decode: your key file, when the token was sealed to your public key.")
  Path key;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the key file's passphrase from the first line of FILE.")
  Path passphraseFile;

  @Option(names = "--node", paramLabel = "HOST:PORT",
      description = "The node that runs the ceremony; every step must go to the same one (default: the first address).")
  String node;

  @Mixin Output.FormatOption format;
  @Mixin ClientOptions connection;

  @Override
  public Integer call() {
    int modes = (generateOtp ? 1 : 0) + (init ? 1 : 0) + (status ? 1 : 0) + (cancel ? 1 : 0) + (encoded != null ? 1 : 0);
    if (modes > 1) {
      throw usage("give at most one of --generate-otp, --init, --status, --cancel and --decode");
    }
    boolean submitting = modes == 0;
    if ((key != null || passphraseFile != null) && encoded == null) {
      throw usage("--key and --passphrase-file go with --decode");
    }
    if (holderKey != null && !init) {
      throw usage("--holder-key goes with --init");
    }
    if (otp != null && !init && encoded == null) {
      throw usage("--otp goes with --init or --decode");
    }
    if (share != null && !submitting) {
      throw usage("SHARE goes only with a submission (--nonce NONCE)");
    }
    if (nonce != null && !submitting) {
      throw usage("--nonce goes only with a submission");
    }
    if (generateOtp) {
      return printOtp();
    }
    if (encoded != null) {
      return decode();
    }
    if (init && (otp == null) == (holderKey == null)) {
      throw usage("--init needs exactly one of --otp OTP (see --generate-otp) or --holder-key PUB");
    }
    if (submitting && (nonce == null || nonce.isBlank())) {
      throw usage("pass --nonce NONCE (printed by --init and --status) with the share, or start with --init");
    }
    CliContext ctx = Cli.context(spec);
    String pad = init && otp != null ? ("-".equals(otp) ? Input.stdinLine(ctx, "one-time pad").strip() : otp.strip()) : null;
    byte[] recipient = init && holderKey != null ? HolderKeyFiles.wire(HolderKeyFiles.readPublic(holderKey)) : null;
    String text = submitting ? Input.share(ctx, share, "unseal share") : null;
    GenerateRootResult result;
    try (StrongroomClient client = connection.connect(ctx, Optional.ofNullable(node))) {
      Sys sys = node == null ? client.sys() : client.sys().node(node);
      if (init) {
        result = pad != null ? sys.generateRootStart(pad) : sys.generateRootStartSealed(recipient);
      } else if (status) {
        result = sys.generateRootStatus();
      } else if (cancel) {
        sys.generateRootCancel();
        result = null;
      } else {
        result = sys.generateRootSubmit(nonce.strip(), text);
      }
    }
    PrintWriter out = Cli.out(spec);
    if (result == null) {
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("cancelled", true);
        Output.json(out, o);
      } else {
        out.println("root token generation cancelled");
        out.flush();
      }
    } else if (result instanceof GenerateRootProgress p) {
      printProgress(out, p);
    } else {
      printToken(out, (EncodedRootToken) result);
    }
    return 0;
  }

  private int printOtp() {
    String pad = RootTokens.newOtp(new SecureRandom());
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("otp", pad);
      Output.json(out, o);
    } else {
      out.println(pad);
      out.flush();
    }
    return 0;
  }

  private void printProgress(PrintWriter out, GenerateRootProgress p) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("in_progress", p.inProgress());
      if (p.inProgress()) {
        o.put("nonce", p.nonce());
        o.put("progress", p.progress());
        o.put("threshold", p.threshold());
        o.put("shares", p.shares());
      }
      Output.json(out, o);
      return;
    }
    if (!p.inProgress()) {
      out.println("no root token generation in progress on this node");
      out.flush();
      return;
    }
    Output.Table.keyValue()
        .row("nonce", p.nonce())
        .row("progress", p.progress() + "/" + p.threshold())
        .row("shares", p.shares())
        .print(out);
  }

  private void printToken(PrintWriter out, EncodedRootToken t) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("encoded_token", t.encodedToken());
      o.put("protection", t.protection());
      Output.json(out, o);
      return;
    }
    out.println("Encoded root token: " + t.encodedToken());
    out.println();
    out.println("Only the requester can decode it, offline:");
    out.println("  strongroom operator generate-root --decode " + t.encodedToken()
        + ("otp".equals(t.protection()) ? " --otp OTP" : " --key KEYFILE"));
    out.flush();
  }

  private int decode() {
    if ((otp == null) == (key == null)) {
      throw usage("--decode needs exactly one of --otp or --key");
    }
    if ("-".equals(encoded) && "-".equals(otp)) {
      throw usage("only one of --decode and --otp can read standard input");
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

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
