package io.strongroom.node.cli;

import io.strongroom.client.RekeyProgress;
import io.strongroom.client.RekeyResult;
import io.strongroom.client.RekeyShares;
import io.strongroom.client.StrongroomClient;
import io.strongroom.client.Sys;
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
 * {@code strongroom operator rekey}: replace the unseal shares, authorized by a quorum of the
 * current ones. One command, one step: start ({@code --init}), submit a current share (the
 * default), hand a new share back ({@code --verify-share}), {@code --status}, {@code --cancel}.
 */
@Command(
    name = "rekey",
    sortOptions = false,
    description = {
      "Replace the unseal shares (new count, threshold or holders) with a quorum of the current ones."
          + " Needs no token: the shares are the authorization.",
      "Start with --init, then each holder submits a current share with the nonce it printed. At the"
          + " threshold the new shares are printed, this one time only. With --verify they take effect"
          + " only once a threshold of them is handed back with --verify-share; until then the old shares"
          + " stay valid. When the new key takes effect, the other nodes seal themselves: unseal each with"
          + " the new shares.",
      "Progress is kept in the memory of one node: send every step of a rekey to the same node (--node)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator rekey --node node1:7200 --init --key-shares 5 --key-threshold 3",
      "  strongroom operator rekey --node node1:7200 --nonce NONCE            # prompts for a share",
      "  strongroom operator rekey --node node1:7200 --nonce NONCE - < share.txt",
      "  strongroom operator rekey --node node1:7200 --init --key-shares 3 --key-threshold 2 --verify \\",
      "      --holder-keys alice.pub,bob.pub,carol.pub",
      "  strongroom operator rekey --node node1:7200 --verify-share --nonce VERIFY_NONCE",
      "  strongroom operator rekey --node node1:7200 --status",
      "  strongroom operator rekey --node node1:7200 --cancel"
    })
