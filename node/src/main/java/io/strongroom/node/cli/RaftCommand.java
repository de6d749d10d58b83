package io.strongroom.node.cli;

import io.strongroom.client.RaftMembership;
import io.strongroom.client.RaftPeer;
import io.strongroom.client.StrongroomClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code strongroom operator raft}: the cluster's Raft membership and administration. Every
 * command needs a root token and is served by the leader (the client follows it).
 */
@Command(
    name = "raft",
    description = "Raft membership and administration: list, add and remove peers, hand over leadership, take a snapshot."
        + " Needs a root token; the leader serves every command.",
    synopsisSubcommandLabel = "COMMAND",
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom operator raft list-peers",
      "  strongroom operator raft add-peer --id n4 --raft-address 10.0.0.4:7100 --client-address 10.0.0.4:7200",
      "  strongroom operator raft add-peer --listener --id r1 --raft-address 10.9.0.1:7100 --client-address 10.9.0.1:7200 --region ap-south",
      "  strongroom operator raft transfer-leadership --to n2",
      "  strongroom operator raft snapshot take"
    },
    subcommands = {
      RaftCommand.ListPeers.class,
      RaftCommand.AddPeer.class,
      RaftCommand.RemovePeer.class,
      RaftCommand.TransferLeadership.class,
      RaftCommand.Snapshot.class
    })
final class RaftCommand {
  @Mixin HelpOption help;

  /** Shared by the commands that answer with the membership. */
  abstract static class MembershipCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    /** Runs the request; returns the membership to print. */
    abstract RaftMembership run(StrongroomClient client);

    /** A line printed above the table, or null. */
    String headline(RaftMembership m) {
      return null;
    }

