package io.chatrelay.edge;

import static io.chatrelay.edge.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.ChatEventSerde;
import io.chatrelay.events.SessionCreated;
import io.chatrelay.events.SessionDeleted;
import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import io.chatrelay.testing.ChatLogTail;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionsApiIT {

  private RelayInfra infra;
  private EdgeHarness harness;

  @BeforeAll
  void start(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra, Map.of("DEFAULT_AGENT_TYPE", "TradeBodyRep"));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void shouldCreateSessionSignInAndPublishSessionCreated() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("alice");

    ApiClient.Response created = browser.post("/api/v1/sessions",
        "{\"userId\":\"" + user + "\",\"metadata\":{\"userAgent\":\"UA/1\",\"ipAddress\":\"10.1.2.3\","
            + "\"agentType\":\"PaymentsEcosystemRep\"}}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).startsWith("application/json");
    JsonNode body = created.json();
    String sessionId = body.get("sessionId").asText();
    assertThat(UUID.fromString(sessionId).toString()).isEqualTo(sessionId);
    assertThat(body.get("status").asText()).isEqualTo("created");
    Instant createdAt = Instant.parse(body.get("createdAt").asText());
    String setCookie = created.header("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("session=").contains("HttpOnly", "SameSite=Lax", "Path=/")
        .doesNotContain("Secure");

    ConsumerRecord<String, ChatEvent> record = ChatLogTail.records(infra.bootstrapServers(), sessionId, 1).get(0);
    assertThat(record.key()).isEqualTo(sessionId);
    assertThat(new String(record.headers().lastHeader(ChatEventSerde.TYPE_HEADER).value(), StandardCharsets.UTF_8))
        .isEqualTo("SessionCreated");
    SessionCreated event = (SessionCreated) record.value();
    assertThat(event.userId()).isEqualTo(user);
    assertThat(event.occurredAt()).isEqualTo(createdAt);
    assertThat(event.metadata().agentType()).isEqualTo(AgentType.PaymentsEcosystemRep);
    assertThat(event.metadata().userAgent()).isEqualTo("UA/1");
    assertThat(event.metadata().ipAddress()).isEqualTo("10.1.2.3");

    JsonNode view = browser.get("/api/v1/sessions/" + sessionId).json();
    assertThat(view.get("id").asText()).isEqualTo(sessionId);
    assertThat(view.get("userId").asText()).isEqualTo(user);
    assertThat(view.get("status").asText()).isEqualTo("active");
    assertThat(view.get("createdAt").asText()).isEqualTo(createdAt.toString());
    assertThat(view.get("updatedAt").asText()).isNotBlank();
    assertThat(view.get("metadata").get("agentType").asText()).isEqualTo("PaymentsEcosystemRep");
    assertThat(view.get("metadata").get("messageCount").asLong()).isZero();
    assertThat(view.get("metadata").get("lastActivity").asText()).isNotBlank();
  }

  @Test
  void shouldSignInAsGuestAndUseConfiguredDefaultAgentType() {
    ApiClient browser = harness.client();

    String sessionId = browser.createSession(null);

    SessionCreated event = (SessionCreated) ChatLogTail.records(infra.bootstrapServers(), sessionId, 1).get(0)
        .value();
    assertThat(event.userId()).startsWith("guest-");
    assertThat(event.metadata().agentType()).isEqualTo(AgentType.TradeBodyRep);
    assertThat(browser.get("/api/v1/sessions/" + sessionId).json().get("userId").asText())
        .isEqualTo(event.userId());
  }

  @Test
  void shouldKeepTheSignedInUserForFurtherSessionsAndRefuseAnotherUserId() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("carol");
    browser.createSession(user);
    String cookie = browser.cookie();

    ApiClient.Response again = browser.post("/api/v1/sessions", "{\"userId\":\"" + user + "\"}");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Set-Cookie")).isEmpty();
    assertThat(browser.cookie()).isEqualTo(cookie);

    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":\"someone-else\"}"), 403, "identity-mismatch");
  }

  @Test
  void shouldListOwnSessionsNewestActivityFirst() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("dave");
    String first = browser.createSession(user);
    String second = browser.createSession(user);
    ApiClient other = harness.client();
    String foreign = other.createSession(infra.uniqueName("erin"));

    assertThat(ids(browser.get("/api/v1/sessions").json())).containsExactly(second, first);

    ApiClient.Response sent = browser.post("/api/v1/sessions/" + first + "/messages", "{\"content\":\"hi\"}");
    assertThat(sent.status()).isEqualTo(200);
    List<String> afterActivity = ids(browser.get("/api/v1/sessions").json());
    assertThat(afterActivity).containsExactly(first, second).doesNotContain(foreign);
  }

  @Test
  void shouldAnswerOtherUsersSessionExactlyLikeAMissingOne() {
    ApiClient owner = harness.client();
    String sessionId = owner.createSession(infra.uniqueName("frank"));
    ApiClient intruder = harness.client();
    intruder.createSession(infra.uniqueName("mallory"));

    ApiClient.Response foreign = intruder.get("/api/v1/sessions/" + sessionId);
    ApiClient.Response missing = intruder.get("/api/v1/sessions/" + UUID.randomUUID());
    ApiClient.Response malformed = intruder.get("/api/v1/sessions/not-a-uuid");

    assertProblem(foreign, 404, "session-not-found");
    assertThat(foreign.body()).isEqualTo(missing.body()).isEqualTo(malformed.body());
    assertProblem(intruder.delete("/api/v1/sessions/" + sessionId), 404, "session-not-found");
    assertProblem(intruder.get("/api/v1/sessions/" + sessionId + "/messages"), 404, "session-not-found");
    assertProblem(intruder.post("/api/v1/sessions/" + sessionId + "/messages", "{\"content\":\"x\"}"), 404,
        "session-not-found");
    assertThat(owner.get("/api/v1/sessions/" + sessionId).status()).isEqualTo(200);
  }

  @Test
  void shouldDeleteSessionPublishSessionDeletedAndThenAnswer404() {
    ApiClient browser = harness.client();
    String user = infra.uniqueName("grace");
    String sessionId = browser.createSession(user);

    ApiClient.Response deleted = browser.delete("/api/v1/sessions/" + sessionId);

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json().get("status").asText()).isEqualTo("deleted");
    assertProblem(browser.get("/api/v1/sessions/" + sessionId), 404, "session-not-found");
    assertProblem(browser.delete("/api/v1/sessions/" + sessionId), 404, "session-not-found");
    assertThat(ids(browser.get("/api/v1/sessions").json())).doesNotContain(sessionId);
    List<ConsumerRecord<String, ChatEvent>> log = ChatLogTail.records(infra.bootstrapServers(), sessionId, 2);
    assertThat(log.get(1).value()).isInstanceOf(SessionDeleted.class);
    assertThat(log.get(1).value().userId()).isEqualTo(user);
    assertThat(new String(log.get(1).headers().lastHeader(ChatEventSerde.TYPE_HEADER).value(),
        StandardCharsets.UTF_8)).isEqualTo("SessionDeleted");
  }

  @Test
  void shouldRefuseInvalidSessionBodies() {
    ApiClient browser = harness.client();

    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":"), 400, "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "[]"), 400, "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":7}"), 400, "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":\"no spaces allowed\"}"), 400, "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "{\"userId\":\"" + "x".repeat(65) + "\"}"), 400,
        "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "{\"metadata\":{\"agentType\":\"Wizard\"}}"), 400,
        "invalid-request");
    assertProblem(browser.post("/api/v1/sessions", "{\"metadata\":[]}"), 400, "invalid-request");
    assertThat(browser.cookie()).as("a refused creation signs no one in").isNull();
  }

  private static List<String> ids(JsonNode listing) {
    return java.util.stream.StreamSupport.stream(listing.get("sessions").spliterator(), false)
        .map(s -> s.get("id").asText()).toList();
  }
}
