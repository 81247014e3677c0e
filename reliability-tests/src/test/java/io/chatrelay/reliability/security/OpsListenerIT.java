package io.chatrelay.reliability.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.reliability.testing.Figures;
import io.chatrelay.reliability.testing.ReliabilityStack;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness and metrics describe the inside of a service: the edge serves them on an ops listener of its own, not on
 * the port browsers use, and every ops listener binds loopback unless told otherwise. Checked from outside, as a
 * browser and as another host on the network would.
 */
class OpsListenerIT {

  private final ReliabilityStack stack = ReliabilityStack.shared();

  @Test
  void shouldServeReadinessAndMetricsOnlyOnLoopbackOpsListeners() {
    stack.awaitHealthy();
    String base = stack.baseUrl();
    int publicReady = ReliabilityStack.httpStatus(base + "/health/ready");
    int publicMetrics = ReliabilityStack.httpStatus(base + "/metrics");
    int publicLive = ReliabilityStack.httpStatus(base + "/health/live");
    String ready = ReliabilityStack.httpBody(stack.edgeOpsUrl("/health/ready"));
    String metrics = ReliabilityStack.httpBody(stack.edgeOpsUrl("/metrics"));
    int edgeOpsPort = URI.create(stack.edgeOpsUrl("/")).getPort();
    int connectorOpsPort = URI.create(stack.connectorUrl("/")).getPort();
    Optional<InetAddress> outside = nonLoopbackAddress();
    boolean edgeOpsReachableFromOutside = outside.map(a -> connects(a, edgeOpsPort)).orElse(false);
    boolean connectorOpsReachableFromOutside = outside.map(a -> connects(a, connectorOpsPort)).orElse(false);

    Figures.report("24-ops-listener", "public port: /health/ready %d, /metrics %d, /health/live %d; edge ops "
            + "listener: ready %s, metrics %,d lines; from %s: edge ops port %s, connector ops port %s", publicReady,
        publicMetrics, publicLive, ready, metrics.lines().count(), outside.map(InetAddress::getHostAddress)
            .orElse("(no non-loopback address)"), edgeOpsReachableFromOutside ? "open" : "refused",
        connectorOpsReachableFromOutside ? "open" : "refused");
    assertThat(publicReady).isEqualTo(404);
    assertThat(publicMetrics).isEqualTo(404);
    assertThat(publicLive).as("a load balancer's liveness probe stays on the public port").isEqualTo(200);
    assertThat(ready).contains("\"kafka\"", "\"redis\"", "\"projection\"", "\"status\":\"UP\"");
    assertThat(metrics).contains("edge_http_requests_seconds_count");
    assertThat(edgeOpsReachableFromOutside).as("the edge's ops port binds loopback").isFalse();
    assertThat(connectorOpsReachableFromOutside).as("the connector's ops port binds loopback").isFalse();
    assertThat(connects(InetAddress.getLoopbackAddress(), connectorOpsPort)).isTrue();
  }

  private static Optional<InetAddress> nonLoopbackAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
        Optional<InetAddress> v4 = addresses.stream().filter(a -> a instanceof Inet4Address).findFirst();
        if (v4.isPresent()) {
          return v4;
        }
      }
      return Optional.empty();
    } catch (SocketException e) {
      return Optional.empty();
    }
  }

  private static boolean connects(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
