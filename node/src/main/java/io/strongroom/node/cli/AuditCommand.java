package io.strongroom.node.cli;

import io.strongroom.audit.AuditException;
import io.strongroom.audit.AuditJson;
import io.strongroom.audit.AuditPublicKey;
import io.strongroom.audit.AuditVerifier;
import io.strongroom.audit.ProofResult;
import io.strongroom.audit.VerificationResult;
import io.strongroom.client.AuditHead;
import io.strongroom.client.StrongroomClient;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strongroom audit ...}: the replicated, hash-chained audit log. */
@Command(
    name = "audit",
    description = {
      "The replicated, hash-chained audit log: every request and ceremony step, committed through Raft before it is answered.",
      "Entries name paths and tokens only as HMACs; checkpoints are signed with the cluster's Ed25519 audit key.",
      "Format: docs/audit-format.md."
    },
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nAn audit, start to end:%n",
    footer = {
      "  strongroom audit public-key > audit.pub             # once; keep it off the cluster",
      "  strongroom audit export > audit.jsonl",
      "  strongroom audit verify audit.jsonl --public-key \"$(cat audit.pub)\"",
      "  strongroom audit hash secret/app/db                 # then grep the export for it"
    },
    subcommands = {
      AuditCommand.Export.class,
      AuditCommand.Verify.class,
      AuditCommand.Prove.class,
      AuditCommand.Head.class,
      AuditCommand.PublicKey.class,
      AuditCommand.Hash.class
    })
final class AuditCommand {
  /** Exit code of {@code verify} for input it cannot read (1 means: read, and invalid). */
  static final int EXIT_UNUSABLE = 2;

  @Mixin HelpOption help;

