package io.chatrelay.infra.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One KRaft node, broker and controller in one process, as its cluster knows it: its id, its loopback ports, the
 * static quorum it votes in and the cluster id its storage is formatted with.
 *
 * @param quorumVoters {@code controller.quorum.voters}: every controller's {@code id@host:port}
 * @param clusterId the id shared by every node's storage, or null to make one up (a cluster of one node)
 */
public record KafkaNode(int nodeId, int brokerPort, int controllerPort, String quorumVoters, String clusterId) {

  /** How many arguments {@link #toArgs()} gives and {@link #fromArgs(List)} takes. */
  public static final int ARG_COUNT = 5;

  public KafkaNode {
    Objects.requireNonNull(quorumVoters, "quorumVoters");
    if (!List.of(quorumVoters.split(",")).contains(voter(nodeId, controllerPort))) {
      throw new IllegalArgumentException("node " + nodeId + " is not among the voters " + quorumVoters);
    }
  }

  /** The only node of a cluster of one. */
  public static KafkaNode single(int brokerPort, int controllerPort) {
    return new KafkaNode(1, brokerPort, controllerPort, voter(1, controllerPort), null);
  }

  /** The nodes of a cluster, ids 1 to n, node i on the i-th ports of each list. */
  public static List<KafkaNode> cluster(List<Integer> brokerPorts, List<Integer> controllerPorts, String clusterId) {
    Objects.requireNonNull(clusterId, "clusterId");
    if (brokerPorts.size() != controllerPorts.size() || brokerPorts.isEmpty()) {
      throw new IllegalArgumentException("one broker port and one controller port per node, at least one node");
    }
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < controllerPorts.size(); i++) {
      voters.add(voter(i + 1, controllerPorts.get(i)));
    }
    List<KafkaNode> nodes = new ArrayList<>();
    for (int i = 0; i < brokerPorts.size(); i++) {
      nodes.add(new KafkaNode(i + 1, brokerPorts.get(i), controllerPorts.get(i), String.join(",", voters), clusterId));
    }
    return List.copyOf(nodes);
  }

  /** How many nodes the cluster has: every node is a voter. */
  public int clusterSize() {
    return quorumVoters.split(",").length;
  }

  /** The node as command-line arguments, for a broker started in a JVM of its own. */
  public List<String> toArgs() {
    return List.of(Integer.toString(nodeId), Integer.toString(brokerPort), Integer.toString(controllerPort),
        quorumVoters, clusterId == null ? "-" : clusterId);
  }

  public static KafkaNode fromArgs(List<String> args) {
    if (args.size() != ARG_COUNT) {
      throw new IllegalArgumentException("expected " + ARG_COUNT + " node arguments, got " + args);
    }
    return new KafkaNode(Integer.parseInt(args.get(0)), Integer.parseInt(args.get(1)), Integer.parseInt(args.get(2)),
        args.get(3), "-".equals(args.get(4)) ? null : args.get(4));
  }

  private static String voter(int nodeId, int controllerPort) {
    return nodeId + "@" + BrokerSettings.HOST + ":" + controllerPort;
  }
}
