package io.chatrelay.connector.internal;

import io.chatrelay.kit.Health;
import io.chatrelay.kit.HealthCheck;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The connector's readiness: Kafka reachable and the consumer a member of its group. An open agent breaker is
 * reported in the details but does not make the connector unready: restarting or rerouting it would not bring the
 * agent back, and it keeps queueing messages for when the agent returns.
 */
public final class ConnectorHealth {

  private static final int KAFKA_CHECK_MILLIS = 2000;

  private ConnectorHealth() {}

  public static Health of(Admin admin, PollLoop pollLoop, BreakerRegistry breakers) {
    return new Health()
        .register("kafka", () -> kafka(admin))
        .register("consumer", () -> consumer(pollLoop))
        .register("agent-breakers", () -> breakers(breakers));
  }

  private static HealthCheck.Status kafka(Admin admin) {
    try {
      int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(KAFKA_CHECK_MILLIS)).nodes()
          .get(KAFKA_CHECK_MILLIS, TimeUnit.MILLISECONDS).size();
      return HealthCheck.Status.up(brokers + " broker(s) reachable");
    } catch (ExecutionException | TimeoutException e) {
      return HealthCheck.Status.down("Kafka unreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HealthCheck.Status.down("interrupted");
    }
  }

  private static HealthCheck.Status consumer(PollLoop pollLoop) {
    if (pollLoop.failure() != null) {
      // The poll loop logged its failure when it stopped; the report only says that it did.
      return HealthCheck.Status.down("consumer stopped (see the service log)");
    }
    return pollLoop.joined() ? HealthCheck.Status.up("member of its consumer group")
        : HealthCheck.Status.down("waiting for partitions");
  }

  private static HealthCheck.Status breakers(BreakerRegistry breakers) {
    Map<String, ?> states = breakers.states();
    return HealthCheck.Status.up(states.isEmpty() ? "no agent called yet" : states.toString());
  }
}
