package io.strongroom.chaos.harness;

/**
 * Where node {@code nK} lives inside the chaos namespace: its own loopback address
 * {@code 127.0.0.(10+K)} with fixed ports, and its own group id, which the firewall uses to tell
 * its packets from other nodes' (every connection on lo leaves from 127.0.0.1, so the source
 * address cannot).
 *
 * @param index K, from 1
 */
public record NodeSpec(int index) {
  /** Node addresses are 127.0.0.11 .. 127.0.0.(10 + MAX_NODES). */
  public static final int MAX_NODES = 40;
  public static final int RAFT_PORT = 7100;
  public static final int CLIENT_PORT = 7200;
  public static final int HTTP_PORT = 7300;
  /** Node K runs with group id GID_BASE + K. */
  public static final int GID_BASE = 61000;

  public NodeSpec {
    if (index < 1 || index > MAX_NODES) {
      throw new IllegalArgumentException("node index must be in 1.." + MAX_NODES + ", was " + index);
    }
  }

  public String id() {
    return "n" + index;
  }

  public String host() {
    return "127.0.0." + (10 + index);
  }

  public int gid() {
    return GID_BASE + index;
  }

  public String raftAddress() {
    return host() + ":" + RAFT_PORT;
  }

  public String clientAddress() {
    return host() + ":" + CLIENT_PORT;
  }

  public String httpAddress() {
    return host() + ":" + HTTP_PORT;
  }

  /** The node for id {@code nK}. */
  public static NodeSpec of(String id) {
    if (!id.startsWith("n")) {
      throw new IllegalArgumentException("not a node id: " + id);
    }
    return new NodeSpec(Integer.parseInt(id.substring(1)));
  }
}
