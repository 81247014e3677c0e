package io.chatrelay.testing;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The events tests write to the log, with every field a view, an export or a history shows filled in, so a test can
 * assert that such a field arrived, or that it was left out.
 *
 * <p>An instance hands out times one millisecond apart that only move forward, so the order of activity in the views
 * is the order the test wrote; the static forms take the time and persona a test needs to set itself.
 */
public final class TestEvents {

  /** The persona of sessions a test does not choose one for. */
  public static final AgentType PERSONA = AgentType.BankRep;
  /** What every user message carries in its metadata, so a test can see metadata travel to the views. */
  public static final Map<String, Object> MESSAGE_METADATA = Map.of("source", "it");

  private Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  /** A millisecond after the previous one. */
  public Instant nextInstant() {
    clock = clock.plusMillis(1);
    return clock;
  }

  public SessionCreated created(String sessionId, String userId) {
    return created(sessionId, userId, nextInstant(), PERSONA);
  }

  /** A message that names no persona, as a client writes it. */
  public UserMessage message(String sessionId, String userId, String content) {
    return message(sessionId, userId, nextInstant(), content, null);
  }

  public AgentReply reply(UserMessage question, String content) {
    return reply(question, nextInstant(), content);
  }

  /** A session's creation, then {@code questions} questions ({@code question 0}, ...) each with its answer. */
  public List<ChatEvent> conversation(String sessionId, String userId, int questions) {
    List<ChatEvent> out = new ArrayList<>();
    out.add(created(sessionId, userId));
    for (int i = 0; i < questions; i++) {
      UserMessage question = message(sessionId, userId, "question " + i);
      out.add(question);
      out.add(reply(question, "answer " + i));
    }
    return out;
  }

  /** A session opened from a browser whose user agent and address a privacy test can look for. */
  public static SessionCreated created(String sessionId, String userId, Instant at, AgentType persona) {
    return SessionCreated.of(sessionId, userId, at, new SessionMetadata(persona, "it-browser", "10.0.0.9"));
  }

  /** @param persona the persona the edge stamped on the message, or null for none */
  public static UserMessage message(String sessionId, String userId, Instant at, String content, AgentType persona) {
    return UserMessage.of(sessionId, userId, at, null, content, MESSAGE_METADATA, persona);
  }

  /** The answer of the question's persona ({@link #PERSONA} when the question names none). */
  public static AgentReply reply(UserMessage question, Instant at, String content) {
    AgentType persona = Objects.requireNonNullElse(question.agentType(), PERSONA);
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(), at,
        question.eventId(), "agent-1", content, new AgentMetadata(persona, 0.75, 42L));
  }
}
