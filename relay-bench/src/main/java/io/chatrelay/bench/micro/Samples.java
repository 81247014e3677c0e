package io.chatrelay.bench.micro;

import io.chatrelay.events.AgentMetadata;
import io.chatrelay.events.AgentReply;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.UserMessage;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Events of the size the product sees: a chat question from a browser and a persona's answer to it. */
final class Samples {

  static final Instant AT = Instant.parse("2026-01-15T10:15:30.123Z");
  static final String QUESTION = "Question from a benchmark client: what does an international payment cost?";
  static final String ANSWER = "International payments are charged a flat fee plus the exchange margin; the fee "
      + "depends on the account type, and the margin is shown before you confirm the payment.";

  private Samples() {}

  static UserMessage question(String sessionId, String userId) {
    return UserMessage.of(sessionId, userId, AT, "m-42", QUESTION, Map.of("b", "m-42"), AgentType.BankRep);
  }

  static AgentReply answer(UserMessage question) {
    return new AgentReply(UUID.randomUUID(), ChatEvent.SCHEMA_VERSION, question.sessionId(), question.userId(), AT,
        question.eventId(), UUID.randomUUID().toString(), ANSWER, new AgentMetadata(AgentType.BankRep, 0.92, 3L));
  }

  static SessionCreated created(String sessionId, String userId) {
    return SessionCreated.of(sessionId, userId, AT, new SessionMetadata(AgentType.BankRep, "bench", null));
  }
}