  @Command(
      name = "export",
      sortOptions = false,
      description = "Write audit entries and the signed checkpoints among them to stdout as JSON lines.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom audit export > audit.jsonl", "  strongroom audit export --from 1000 --to 2000"})
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Option(names = "--from", paramLabel = "SEQ", description = "First entry (default: ${DEFAULT-VALUE}).", defaultValue = "1")
    long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last entry (default: the head).", defaultValue = "0")
    long to;

    @Override
    public Integer call() throws IOException {
      if (from < 1 || to < 0) {
        throw CliException.invalid("--from must be >= 1 and --to >= 0");
      }
      PrintWriter err = spec.commandLine().getErr();
      OutputStream out = new BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
      long n;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        long started = System.nanoTime();
        n = client.sys().auditExport(from, to, out, last -> {
          if (System.nanoTime() - started > 1_000_000_000L) {
            err.print("\rexported through entry " + last);
            err.flush();
          }
        });
      }
      out.flush();
      err.println("\rexported " + n + " entries");
      err.flush();
      return 0;
    }
  }

  @Command(
      name = "verify",
      sortOptions = false,
      description = {
        "Check an export offline: every hash, every link, every checkpoint's signature and Merkle tree root.",
        "With --trusted-checkpoint (one you kept off the cluster), a truncated or rewritten tail is caught too.",
        "With --inclusion or --consistency, FILE is a proof from 'audit prove' instead.",
        "Exit 0: valid. 1: invalid, the first broken entry and why on stderr. 2: unusable input."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom audit verify audit.jsonl --public-key ed25519:Vt2...=",
        "  strongroom audit verify audit.jsonl --public-key audit.pub --trusted-checkpoint cp.json",
        "  strongroom audit prove 42 > proof.json && strongroom audit verify proof.json --inclusion --public-key audit.pub"
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export (JSON lines), a proof, or - for stdin.")
    String file;

    @Option(names = "--public-key", required = true, paramLabel = "KEY",
        description = "The cluster's audit public key (ed25519:...), or a file holding it.")
    String publicKey;

    @Option(names = "--trusted-checkpoint", paramLabel = "CP", description = "A checkpoint kept off the cluster (JSON), or a file holding it.")
    String trustedCheckpoint;

    @Option(names = "--inclusion", description = "FILE is an inclusion proof.")
    boolean inclusion;

    @Option(names = "--consistency", description = "FILE is a consistency proof between two checkpoints.")
    boolean consistency;

    @Override
    public Integer call() {
      PrintWriter out = Cli.out(spec);
      PrintWriter err = spec.commandLine().getErr();
      AuditVerifier verifier;
      try {
        verifier = AuditVerifier.forKeys(AuditPublicKey.parse(textOrFile(publicKey)));
        if (trustedCheckpoint != null) {
          verifier = verifier.withTrustedCheckpoint(AuditJson.parseCheckpoint(textOrFile(trustedCheckpoint)));
        }
      } catch (AuditException | IOException e) {
        err.println("error: unusable input: " + e.getMessage());
        return EXIT_UNUSABLE;
      }
      try {
        if (inclusion || consistency) {
          String json = new String(open().readAllBytes(), StandardCharsets.UTF_8);
          ProofResult r = inclusion ? verifier.verifyInclusion(json) : verifier.verifyConsistency(json);
          if (r instanceof ProofResult.Invalid bad) {
            err.println("invalid: " + bad.reason());
            return 1;
          }
          out.println(r instanceof ProofResult.InclusionProven p
              ? "valid: entry " + p.seq() + " is included in the log signed at checkpoint " + p.checkpoint().seq()
              : "valid: the log at checkpoint " + ((ProofResult.ConsistencyProven) r).first().seq()
                  + " is a prefix of the log at checkpoint " + ((ProofResult.ConsistencyProven) r).second().seq());
          out.flush();
          return 0;
        }
        long started = System.nanoTime();
        VerificationResult r;
        try (InputStream in = open()) {
          r = verifier.withProgress(AuditVerifier.DEFAULT_PROGRESS_INTERVAL, n -> {
            if (System.nanoTime() - started > 1_000_000_000L) {
              err.print("\rverified " + n + " entries");
              err.flush();
            }
          }).verify(in);
        }
        if (r instanceof VerificationResult.Invalid bad) {
          err.println("\rinvalid: " + bad.reason());
          err.flush();
          return 1;
        }
        VerificationResult.Valid ok = (VerificationResult.Valid) r;
        out.println("valid: " + ok.entries() + " entries (" + (ok.entries() == 0 ? "none" : ok.firstSeq() + ".." + ok.headSeq()) + "), "
            + ok.checkpoints() + " checkpoints, head " + ok.headHash().hex()
            + (ok.treeRootsChecked() ? "" : " (tree roots not recomputed: the export does not start at entry 1)"));
        out.flush();
        return 0;
      } catch (AuditException | IOException e) {
        err.println("\rerror: unusable input: " + e.getMessage());
        err.flush();
        return EXIT_UNUSABLE;
      }
    }

    private InputStream open() throws IOException {
      return file.equals("-") ? new BufferedInputStream(System.in) : new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16);
    }
  }

  /** A value given inline, or the name of a file holding it. */
  static String textOrFile(String value) throws IOException {
    String v = value.strip();
    if (v.startsWith("ed25519:") || v.startsWith("{")) {
      return v;
    }
    Path p = Path.of(v);
    if (!Files.isRegularFile(p)) {
      throw new IOException("'" + v + "' is neither a key/checkpoint nor a readable file");
    }
    return Files.readString(p, StandardCharsets.UTF_8).strip();
  }

  @Command(
      name = "prove",
      sortOptions = false,
      description = {
        "Print the RFC 6962 inclusion proof of entry SEQ against the latest signed checkpoint (JSON),",
        "or with --to-checkpoint, the consistency proof between the checkpoints at SEQ and that one."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom audit prove 42 > proof.json", "  strongroom audit prove 1000 --to-checkpoint 5000 > consistency.json"})
  static final class Prove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "SEQ", description = "The entry (or the first checkpoint).")
    long seq;

    @Option(names = "--to-checkpoint", paramLabel = "SEQ", description = "The later checkpoint of a consistency proof.")
    long toCheckpoint;

    @Override
    public Integer call() {
      String json;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        json = toCheckpoint == 0 ? client.sys().auditProve(seq) : client.sys().auditConsistency(seq, toCheckpoint);
      }
      PrintWriter out = Cli.out(spec);
      out.println(json);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "head",
      sortOptions = false,
      description = {
        "Print the (sequence number, hash) of the audit chain a node holds. After healing, every node must agree.",
        "With --address naming one node, that node answers; otherwise the leader does. Reading the head is not itself audited."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom audit head --address 127.0.0.1:8201 --format json"})
  static final class Head implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      AuditHead head;
      // --address naming one node asks that node: the point is to compare what each replica holds
      String one = connection.address == null || connection.address.contains(",") ? null : connection.address.strip();
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        head = one == null ? client.sys().auditHead() : client.sys().node(one).auditHead();
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("seq", head.seq());
        o.put("hash", head.hash());
        o.put("node", head.nodeId());
        o.put("tree_root", head.treeRoot());
        Output.json(out, o);
      } else {
        out.println(head.seq() + " " + head.hash() + " (node " + head.nodeId() + ")");
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "public-key",
      description = "Print the public key audit checkpoints are signed with. Keep a copy where the cluster's operators cannot change it.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom audit public-key > audit.pub"})
  static final class PublicKey implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      String key;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        key = client.sys().auditPublicKey();
      }
      PrintWriter out = Cli.out(spec);
      out.println(key);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "hash",
      description = "Print the HMAC audit entries show for VALUE (a secret path, or a token accessor), to search an export for it.",
      footerHeading = "%nExamples:%n",
      footer = {"  grep \"$(strongroom audit hash app/db)\" audit.jsonl"})
  static final class Hash implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin ClientOptions connection;

    @Parameters(index = "0", paramLabel = "VALUE", description = "The path or accessor.")
    String value;

    @Override
    public Integer call() {
      String hmac;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        hmac = client.sys().auditHash(value);
      }
      PrintWriter out = Cli.out(spec);
      out.println(hmac);
      out.flush();
      return 0;
    }
  }
}
