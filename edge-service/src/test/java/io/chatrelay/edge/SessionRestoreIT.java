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
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Sessions whose Redis views were evicted are rebuilt from the log on demand, for their owner only: only a session
 * the caller's own index lists is looked for, so ids anyone makes up never reach the log.
 */
class SessionRestoreIT extends WithOneEdge {

  private static final int PROBES = 300;
  private static final int PROBERS = 8;

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

  /** The session's own keys are gone (evicted); its owner's index still lists it. */
  private void deleteViewKeys(EdgeHarness edge, String sessionId) {
    ViewKeys keys = edge.keys();
    edge.redis().del(keys.session(sessionId), keys.messages(sessionId), keys.replied(sessionId));
    assertThat(edge.redis().exists(keys.session(sessionId))).isFalse();
  }

  private void deleteViewKeys(String sessionId) {
    deleteViewKeys(harness, sessionId);
  }

  private static double restores(EdgeHarness edge) {
    return edge.edge().registry().find("edge.session.restores").counters().stream()
        .mapToDouble(Counter::count).sum();
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

    deleteViewKeys(sessionId);

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
  void shouldListASessionThatWentColdBringingItBackFromTheLog() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    JsonNode viewBefore = owner.get(session(sessionId)).json();

    // A session past VIEW_SESSION_TTL_SECONDS loses its keys as here; its owner's index keeps it.
    deleteViewKeys(sessionId);

    JsonNode listed = owner.get("/api/v1/sessions").json().get("sessions");
    assertThat(listed).as("the cold session is listed again, as it was").contains(viewBefore);
    assertThat(harness.redis().exists(harness.keys().session(sessionId))).isTrue();
    assertThat(owner.get(messages(sessionId)).json().get("messages")).hasSize(2);
  }

  @Test
  void shouldLeaveASessionWhoseIndexWasLostToTheProjectorsRecoveryWithoutReadingTheLog() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    String userId = userOf(owner, sessionId);
    deleteViewKeys(sessionId);
    harness.redis().del(harness.keys().userSessions(userId));
    double restoresBefore = restores(harness);

    // Nothing in Redis says whose it is any more: the projector's replay of a lost partition brings it back.
    assertProblem(owner.get(session(sessionId)), 404, "session-not-found");
    assertThat(restores(harness)).isEqualTo(restoresBefore);

    harness.redis().zadd(harness.keys().userSessions(userId), 1, sessionId);
    assertThat(owner.get(messages(sessionId)).json().get("messages")).hasSize(2);
  }

  @Test
  void shouldAnswerMadeUpPastIdsWithoutReadingTheLogWhileAnOwnerIsRestored() throws Exception {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    JsonNode viewBefore = owner.get(session(sessionId)).json();
    deleteViewKeys(sessionId);
    ApiClient guest = harness.client();
    guest.createSession(infra.uniqueName("prober"));
    double restoresBefore = restores(harness);
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
    ExecutorService prober = Executors.newFixedThreadPool(PROBERS);
    List<Future<Integer>> probes = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < PROBES; i++) {
        String madeUp = SessionIds.newId(past).toString();
        probes.add(prober.submit(() -> guest.get(session(madeUp)).status()));
      }
      ApiClient.Response ownView = owner.get(session(sessionId));
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> probe : probes) {
        statuses.add(probe.get(30, TimeUnit.SECONDS));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(ownView.status()).isEqualTo(200);
      assertThat(ownView.json()).isEqualTo(viewBefore);
      assertThat(statuses).containsOnly(404);
      assertThat(restores(harness) - restoresBefore).as("log reads: the owner's one restore only").isEqualTo(1);
      System.out.printf("FIGURE restore-probes: %d made-up ids dated 10 min back from %d threads: %d x 404, "
              + "%.0f restores (log reads) in all, the owner's; all answered in %d ms, the owner's session 200%n",
          PROBES, PROBERS, statuses.size(), restores(harness) - restoresBefore, millis);
    } finally {
      prober.shutdownNow();
    }
  }

  @Test
  void shouldRefuseRestoresBeyondTheUsersBudgetWith429() throws Exception {
    try (EdgeHarness edge = EdgeHarness.start(infra, Map.of("RATE_LIMIT_RESTORES_PER_USER_PER_MINUTE", "2"))) {
      ApiClient owner = edge.client();
      String user = infra.uniqueName("restorer");
      List<String> sessions = List.of(owner.createSession(user), owner.createSession(user),
          owner.createSession(user));
      sessions.forEach(id -> deleteViewKeys(edge, id));

      assertThat(owner.get(session(sessions.get(0))).status()).isEqualTo(200);
      assertThat(owner.get(session(sessions.get(1))).status()).isEqualTo(200);
      ApiClient.Response refused = owner.get(session(sessions.get(2)));

      assertProblem(refused, 429, "restore-rate-limited");
      assertThat(refused.header("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
      System.out.printf("FIGURE restore-budget: budget 2/min: 2 sessions restored, the 3rd %d Retry-After %s s%n",
          refused.status(), refused.header("Retry-After").orElseThrow());
    }
  }

  @Test
  void shouldAnswerAnotherUserAfterTheWipeExactlyAsForASessionThatDoesNotExist() {
    ApiClient owner = harness.client();
    String sessionId = sessionWithHistory(owner);
    // Read first, so the views hold both messages before they are evicted.
    assertThat(owner.get(messages(sessionId)).json().get("messages")).hasSize(2);
    deleteViewKeys(sessionId);
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
    ApiClient.Response ownHistory = owner.get(messages(sessionId));
    assertThat(ownHistory.status()).as(ownHistory.body()).isEqualTo(200);
    assertThat(ownHistory.json().get("messages")).hasSize(2);
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
    deleteViewKeys(legacyId);
    String ancientId = SessionIds.newId(Clock.fixed(Instant.ofEpochMilli(1), ZoneOffset.UTC)).toString();

    assertProblem(owner.get(session(legacyId)), 404, "session-not-found");
    assertProblem(owner.get(session(ancientId)), 404, "session-not-found");
    assertProblem(owner.get(session(ancientId)), 404, "session-not-found");
    assertThat(harness.redis().exists(harness.keys().session(legacyId))).isFalse();
  }
}
