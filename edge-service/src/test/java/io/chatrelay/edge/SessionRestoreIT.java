package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionIds;
import io.chatrelay.events.SessionMetadata;
import io.chatrelay.events.Topics;
import io.chatrelay.kit.KafkaSettings;
import io.chatrelay.views.ViewKeys;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Sessions whose Redis views were lost are rebuilt from the log on demand, for their owner only. */
class SessionRestoreIT extends WithOneEdge {

  private static String session(String sessionId) {
    return "/api/v1/sessions/" + sessionId;
  }

  private static String messages(String sessionId) {
    return "/api/v1/sessions/" + sessionId + "/messages";
  }

  /** A session with two messages, as its owner sees it. */
  private String sessionWithHistory(ApiClient owner) {
    String sessionId = owner.createSession(infra.uniqueName("owner"));
    assertThat(owner.post(messages(sessionId), "{\"content\":\"What is a chargeback?\"}").status()).isEqualTo(200);
    assertThat(owner.post(messages(sessionId), "{\"content\":\"And a refund?\"}").status()).isEqualTo(200);
    return sessionId;
  }

  private void deleteViewKeys(String sessionId, String userId) {
    ViewKeys keys = harness.keys();
    harness.redis().del(keys.session(sessionId), keys.messages(sessionId), keys.replied(sessionId));
    harness.redis().zrem(keys.userSessions(userId), sessionId);
    assertThat(harness.redis().exists(keys.session(sessionId))).isFalse();
  }

  private static String userOf(ApiClient owner, String sessionId) {
    return owner.get(session(sessionId)).json().get("userId").asText();
  }

  @Test
  void shouldCreateSessionsWithTimeOrderedIds() {
    String sessionId = harness.client().createSession(infra.uniqueName("v7"));

    assertThat(UUID.fromString(sessionId).version()).isEqualTo(7);
    assertThat(SessionIds.createdAt(sessionId)).isPresent();
  }

  @Test
  void shouldServeTheSameSessionAndHistoryAfterItsViewKeysWereDeleted() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    JsonNode viewBefore = owner.get(session(sessionId)).json();
    JsonNode historyBefore = owner.get(messages(sessionId)).json();
    assertThat(historyBefore.get("messages")).hasSize(2);

    deleteViewKeys(sessionId, viewBefore.get("userId").asText());

    ApiClient.Response view = owner.get(session(sessionId));
    assertThat(view.status()).isEqualTo(200);
    assertThat(view.json()).isEqualTo(viewBefore);
    assertThat(owner.get(messages(sessionId)).json()).isEqualTo(historyBefore);
    // The restored view keeps following the log: the next message lands in it.
    assertThat(owner.post(messages(sessionId), "{\"content\":\"Thanks\"}").status()).isEqualTo(200);
    JsonNode history = owner.get(messages(sessionId)).json().get("messages");
    assertThat(history).hasSize(3);
    assertThat(history.get(2).get("content").asText()).isEqualTo("Thanks");
    assertThat(owner.get(session(sessionId)).json().get("metadata").get("messageCount").asLong()).isEqualTo(3);
  }

  @Test
  void shouldServeTheSameSessionAndHistoryAfterRedisWasFlushed() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    JsonNode viewBefore = owner.get(session(sessionId)).json();
    JsonNode historyBefore = owner.get(messages(sessionId)).json();
    String userId = viewBefore.get("userId").asText();

    harness.redis().flushDB();
    // The list of sign-outs went with the rest, so every earlier sign-in is refused: the owner signs in again.
    await().atMost(Duration.ofSeconds(10)).until(() -> owner.get("/api/v1/sessions").status() == 401);
    ApiClient again = harness.client();
    assertThat(again.send(again.request("/sign-in").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", LiveClient.origin(harness.baseUri()))
        .POST(HttpRequest.BodyPublishers.ofString("userId=" + userId))).status()).isEqualTo(303);

    assertThat(again.get(session(sessionId)).json()).isEqualTo(viewBefore);
    assertThat(again.get(messages(sessionId)).json()).isEqualTo(historyBefore);
  }

  @Test
  void shouldAnswerAnotherUserAfterTheWipeExactlyAsForASessionThatDoesNotExist() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    deleteViewKeys(sessionId, userOf(owner, sessionId));
    ApiClient intruder = harness.client();
    intruder.createSession(infra.uniqueName("intruder"));
    String unknownId = SessionIds.newId(Clock.systemUTC()).toString();

    ApiClient.Response foreign = intruder.get(session(sessionId));
    ApiClient.Response missing = intruder.get(session(unknownId));
    ApiClient.Response foreignHistory = intruder.get(messages(sessionId));
    ApiClient.Response missingHistory = intruder.get(messages(unknownId));

    assertProblem(foreign, 404, "session-not-found");
    assertThat(foreign.body()).isEqualTo(missing.body());
    assertThat(foreign.contentType()).isEqualTo(missing.contentType());
    assertProblem(foreignHistory, 404, "session-not-found");
    assertThat(foreignHistory.body()).isEqualTo(missingHistory.body());
    assertThat(intruder.post(messages(sessionId), "{\"content\":\"hi\"}").status()).isEqualTo(404);
    // The session was there all along: its owner still gets it.
    assertThat(owner.get(messages(sessionId)).json().get("messages")).hasSize(2);
  }

  @Test
  void shouldAnswer404WithoutRestoreForIdsThatCarryNoUsableCreationTime() {
    ApiClient owner = harness.client();
    String user = infra.uniqueName("legacy");
    owner.createSession(user);
    // A session of the time before time-ordered ids: a random (version 4) id, straight into the log.
    String legacyId = UUID.randomUUID().toString();
    try (Producer<String, ChatEvent> producer = new KafkaProducer<>(
        KafkaSettings.of(infra.bootstrapServers()).reliableProducer("restore-it"),
        Topics.CHAT_MESSAGES.keySerde().serializer(), Topics.CHAT_MESSAGES.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(Topics.CHAT_MESSAGES.name(), legacyId, SessionCreated.of(legacyId, user,
          Instant.now().truncatedTo(ChronoUnit.MILLIS), new SessionMetadata(AgentType.TradeBodyRep, null, null))));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> owner.get(session(legacyId)).status() == 200);
    deleteViewKeys(legacyId, user);
    String ancientId = SessionIds.newId(Clock.fixed(Instant.ofEpochMilli(1), ZoneOffset.UTC)).toString();

    assertProblem(owner.get(session(legacyId)), 404, "session-not-found");
    assertProblem(owner.get(session(ancientId)), 404, "session-not-found");
    assertProblem(owner.get(session(ancientId)), 404, "session-not-found");
    assertThat(harness.redis().exists(harness.keys().session(legacyId))).isFalse();
  }
}
