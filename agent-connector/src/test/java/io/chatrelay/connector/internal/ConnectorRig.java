package io.chatrelay.connector.internal;

import io.chatrelay.connector.ConnectorConfig;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The connector's session machinery with nothing real behind it: a manual clock and loop, a {@link MockProducer}
 * that acknowledges only when told, and a {@link StandInAgent}. Backoff always waits its full ceiling, so a retry
 * falls due at a known time.
 */
final class ConnectorRig {

  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  final ManualClock clock = new ManualClock(START);
  final ManualLoop loop = new ManualLoop(clock);
  final MockProducer<String, ChatEvent> producer = new MockProducer<>(false, null, new StringSerializer(),
      Topics.CHAT_MESSAGES.valueSerde().serializer());
  final List<Exception> fatal = new ArrayList<>();
  final StandInAgent agent = new StandInAgent(loop);
  final OffsetTracker tracker = new OffsetTracker();
  final ConnectorConfig config;
  final SessionContext ctx;

  /** @param env connector settings on top of dev mode's defaults */
  ConnectorRig(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("RELAY_MODE", "dev");
    config = ConnectorConfig.fromEnv(all);
    Backoff backoff = new Backoff(config.reconnectBase(), config.reconnectMax(), new Random() {
      @Override
      public long nextLong(long bound) {
        return bound - 1;
      }
    });
    EventPublisher publisher = new EventPublisher(producer, loop, backoff, fatal::add, new InlineSender());
    ctx = new SessionContext(config, loop, agent, publisher, new Outcomes(clock), backoff, clock,
        new SimpleMeterRegistry());
  }

  /** A user message of {@code sessionId} read at {@code ticket}, now. */
  PendingMessage message(String sessionId, String content, OffsetTracker.Ticket ticket) {
    UserMessage m = UserMessage.of(sessionId, "user-" + sessionId, clock.instant(), null, content, Map.of(),
        AgentType.BankRep);
    return new PendingMessage(m, AgentType.BankRep, ticket, clock.instant());
  }

  /** What was handed to Kafka so far, acknowledged or not, oldest first. */
  List<ProducerRecord<String, ChatEvent>> sent() {
    return producer.history();
  }

  /** The events handed to Kafka so far, oldest first. */
  List<ChatEvent> events() {
    return sent().stream().map(ProducerRecord::value).toList();
  }

  /** Kafka acknowledges every write not acknowledged yet. */
  void acknowledgeAll() {
    while (producer.completeNext()) {
      // one at a time, in order, as the broker would
    }
  }

  void advance(Duration by) {
    loop.advance(by);
  }

  /** Runs the publisher's sends on the caller's thread, so a write reaches the producer before publish returns. */
  private static final class InlineSender extends AbstractExecutorService {

    private boolean shutdown;

    @Override
    public void execute(Runnable command) {
      if (shutdown) {
        throw new RejectedExecutionException("publisher closed");
      }
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