    @Override
    public Integer call() {
      RaftMembership m;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        m = run(client);
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("leader", m.leader().orElse(null));
        List<Object> peers = new ArrayList<>();
        for (RaftPeer p : m.peers()) {
          Map<String, Object> e = Output.object();
          e.put("id", p.id());
          e.put("raft_address", p.raftAddress());
          e.put("client_address", p.clientAddress());
          e.put("region", p.region());
          e.put("zone", p.zone());
          e.put("role", p.role());
          e.put("voter", p.voter());
          e.put("priority", p.priority());
          peers.add(e);
        }
        o.put("peers", peers);
        Output.json(out, o);
        return 0;
      }
      String line = headline(m);
      if (line != null) {
        out.println(line);
      }
      Output.Table t = new Output.Table("Node", "Raft address", "Client address", "Region", "Zone", "Role", "Voter", "Priority");
      m.peers().forEach(p -> t.row(p.id(), p.raftAddress(), blank(p.clientAddress()), blank(p.region()), blank(p.zone()), p.role(), p.voter(),
          p.priority()));
      t.print(out);
      return 0;
    }

    private static String blank(String s) {
      return s.isEmpty() ? null : s;
    }
  }

  @Command(
      name = "list-peers",
      sortOptions = false,
      description = {
        "List the Raft members: id, Raft address, client address, region, zone, role, whether each votes, and its leader priority.",
        "Listeners (read replicas) show role LISTENER and voter false. With primary_region set, the primary region's unsealed"
            + " voters have priority 1 and the leader moves to one of them once it has caught up."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft list-peers", "  strongroom operator raft list-peers --format json"})
  static final class ListPeers extends MembershipCommand {
    @Override
    RaftMembership run(StrongroomClient client) {
      return client.sys().raftPeers();
    }
  }

  @Command(
      name = "add-peer",
      sortOptions = false,
      description = {
        "Add a voting member, or with --listener a read replica. Start the new node first with 'join: true' and no peers in"
            + " its node.yaml; the leader then sends it the log (or a snapshot) and commits the new configuration.",
        "A listener (a Ratis listener) replicates the log and serves stale reads (kv get --stale) near its clients, but never"
            + " votes and never counts toward a quorum: it adds no fault tolerance and costs writes nothing. Adding a listener"
            + " again without --listener promotes it to a voter.",
        "The new node starts sealed, like every node: unseal it (operator unseal --node) once it has caught up."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom operator raft add-peer --id n4 --raft-address 10.0.0.4:7100 \\",
        "      --client-address 10.0.0.4:7200 --region eu-west --zone eu-west-1c",
        "  strongroom operator raft add-peer --listener --id r1 --raft-address 10.9.0.1:7100 \\",
        "      --client-address 10.9.0.1:7200 --region ap-south"
      })
  static final class AddPeer extends MembershipCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The new node's id (its node_id).")
    String id;

    @Option(names = "--raft-address", required = true, paramLabel = "HOST:PORT", description = "The new node's Raft address (its raft_address).")
    String raftAddress;

    @Option(names = "--client-address", required = true, paramLabel = "HOST:PORT",
        description = "The new node's client address (its client_address), for redirects and status.")
    String clientAddress;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "", description = "The new node's region (default: the leader's).")
    String region;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "", description = "The new node's zone in its region (default: none).")
    String zone;

    @Option(names = "--listener", description = "Add a non-voting read replica (a Raft listener) instead of a voter.")
    boolean listener;

    @Override
    RaftMembership run(StrongroomClient client) {
      return client.sys().raftAddPeer(id, raftAddress, clientAddress, region, zone, listener);
    }

    @Override
    String headline(RaftMembership m) {
      return "added " + id + (listener ? " as a listener" : "");
    }
  }

  @Command(
      name = "remove-peer",
      sortOptions = false,
      description = "Remove a member from the Raft configuration; stop its process afterwards. Removing the leader makes it step down.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft remove-peer --id n4"})
  static final class RemovePeer extends MembershipCommand {
    @Option(names = "--id", required = true, paramLabel = "ID", description = "The id of the member to remove.")
    String id;

    @Override
    RaftMembership run(StrongroomClient client) {
      return client.sys().raftRemovePeer(id);
    }

    @Override
    String headline(RaftMembership m) {
      return "removed " + id;
    }
  }

  @Command(
      name = "transfer-leadership",
      sortOptions = false,
      description = "Hand leadership to another voter (before maintenance on the leader); returns once it moved.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft transfer-leadership --to n2"})
  static final class TransferLeadership extends MembershipCommand {
    @Option(names = "--to", required = true, paramLabel = "ID", description = "The id of the voter to become leader.")
    String to;

    @Override
    RaftMembership run(StrongroomClient client) {
      return client.sys().raftTransferLeadership(to);
    }

    @Override
    String headline(RaftMembership m) {
      return "leadership handed to " + to;
    }
  }

  @Command(
      name = "snapshot",
      description = "Raft snapshots of the replicated state.",
      synopsisSubcommandLabel = "COMMAND",
      commandListHeading = "%nCommands:%n",
      footerHeading = "%nExamples:%n",
      footer = {
        "  strongroom operator raft snapshot take",
        "  strongroom operator raft snapshot save backup.srdump",
        "  strongroom operator raft snapshot restore backup.srdump"
      },
      subcommands = {RaftCommand.SnapshotTake.class, RaftCommand.SnapshotSave.class, RaftCommand.SnapshotRestore.class})
  static final class Snapshot {
    @Mixin HelpOption help;
  }

  @Command(
      name = "take",
      sortOptions = false,
      description = "Make the leader take a snapshot now (older log segments can then be purged); prints the log index it covers.",
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft snapshot take", "  strongroom operator raft snapshot take --format json"})
  static final class SnapshotTake implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @Override
    public Integer call() {
      long index;
      try (StrongroomClient client = connection.connect(Cli.context(spec))) {
        index = client.sys().raftSnapshot();
      }
      PrintWriter out = Cli.out(spec);
      if (format.json()) {
        Map<String, Object> o = Output.object();
        o.put("index", index);
        Output.json(out, o);
      } else {
        out.println("snapshot taken at log index " + index);
        out.flush();
      }
      return 0;
    }
  }

  @Command(
      name = "save",
      sortOptions = false,
      description = {
        "Save a backup of the whole cluster state to FILE: every secret version, its metadata, tokens and policies.",
        "It holds ciphertext only, exactly as the cluster stores it; without the unseal shares it reveals nothing.",
        "Taken by the leader at one log index while writes go on. The file is written under FILE.partial and renamed when complete and checked."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft snapshot save /backups/strongroom-$(date +%%F).srdump"})
  static final class SnapshotSave implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "Where to write the backup.")
    java.nio.file.Path file;

    @picocli.CommandLine.Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws java.io.IOException {
      if (java.nio.file.Files.exists(file) && !force) {
        throw CliException.invalid(file + " exists; pass --force to replace it");
      }
      java.nio.file.Path partial = file.resolveSibling(file.getFileName() + ".partial");
      io.strongroom.client.SnapshotInfo info;
      Progress progress = new Progress(spec, "received");
      try (StrongroomClient client = connection.connect(Cli.context(spec));
          java.io.OutputStream out = java.nio.file.Files.newOutputStream(partial)) {
        info = client.sys().raftSnapshotSave(out, progress);
      } catch (RuntimeException | java.io.IOException e) {
        java.nio.file.Files.deleteIfExists(partial);
        throw e;
      }
      java.nio.file.Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      progress.done();
      print(spec, format, info, "saved " + info.bytes() + " bytes at log index " + info.index() + " to " + file + " (sha256 " + info.sha256() + ")");
      return 0;
    }
  }

  @Command(
      name = "restore",
      sortOptions = false,
      description = {
        "Replace every secret, token and policy of the cluster with those of a backup made by 'snapshot save'.",
        "The backup must belong to this cluster's keys (its key set, or one a rekey replaced); otherwise nothing changes.",
        "The seal configuration, the peer list and the audit log are kept from the live cluster.",
        "Every node switches at the same log index; writes made since the backup are gone."
      },
      footerHeading = "%nExamples:%n",
      footer = {"  strongroom operator raft snapshot restore /backups/strongroom-2026-11-29.srdump"})
  static final class SnapshotRestore implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HelpOption help;
    @Mixin Output.FormatOption format;
    @Mixin ClientOptions connection;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "The backup to restore.")
    java.nio.file.Path file;

    @Override
    public Integer call() throws java.io.IOException {
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw CliException.invalid(file + " is not a file");
      }
      io.strongroom.client.SnapshotInfo info;
      Progress progress = new Progress(spec, "sent");
      try (StrongroomClient client = connection.connect(Cli.context(spec));
          java.io.InputStream in = new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file))) {
        info = client.sys().raftSnapshotRestore(in, progress);
      }
      progress.done();
      print(spec, format, info, "restored " + info.records() + " records from " + file + " (sha256 " + info.sha256() + ")");
      return 0;
    }
  }

  private static void print(CommandSpec spec, Output.FormatOption format, io.strongroom.client.SnapshotInfo info, String line) {
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("bytes", info.bytes());
      o.put("index", info.index());
      o.put("sha256", info.sha256());
      o.put("records", info.records());
      Output.json(out, o);
    } else {
      out.println(line);
      out.flush();
    }
  }

  /** A progress line on stderr, at most once a second, so long transfers show they move. */
  private static final class Progress implements java.util.function.LongConsumer {
    private final PrintWriter err;
    private final String verb;
    private long lastPrint = System.nanoTime();
    private boolean printed;

    Progress(CommandSpec spec, String verb) {
      this.err = spec.commandLine().getErr();
      this.verb = verb;
    }

    @Override
    public void accept(long bytes) {
      long now = System.nanoTime();
      if (now - lastPrint >= 1_000_000_000L) {
        lastPrint = now;
        printed = true;
        err.print("\r" + verb + " " + (bytes >> 20) + " MiB");
        err.flush();
      }
    }

    void done() {
      if (printed) {
        err.println();
        err.flush();
      }
    }
  }
}
