package io.chatrelay.connector.internal;

import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.events.ChatEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every session worker shares: settings, the loop, the way to the agents, the publisher, clock and meters.
 *
 * @param links opens a session's line to its agent
 */
public record SessionContext(ConnectorConfig config, TaskLoop loop, AgentChannel.Opener links,
    EventPublisher publisher, Outcomes outcomes, Backoff backoff, Clock clock, MeterRegistry meters) {

  private static final Logger LOG = LoggerFactory.getLogger(SessionContext.class);

  /** Sessions that reach their agents over WebSockets opened with {@code http}. */
  public SessionContext(ConnectorConfig config, TaskLoop loop, HttpClient http, EventPublisher publisher,
      Outcomes outcomes, Backoff backoff, Clock clock, MeterRegistry meters) {
    this(config, loop, AgentLink.opener(http, config, loop), publisher, outcomes, backoff, clock, meters);
  }

  /** Counts one outcome per user message in {@code agent_outcomes_total{outcome=...}}. */
  public void countOutcome(String outcome) {
    Counter.builder("agent.outcomes").description("Terminal outcomes of user messages")
        .tag("outcome", outcome).register(meters).increment();
  }

  /** Counts an agent frame the connector refused ({@code reason}: status_rate_limited, too_large). */
  public void countRefusedFrame(String reason) {
    Counter.builder("agent.frames.refused").description("Agent frames dropped or refused by the connector")
        .tag("reason", reason).register(meters).increment();
  }

  /** Publishes a status the user sees live; losing one is harmless, so failures are only logged. */
  public void publishStatus(ChatEvent status) {
    publisher.publish(status).whenComplete((v, err) -> {
      if (err != null) {
        LOG.warn("status for sessionId={} not published: {}", status.sessionId(), err.toString());
      }
    });
  }
}
