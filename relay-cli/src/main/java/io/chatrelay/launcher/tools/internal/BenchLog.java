package io.chatrelay.launcher.tools.internal;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentStatus;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionIds;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import io.chatrelay.kit.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a synthetic conversation log for benchmarks: sessions of ten events (created, four questions with their
 * answers, one status), interleaved as concurrent users would, with record timestamps equal to the events' times,
 * spread evenly over the two hours before now.
 */
public final class BenchLog {

  public static final int EVENTS_PER_SESSION = 10;
  /** How many sessions are open at once; their events interleave in the log. */
  private static final int CONCURRENT = 200;

  /** What was written: the session ids in order of creation and the time span of the log. */
  public record Written(List<String> sessions, Instant first, Instant last, long events, Duration took) {}

  private BenchLog() {}

  public static Written write(KafkaSettings kafka, long events, Progress progress) {
    int sessionCount = (int) Math.max(1, events / EVENTS_PER_SESSION);
    long total = (long) sessionCount * EVENTS_PER_SESSION;
    Instant first = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    long stepMicros = Duration.ofHours(2).toNanos() / 1000 / total;
    Random random = new Random(42);
    List<String> sessions = new ArrayList<>(sessionCount);
    long started = System.nanoTime();
    Properties props = kafka.reliableProducer("relay-bench");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    // Bulk batches of thousands of events, unlike the services' one or two: here compression pays.
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "60000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    Instant at = first;
    try (KafkaProducer<String, ChatEvent> producer = new KafkaProducer<>(props, new StringSerializer(),
        Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      long written = 0;
      for (int block = 0; block < sessionCount; block += CONCURRENT) {
        int size = Math.min(CONCURRENT, sessionCount - block);
        List<List<ChatEvent>> open = new ArrayList<>(size);
        for (int s = 0; s < size; s++) {
          String id = SessionIds.newId(Clock.fixed(at, ZoneOffset.UTC)).toString();
          sessions.add(id);
          open.add(new ArrayList<>());
        }
        for (int step = 0; step < EVENTS_PER_SESSION; step++) {
          for (int s = 0; s < size; s++) {
            at = at.plusNanos(stepMicros * 1000);
            ChatEvent event = event(sessions.get(block + s), step, at, open.get(s), random);
            producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), null, at.toEpochMilli(),
                event.sessionId(), event));
            progress.update(++written, total);
          }
        }
      }
      producer.flush();
    }
    return new Written(sessions, first, at, total, Duration.ofNanos(System.nanoTime() - started));
  }

  private static ChatEvent event(String session, int step, Instant at, List<ChatEvent> history, Random random) {
    String user = "bench-user-" + (session.hashCode() & 0xfff);
    AgentType type = AgentType.values()[Math.floorMod(session.hashCode(), AgentType.values().length)];
    ChatEvent event;
    if (step == 0) {
      event = SessionCreated.of(session, user, at, new SessionMetadata(type, "bench", null));
    } else if (step == EVENTS_PER_SESSION - 1) {
      event = new AgentStatus(UUID.randomUUID(), 1, session, user, at, "thinking", null, type);
    } else if (step % 2 == 1) {
      event = UserMessage.of(session, user, at, null, "Question " + step + " about fees, limits and the weather "
          + "in a sentence of typical length " + random.nextInt(1000), Map.of(), type);
    } else {
      UserMessage question = (UserMessage) history.get(history.size() - 1);
      event = new AgentReply(UUID.randomUUID(), 1, session, user, at, question.eventId(), "a-" + step,
          "An answer of a few sentences, as the personas give them: fees depend on the account; limits on the "
              + "card; the weather on the day. " + random.nextInt(1000),
          new AgentMetadata(type, 0.9, (long) random.nextInt(500)));
    }
    history.add(event);
    return event;
  }
}
