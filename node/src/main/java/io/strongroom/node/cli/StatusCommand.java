package io.strongroom.node.cli;

import io.strongroom.client.NodeStatus;
import io.strongroom.client.Status;
import io.strongroom.client.StrongroomClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strongroom status}: seal state, leader and members as one node sees them. Needs no token. */
@Command(
    name = "status",
    sortOptions = false,
    description = {
      "Show whether the cluster is initialized, whether the answering node is sealed, who leads,"
          + " and the members with their address, region, zone and role (LISTENER for a read replica). Needs no token.",
      "Seal state is per node: use --node to ask a particular one."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  strongroom status --address node1:7200",
      "  strongroom status --node node2:7200 --format json"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HelpOption help;

  @Option(names = "--node", paramLabel = "HOST:PORT", description = "Ask this node (not the leader) for its own state.")
  String node;

  @Mixin Output.FormatOption format;
  @Mixin ClientOptions connection;

  @Override
  public Integer call() {
    Status s;
    try (StrongroomClient client = connection.connect(Cli.context(spec), Optional.ofNullable(node))) {
      s = (node == null ? client.sys() : client.sys().node(node)).status();
    }
    PrintWriter out = Cli.out(spec);
    if (format.json()) {
      Map<String, Object> o = Output.object();
      o.put("initialized", s.initialized());
      o.put("sealed", s.sealed());
      o.put("node_id", s.nodeId());
      o.put("leader", s.leader().orElse(null));
      List<Object> nodes = new ArrayList<>();
      for (NodeStatus n : s.nodes()) {
        Map<String, Object> m = Output.object();
        m.put("id", n.id());
        m.put("address", n.address());
        m.put("region", n.region());
        m.put("zone", n.zone());
        m.put("role", n.role());
        nodes.add(m);
      }
      o.put("nodes", nodes);
      o.put("threshold", s.threshold());
      o.put("shares", s.shares());
      o.put("unseal_progress", s.unsealProgress());
      o.put("commit_index", s.commitIndex());
      o.put("applied_index", s.appliedIndex());
      o.put("version", s.version());
      Output.json(out, o);
      return 0;
    }
    Output.Table.keyValue()
        .row("initialized", s.initialized())
        .row("sealed", s.sealed())
        .row("node", s.nodeId())
        .row("leader", s.leader().orElse("unknown"))
        .row("threshold", s.threshold())
        .row("shares", s.shares())
        .row("unseal_progress", s.unsealProgress() + "/" + s.threshold())
        .row("commit_index", s.commitIndex())
        .row("applied_index", s.appliedIndex())
        .row("version", s.version())
        .print(out);
    if (!s.nodes().isEmpty()) {
      out.println();
      Output.Table nodes = new Output.Table("Node", "Address", "Region", "Zone", "Role");
      s.nodes().forEach(n -> nodes.row(n.id(), n.address(), n.region(), n.zone().isEmpty() ? null : n.zone(), n.role()));
      nodes.print(out);
    }
    return 0;
  }
}