final class RekeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SHARE",
      description = "A current unseal share (with --verify-share: a new one), or - for standard input."
          + " Omit it to be prompted (safer: stays out of shell history).")
  String share;

  @Option(names = "--init", description = "Start a rekey to --key-shares new shares with threshold --key-threshold.")
  boolean init;

  @Option(names = "--key-shares", paramLabel = "N",
      description = "With --init: how many new shares to make (default: 5, or one per --holder-keys file).")
  Integer shares;

  @Option(names = "--key-threshold", paramLabel = "K", description = "With --init: how many new shares unseal a node (default: 3).")
  Integer threshold;

  @Option(names = "--holder-keys", paramLabel = "PUB", split = ",",
      description = "With --init: holders' public key files, comma-separated, one per new share in order;"
          + " each new share is then sealed to its holder.")
  List<Path> holderKeys = new ArrayList<>();

  @Option(names = "--verify",
      description = "With --init: the new shares take effect only once a threshold of them is handed back (--verify-share).")
  boolean requireVerification;

  @Option(names = "--nonce", paramLabel = "NONCE",
      description = "The rekey's nonce (printed by --init and --status); with --verify-share the verification nonce.")
  String nonce;

  @Option(names = "--verify-share", description = "SHARE is one of the NEW shares, handed back to prove its holder has it.")
  boolean verifyShare;

  @Option(names = "--status", description = "Show the progress of the rekey on the node.")
  boolean status;

  @Option(names = "--cancel", description = "Cancel the rekey: the current shares stay valid, new shares it issued are void.")
  boolean cancel;

  @Option(names = "--node", paramLabel = "HOST:PORT",
      description = "The node that runs the ceremony; every step must go to the same one (default: the first address).")
  String node;

  @Mixin Output.FormatOption format;
  @Mixin ClientOptions connection;

  @Override
  public Integer call() {
    int modes = (init ? 1 : 0) + (verifyShare ? 1 : 0) + (status ? 1 : 0) + (cancel ? 1 : 0);
    if (modes > 1) {
      throw usage("give at most one of --init, --verify-share, --status and --cancel");
    }
    boolean submitting = modes == 0 || verifyShare;
    if (!init && (shares != null || threshold != null || !holderKeys.isEmpty() || requireVerification)) {
      throw usage("--key-shares, --key-threshold, --holder-keys and --verify go with --init");
    }
    if (!submitting && share != null) {
      throw usage("SHARE goes only with a submission (no --init, --status or --cancel)");
    }
    if (!submitting && nonce != null) {
      throw usage("--nonce goes only with a submission or --verify-share");
    }
    if (submitting && (nonce == null || nonce.isBlank())) {
      throw usage("pass --nonce NONCE: " + (verifyShare ? "the verification nonce printed with the new shares"
          : "the nonce printed by --init (and by --status)"));
    }
    List<byte[]> keys = new ArrayList<>();
    int n = 0;
    int k = 0;
    if (init) {
      n = shares != null ? shares : holderKeys.isEmpty() ? 5 : holderKeys.size();
      k = threshold != null ? threshold : 3;
      if (!holderKeys.isEmpty() && holderKeys.size() != n) {
        throw usage("--holder-keys names " + holderKeys.size() + " files but --key-shares is " + n + ": give one public key per share");
      }
      if (n < 1 || n > 255) {
        throw usage("--key-shares must be in 1..255, was " + n);
      }
      if (k < 1 || k > n) {
        throw usage("--key-threshold must be in 1.." + n + " (the number of shares), was " + k);
      }
      for (Path p : holderKeys) {
        keys.add(HolderKeyFiles.wire(HolderKeyFiles.readPublic(p)));
      }
    }
    CliContext ctx = Cli.context(spec);
    String text = submitting ? Input.share(ctx, share, verifyShare ? "new unseal share" : "unseal share") : null;
    RekeyResult result;
    try (StrongroomClient client = connection.connect(ctx, Optional.ofNullable(node))) {
      Sys sys = node == null ? client.sys() : client.sys().node(node);
      if (init) {
        result = sys.rekeyStart(n, k, keys, requireVerification);
      } else if (status) {
        result = sys.rekeyStatus();
      } else if (cancel) {
        sys.rekeyCancel();
        result = null;
      } else if (verifyShare) {
        result = sys.rekeyVerify(nonce.strip(), text);
      } else {
        result = sys.rekeySubmit(nonce.strip(), text);
      }
    }
    PrintWriter out = Cli.out(spec);
    if (result == null) {
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("cancelled", true);
        Output.json(out, o);
      } else {
        out.println("rekey cancelled: the current shares stay valid");
        out.flush();
      }
    } else if (result instanceof RekeyProgress p) {
      printProgress(out, p);
    } else {
      printShares(out, (RekeyShares) result);
    }
    return 0;
  }

  private void printProgress(PrintWriter out, RekeyProgress p) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("in_progress", p.inProgress());
      if (p.inProgress()) {
        o.put("nonce", p.nonce());
        o.put("phase", p.phase());
        o.put("progress", p.progress());
        o.put("threshold", p.threshold());
        o.put("shares", p.shares());
        o.put("new_shares", p.newShares());
        o.put("new_threshold", p.newThreshold());
        o.put("verification_required", p.verificationRequired());
      }
      Output.json(out, o);
      return;
    }
    if (!p.inProgress()) {
      out.println("no rekey in progress on this node");
      out.flush();
      return;
    }
    Output.Table.keyValue()
        .row("nonce", p.nonce())
        .row("phase", p.phase())
        .row("progress", p.progress() + "/" + p.threshold())
        .row("new_shares", p.newShares())
        .row("new_threshold", p.newThreshold())
        .row("verification_required", p.verificationRequired())
        .print(out);
  }

  private void printShares(PrintWriter out, RekeyShares s) {
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("shares", s.shares());
      o.put("key_set", s.keySetId());
      o.put("verification_pending", s.verificationPending());
      o.put("verification_nonce", s.verificationPending() ? s.verificationNonce() : null);
      o.put("rekeyed", !s.verificationPending());
      Output.json(out, o);
      return;
    }
    for (int i = 0; i < s.shares().size(); i++) {
      out.println("New unseal share " + (i + 1) + ": " + s.shares().get(i));
    }
    if (!s.shares().isEmpty()) {
      out.println();
      out.println("This is the only time the new shares are shown. Hand each one to its holder.");
    }
    if (s.verificationPending()) {
      out.println("The new shares are NOT in effect yet; the old ones stay valid until a threshold of the new ones is");
      out.println("handed back: strongroom operator rekey --verify-share --nonce " + s.verificationNonce()
          + (node == null ? "" : " --node " + node));
    } else {
      out.println("Rekeyed: key set " + s.keySetId() + " is in effect and the old shares no longer work.");
      out.println("The other nodes seal themselves when they learn of it: unseal each with the new shares.");
    }
    out.flush();
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
